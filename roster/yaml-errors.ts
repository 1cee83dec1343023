import type { YAMLError } from 'yaml';
import { sourceTokens } from './source-positions';

/** A problem found before the document has paths: located by its offset in the source. */
export interface OffsetProblem {
  readonly offset: number;
  readonly message: string;
}

/**
 * A yaml package error, worded for a person and pointed where they would fix it:
 * the package reports an unclosed quote or bracket where the file ends, so point
 * at the opening one instead.
 */
export function describeYamlError(e: YAMLError, text: string): OffsetProblem {
  const offset = e.pos[0];
  if (e.code === 'DUPLICATE_KEY') {
    const key = /^[^:\n]*/.exec(text.slice(offset))?.[0].trim().replace(/^["']|["']$/g, '');
    return { offset, message: `yaml syntax: duplicate key "${key}"; each key may appear once in a mapping` };
  }
  if (e.code === 'MULTIPLE_DOCS') {
    const marker = text.startsWith('---', offset) ? 'this second "---"' : 'the "..." above, which ends the document here';
    return { offset, message: `yaml syntax: the roster is one YAML document; remove ${marker}` };
  }
  if (e.code === 'RESOURCE_EXHAUSTION') {
    return { offset, message: 'yaml syntax: nested too deeply to read; a roster is at most five levels deep, so a bracket or an indent is likely wrong' };
  }
  if (e.code === 'MISSING_CHAR' && /quote/i.test(e.message)) {
    const start = lastOpening(text, offset, (token) => token.startsWith('"') || token.startsWith("'"));
    if (start !== undefined) return { offset: start, message: `yaml syntax: string is never closed: add the closing ${text[start]}` };
  }
  if (/flow (sequence|mapping)|end with a [\]}]/i.test(e.message)) {
    const start = lastOpening(text, offset, (token) => token === '[' || token === '{');
    if (start !== undefined) {
      return { offset: start, message: `yaml syntax: ${text[start]} is never closed: add the closing ${text[start] === '[' ? ']' : '}'}` };
    }
  }
  return { offset, message: `yaml syntax: ${firstLine(e.message)}` };
}

function firstLine(message: string): string {
  const line = message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
  return line.charAt(0).toLowerCase() + line.slice(1);
}

/** Offset of the last token before `before` that matches, or undefined. */
function lastOpening(text: string, before: number, matches: (token: string) => boolean): number | undefined {
  let found: number | undefined;
  for (const token of sourceTokens(text)) {
    if (token.offset >= before) break;
    if (matches(token.source)) found = token.offset;
  }
  return found;
}
