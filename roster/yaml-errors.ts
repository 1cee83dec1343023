import type { YAMLError } from 'yaml';
import { sourceTokens } from './source-positions';

/** A problem found before the document has paths: located by its offset in the source. */
export interface OffsetProblem {
  readonly offset: number;
  readonly message: string;
}

/** A second YAML document, starting at `offset`. */
export function secondDocumentProblem(offset: number, text: string): OffsetProblem {
  const marker = text.startsWith('---', offset) ? 'this second "---"' : 'the "..." above, which ends the document here';
  return { offset, message: `yaml syntax: the roster is one YAML document; remove ${marker}` };
}

/**
 * The yaml package's errors as problems. An under-indented continuation explains the
 * errors after it (the package reads the lines that follow as misplaced keys), so it
 * is reported alone with what comes before it.
 */
export function describeYamlErrors(errors: readonly YAMLError[], text: string): OffsetProblem[] {
  const problems: OffsetProblem[] = [];
  for (const error of errors) {
    const problem = describeYamlError(error, text);
    problems.push(problem);
    if (problem.message.includes(CONTINUATION)) break;
  }
  return problems;
}

const CONTINUATION = 'is not indented past';

/**
 * A yaml package error, worded for a person and pointed where they would fix it:
 * the package reports an unclosed quote or bracket where the file ends, so point
 * at the opening one instead.
 */
function describeYamlError(e: YAMLError, text: string): OffsetProblem {
  const offset = e.pos[0];
  if (e.code === 'DUPLICATE_KEY') {
    const key = /^[^:\n]*/.exec(text.slice(offset))?.[0].trim().replace(/^["']|["']$/g, '');
    return { offset, message: `yaml syntax: duplicate key "${key}"; each key may appear once in a mapping` };
  }
  if (e.code === 'RESOURCE_EXHAUSTION') {
    return { offset, message: 'yaml syntax: nested too deeply to read; a roster is at most five levels deep, so a bracket or an indent is likely wrong' };
  }
  if (e.code === 'MISSING_CHAR' && /quote/i.test(e.message)) {
    const start = lastOpening(text, offset, (token) => token.startsWith('"') || token.startsWith("'"));
    const continued = start === undefined ? undefined : underIndented(text, start, 'quoted text');
    if (continued) return continued;
    if (start !== undefined) return { offset: start, message: `yaml syntax: string is never closed: add the closing ${text[start]}` };
  }
  if (/flow (sequence|mapping)|end with a [\]}]/i.test(e.message)) {
    const start = lastOpening(text, offset, (token) => token === '[' || token === '{');
    const continued = start === undefined ? undefined : underIndented(text, start, text[start] === '[' ? 'list' : 'mapping');
    if (continued) return continued;
    if (start !== undefined) {
      return { offset: start, message: `yaml syntax: ${text[start]} is never closed: add the closing ${text[start] === '[' ? ']' : '}'}` };
    }
  }
  return { offset, message: `yaml syntax: ${firstLine(e.message)}` };
}

/** The first line of a yaml package message, without its position, starting lower-case. */
export function firstLine(message: string): string {
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

/**
 * A quoted string or bracketed list opened at `start` and continued on the next line
 * with no more indent than its key ("name" in "  - name: [a,"): YAML 1.2 ends the value
 * at that line, so the package reports it unclosed. The next line is a continuation
 * when it closes what was opened (an odd number of quotes, more closing brackets).
 */
function underIndented(text: string, start: number, what: string): OffsetProblem | undefined {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const keyIndent = /^[ ]*(?:-[ ]+)*/.exec(text.slice(lineStart, start))![0].length;
  const nextLine = text.indexOf('\n', start) + 1;
  if (nextLine === 0) return undefined;
  const line = text.slice(nextLine, text.indexOf('\n', nextLine) === -1 ? undefined : text.indexOf('\n', nextLine));
  const indent = /^[ ]*/.exec(line)![0].length;
  const opener = text[start];
  const count = (chars: RegExp) => (line.match(chars) ?? []).length;
  const closes = opener === '[' || opener === '{' ? count(opener === '[' ? /\]/g : /\}/g) > count(opener === '[' ? /\[/g : /\{/g) : count(new RegExp(opener, 'g')) % 2 === 1;
  if (indent > keyIndent || !closes) return undefined;
  return {
    offset: nextLine + indent,
    message: `yaml syntax: this line continues the ${what} opened with ${opener} above, but ${CONTINUATION} its key (column ${keyIndent + 1}); indent it further or keep the value on one line`,
  };
}
