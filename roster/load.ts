import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { Document, LineCounter, isMap, isNode, isPair, isScalar, isSeq, parseDocument } from 'yaml';
import type { z } from 'zod';
import type { Roster } from './model';
import { PersonSchema, RoleSchema, RosterSchema, SecurityContactSchema, SettingsSchema, TeamSchema } from './schema';
import { type PathProblem, type RosterPath, validateDocument } from './validate';

export const DEFAULT_ROSTER_FILE = 'users.yaml';

/** A problem located in the roster file, printed as `file:line:col: message`. */
export interface RosterProblem {
  readonly file: string;
  readonly line: number;
  readonly col: number;
  readonly message: string;
}

export function formatProblem(p: RosterProblem): string {
  return `${p.file}:${p.line}:${p.col}: ${p.message}`;
}

/** Thrown when a roster is invalid; carries every problem found, in file order. */
export class RosterError extends Error {
  constructor(readonly problems: readonly RosterProblem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'RosterError';
  }
}

/** The roster file named by ROSTER_FILE, or users.yaml. */
export function rosterFileFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  return env.ROSTER_FILE || DEFAULT_ROSTER_FILE;
}

export function loadRosterFile(file: string): Roster {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found (set ROSTER_FILE to the roster path)' : (err as Error).message;
    throw new RosterError([{ file: displayName(file), line: 1, col: 1, message: reason }]);
  }
  return parseRoster(text, displayName(file));
}

function displayName(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel && !rel.startsWith('..') ? rel : file;
}

/** Parse and validate roster text; throws RosterError listing every problem. */
export function parseRoster(text: string, file = DEFAULT_ROSTER_FILE): Roster {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const locate = (offset: number) => lineCounter.linePos(offset);

  if (doc.errors.length > 0) {
    throw new RosterError(
      doc.errors.map((e) => {
        const { line, col } = locate(e.pos[0]);
        return { file, line, col, message: `yaml syntax: ${firstLine(e.message)}` };
      }),
    );
  }

  const at = (p: PathProblem): RosterProblem => {
    const offset = offsetOf(doc, p.path, p.atKey ?? false);
    const { line, col } = locate(offset);
    return { file, line, col, message: p.message };
  };

  const data = doc.toJS();
  const parsed = RosterSchema.safeParse(data ?? {}, { reportInput: true });
  if (!parsed.success) {
    const problems = parsed.error.issues.flatMap((issue) => describeIssue(issue, data)).map(at);
    throw new RosterError(sortProblems(problems));
  }
  const { problems, people } = validateDocument(parsed.data);
  if (problems.length > 0) throw new RosterError(sortProblems(problems.map(at)));
  return { file, settings: parsed.data.settings, teams: parsed.data.teams, roles: parsed.data.roles, people };
}

function firstLine(message: string): string {
  const line = message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
  return line.charAt(0).toLowerCase() + line.slice(1);
}

function sortProblems(problems: RosterProblem[]): RosterProblem[] {
  return [...problems].sort((a, b) => a.line - b.line || a.col - b.col);
}

/** people[3].team, teams.network.roles[0] */
export function formatPath(path: RosterPath): string {
  return path.map((seg, i) => (typeof seg === 'number' ? `[${seg}]` : i === 0 ? seg : `.${seg}`)).join('') || '(document)';
}

/** The allowed keys of the object at a path, for "unknown key" messages. */
function knownKeys(path: RosterPath): string[] {
  const shape = (s: z.ZodObject) => Object.keys(s.shape);
  if (path.length === 0) return shape(RosterSchema);
  const [head] = path;
  if (head === 'settings') return path.length === 1 ? shape(SettingsSchema) : shape(SecurityContactSchema);
  if (head === 'people') return shape(PersonSchema);
  if (head === 'teams') return shape(TeamSchema);
  if (head === 'roles') return shape(RoleSchema);
  return [];
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${JSON.stringify(value)}`;
}

function valueAt(data: unknown, path: RosterPath): unknown {
  return path.reduce<unknown>((v, seg) => (v != null && typeof v === 'object' ? (v as Record<string | number, unknown>)[seg] : undefined), data);
}

/** A zod issue as one or more lower-case messages that show the bad value and what is accepted. */
function describeIssue(issue: z.core.$ZodIssue, data: unknown): PathProblem[] {
  const path = issue.path as RosterPath;
  const where = formatPath(path);
  switch (issue.code) {
    case 'unrecognized_keys': {
      const keys = knownKeys(path);
      return issue.keys.map((key) => ({
        path: [...path, key],
        atKey: true,
        message: `${where === '(document)' ? '' : `${where}: `}unknown key "${key}"${suggest(key, keys)} (known: ${keys.join(', ')})`,
      }));
    }
    case 'invalid_type': {
      const value = valueAt(data, path);
      if (value === undefined) {
        const parentMissing = path.length > 1 && valueAt(data, path.slice(0, -1)) === undefined;
        return parentMissing ? [] : [{ path: path.slice(0, -1), message: `${where}: missing required field "${path[path.length - 1]}"` }];
      }
      const hint = issue.expected === 'string' && (typeof value === 'number' || typeof value === 'boolean') ? ` (quote it: "${String(value)}")` : '';
      return [{ path, message: `${where}: expected ${article(issue.expected)}, got ${describeValue(value)}${hint}` }];
    }
    case 'invalid_value':
      return [{ path, message: `${where}: unknown value ${JSON.stringify(valueAt(data, path))} (known: ${issue.values.map(String).join(', ')})` }];
    case 'invalid_key':
      return [{ path, atKey: true, message: `${where}: name ${JSON.stringify(path[path.length - 1])} ${issue.issues[0]?.message ?? 'is not allowed'}` }];
    case 'too_small':
    case 'too_big':
    case 'invalid_format':
    case 'not_multiple_of':
    case 'custom':
    default:
      return [{ path, message: `${where}: ${lowerFirst(customMessage(issue))}, got ${describeValue(valueAt(data, path))}` }];
  }
}

function customMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === 'too_small' && issue.origin === 'array') return `needs at least ${issue.minimum} entr${Number(issue.minimum) === 1 ? 'y' : 'ies'}`;
  if (issue.code === 'too_small' && issue.origin === 'string') return 'must not be empty';
  if (issue.code === 'too_small') return `must be at least ${issue.minimum}`;
  if (issue.code === 'too_big') return `must be at most ${issue.maximum}`;
  if (issue.code === 'invalid_format' && issue.format === 'email') return 'must be an email address';
  return issue.message;
}

function article(expected: string): string {
  const names: Record<string, string> = { object: 'a mapping', array: 'a list', string: 'a string', number: 'a number', boolean: 'true or false', int: 'a whole number' };
  return names[expected] ?? expected;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/** A close known key for a typo: "naem" -> did you mean "name"? */
function suggest(key: string, keys: readonly string[]): string {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of keys) {
    const d = editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best !== undefined && bestDistance <= Math.max(1, Math.floor(best.length / 3)) ? `; did you mean "${best}"?` : '';
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length];
}

/** Offset of the node at path; falls back to the nearest existing ancestor. */
function offsetOf(doc: Document, path: RosterPath, atKey: boolean): number {
  let node: unknown = doc.contents;
  let offset = rangeStart(node) ?? 0;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(seg));
      if (!pair) break;
      if (atKey && i === path.length - 1) return rangeStart(pair.key) ?? offset;
      node = pair.value;
      offset = rangeStart(pair.value) ?? rangeStart(pair.key) ?? offset;
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg];
      if (item === undefined) break;
      node = item;
      offset = rangeStart(item) ?? offset;
    } else {
      break;
    }
  }
  return offset;
}

function rangeStart(node: unknown): number | undefined {
  return isNode(node) && node.range ? node.range[0] : undefined;
}
