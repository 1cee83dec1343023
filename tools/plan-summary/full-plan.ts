/**
 * The full plan, folded under the summary: each resource change as diff lines,
 * sensitive values hidden, cut to what fits a GitHub comment. Inside a fenced
 * code block nothing renders as Markdown, mentions or HTML.
 */
import type { ResourceChange } from './plan-json';

const KIND_SYMBOL: Record<string, string> = { create: '+', delete: '-', update: '~', replace: '-/+' };
const KIND_WORDS: Record<string, string> = { create: 'create', delete: 'delete', update: 'update in place', replace: 'replace (delete, then create)' };

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Leaf attribute values by dotted path, with sensitive values hidden and unknown ones marked. */
function flatten(value: unknown, sensitive: unknown, unknown: unknown, prefix = '', out = new Map<string, string>()): Map<string, string> {
  if (sensitive === true) {
    out.set(prefix, '(sensitive)');
    return out;
  }
  if (unknown === true) {
    out.set(prefix, '(known after apply)');
    return out;
  }
  const child = (mask: unknown, key: string | number) => (mask && typeof mask === 'object' ? (mask as Record<string | number, unknown>)[key] : undefined);
  if (Array.isArray(value)) {
    const hidden = value.some((_, i) => child(sensitive, i) === true || child(unknown, i) === true);
    if (!hidden && value.every((v) => v === null || typeof v !== 'object')) {
      out.set(prefix, JSON.stringify(value));
      return out;
    }
    value.forEach((v, i) => flatten(v, child(sensitive, i), child(unknown, i), `${prefix}[${i}]`, out));
    return out;
  }
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) flatten(v, child(sensitive, k), child(unknown, k), prefix ? `${prefix}.${k}` : k, out);
    // Attributes unknown until apply are absent from `after`.
    if (unknown && typeof unknown === 'object' && !Array.isArray(unknown)) {
      for (const [k, u] of Object.entries(unknown)) if (u === true && !(k in value)) out.set(prefix ? `${prefix}.${k}` : k, '(known after apply)');
    }
    return out;
  }
  if (value === null || value === undefined) return out;
  out.set(prefix, JSON.stringify(value));
  return out;
}

const SKIPPED_ATTRIBUTES = /^(tags_all(\.|$)|id$|arn$|unique_id$|create_date$)/;

/** One resource change as diff lines: "+" added values, "-" removed, both for an update. */
export function changeLines(c: ResourceChange): string[] {
  const lines = [`${KIND_SYMBOL[c.kind] ?? '?'} ${c.address}  (${KIND_WORDS[c.kind] ?? c.kind}${c.reason ? `: ${c.reason}` : ''})`];
  const before = flatten(c.before, c.beforeSensitive, undefined);
  const after = flatten(c.after, c.afterSensitive, c.afterUnknown);
  if (c.kind === 'delete') {
    const name = before.get('name') ?? before.get('user');
    if (name) lines.push(`-     name: ${name}`);
    return lines;
  }
  const keys = [...new Set([...before.keys(), ...after.keys()])].filter((k) => !SKIPPED_ATTRIBUTES.test(k)).sort();
  for (const k of keys) {
    const b = before.get(k);
    const a = after.get(k);
    if (c.kind === 'create') {
      if (a !== undefined) lines.push(`+     ${k}: ${a}`);
    } else if (a !== b) {
      if (b !== undefined) lines.push(`-     ${k}: ${b}`);
      if (a !== undefined) lines.push(`+     ${k}: ${a}`);
    }
  }
  return lines;
}

/** The full plan as a folded diff, cut to fit budget characters. */
export function detailsSection(changes: readonly ResourceChange[], budget: number): string {
  if (changes.length === 0) return '';
  const open = `<details><summary>Full plan (${plural(changes.length, 'resource change')})</summary>\n\n\`\`\`diff\n`;
  const close = '```\n\n</details>\n';
  const lines = changes.flatMap(changeLines).map((l) => l.replace(/```/g, "'''"));
  const note = (n: number) => `... truncated: ${plural(n, 'more line')} not shown to fit a GitHub comment; run \`npm run plan\` for the full plan\n`;
  let body = '';
  const room = budget - open.length - close.length;
  for (let i = 0; i < lines.length; i++) {
    const line = `${lines[i]}\n`;
    if (body.length + line.length + note(lines.length).length > room) {
      body += note(lines.length - i);
      return open + body + close;
    }
    body += line;
  }
  return open + body + close;
}
