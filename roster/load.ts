import { readFileSync } from 'node:fs';
import { CORE_SCHEMA, load as loadYamlFast } from 'js-yaml';
import { relative } from 'node:path';
import { Document, Lexer, LineCounter, type YAMLError, isMap, isNode, isPair, isScalar, isSeq, parseDocument } from 'yaml';
import type { z } from 'zod';
import type { Roster } from './model';
import { PersonSchema, RoleSchema, RosterSchema, SecurityContactSchema, SettingsSchema, TeamSchema } from './schema';
import { textProblems } from './text-rules';
import { type PartialRosterDocument, type PathProblem, type RosterPath, validateDocument } from './validate';

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
  return parseValidRosterFast(text, file) ?? parseRosterWithPositions(text, file);
}

/**
 * The common case, a valid roster, without source positions: js-yaml is several
 * times faster than the position-tracking parser (5,000 people validate well under
 * half a second). Anything it cannot parse or that has a problem goes through
 * parseRosterWithPositions, which is authoritative and reports file:line:col.
 */
export function parseValidRosterFast(text: string, file: string): Roster | undefined {
  let data: unknown;
  try {
    // CORE_SCHEMA is YAML 1.2's core schema, as the yaml package uses: no timestamps, no merge keys, "yes" is a string.
    data = loadYamlFast(text, { schema: CORE_SCHEMA });
  } catch {
    return undefined;
  }
  if (textProblems(data).length > 0) return undefined;
  const parsed = RosterSchema.safeParse(data ?? {});
  if (!parsed.success) return undefined;
  const { problems, people } = validateDocument(parsed.data);
  if (problems.length > 0) return undefined;
  return { file, settings: parsed.data.settings, teams: parsed.data.teams, roles: parsed.data.roles, people };
}

/** Parse with source positions and report every problem; returns the roster only when there are none. */
export function parseRosterWithPositions(text: string, file: string): Roster {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const locate = (offset: number) => lineCounter.linePos(offset);

  if (doc.errors.length > 0) {
    throw new RosterError(
      doc.errors.map((e) => {
        const { offset, message } = describeYamlError(e, text);
        const { line, col } = locate(offset);
        return { file, line, col, message: `yaml syntax: ${message}` };
      }),
    );
  }

  const at = (p: PathProblem): RosterProblem => {
    const offset = offsetOf(doc, p.path, p.atKey ?? false);
    const { line, col } = locate(offset);
    return { file, line, col, message: p.message };
  };

  const data: unknown = doc.toJS();
  // Text rules hold for every string, whatever the schema says of its field.
  const textRules = textProblems(data);
  const parsed = RosterSchema.safeParse(data ?? {}, { reportInput: true });
  if (!parsed.success) {
    // Cross-field rules still run on the parts that parsed, so one pass reports everything.
    const schemaProblems = withoutExplainedMissing(parsed.error.issues.flatMap((issue) => describeIssue(issue, data)));
    const crossField = validateDocument(partialDocument(data)).problems;
    throw new RosterError(sortProblems([...textRules, ...schemaProblems, ...crossField].map(at)));
  }
  const { problems, people } = validateDocument(parsed.data);
  if (problems.length + textRules.length > 0) throw new RosterError(sortProblems([...textRules, ...problems].map(at)));
  return { file, settings: parsed.data.settings, teams: parsed.data.teams, roles: parsed.data.roles, people };
}

function firstLine(message: string): string {
  const line = message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
  return line.charAt(0).toLowerCase() + line.slice(1);
}

/**
 * A YAML error pointed where a person would fix it: the yaml library reports an
 * unclosed quote or bracket where the file ends, so point at the opening one instead.
 */
function describeYamlError(e: YAMLError, text: string): { offset: number; message: string } {
  const offset = e.pos[0];
  if (e.code === 'DUPLICATE_KEY') {
    const key = /^[^:\n]*/.exec(text.slice(offset))?.[0].trim().replace(/^["']|["']$/g, '');
    return { offset, message: `duplicate key "${key}"; each key may appear once in a mapping` };
  }
  if (e.code === 'MISSING_CHAR' && /quote/i.test(e.message)) {
    const start = lastOpening(text, offset, (token) => token.startsWith('"') || token.startsWith("'"));
    if (start !== undefined) return { offset: start, message: `string is never closed: add the closing ${text[start]}` };
  }
  if (/flow (sequence|mapping)|end with a [\]}]/i.test(e.message)) {
    const start = lastOpening(text, offset, (token) => token === '[' || token === '{');
    if (start !== undefined) return { offset: start, message: `${text[start]} is never closed: add the closing ${text[start] === '[' ? ']' : '}'}` };
  }
  return { offset, message: firstLine(e.message) };
}

/** Offset of the last lexer token before `before` that matches, or undefined. */
function lastOpening(text: string, before: number, matches: (token: string) => boolean): number | undefined {
  let offset = 0;
  let found: number | undefined;
  for (const token of new Lexer().lex(text)) {
    // The lexer emits zero-width control markers (document, scalar, flow-error) that are not source text.
    if (token.length === 1 && token < ' ' && token !== '\n' && token !== '\t') continue;
    if (offset >= before) break;
    if (matches(token)) found = offset;
    offset += token.length;
  }
  return found;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The entries of a mapping that pass their schema; invalid ones keep their name with a fallback value. */
function parsedEntries<T>(value: unknown, schema: z.ZodType<T>, fallback: T): Record<string, T> {
  if (!isRecord(value)) return {};
  return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, schema.safeParse(entry).data ?? fallback]));
}

/** The parts of a roster that passed the schema, for cross-field checks alongside schema problems. */
function partialDocument(data: unknown): PartialRosterDocument {
  const root = isRecord(data) ? data : {};
  return {
    settings: SettingsSchema.safeParse(root.settings).data,
    teams: parsedEntries(root.teams, TeamSchema, { roles: [] }),
    roles: parsedEntries(root.roles, RoleSchema, { description: '', managedPolicyArns: [], maxSessionHours: 1 }),
    people: Array.isArray(root.people) ? root.people.map((person) => PersonSchema.safeParse(person).data) : [],
  };
}

interface SchemaProblem extends PathProblem {
  /** Set on "missing required field" problems: the field. */
  readonly missing?: string;
  /** Set on "unknown key" problems that suggest a known key. */
  readonly suggested?: string;
}

/** "naem" suggesting "name" already explains why "name" is missing; say it once. */
function withoutExplainedMissing(problems: SchemaProblem[]): PathProblem[] {
  const explained = new Set(problems.filter((p) => p.suggested).map((p) => `${formatPath(p.path.slice(0, -1))}|${p.suggested}`));
  return problems.filter((p) => !(p.missing && explained.has(`${formatPath(p.path)}|${p.missing}`)));
}
function sortProblems(problems: RosterProblem[]): RosterProblem[] {
  return [...problems].sort((a, b) => a.line - b.line || a.col - b.col);
}

/** people[3].team, teams.network.roles[0] */
export function formatPath(path: RosterPath): string {
  return path.map((seg, i) => (typeof seg === 'number' ? `[${seg}]` : i === 0 ? seg : `.${seg}`)).join('') || '(document)';
}

/** The schema of the mapping at a path, for "unknown key" and "missing field" messages. */
function objectSchemaAt(path: RosterPath): z.ZodObject | undefined {
  if (path.length === 0) return RosterSchema;
  const [head] = path;
  if (head === 'settings') return path.length === 1 ? SettingsSchema : SecurityContactSchema;
  if (head === 'people') return PersonSchema;
  if (head === 'teams') return TeamSchema;
  if (head === 'roles') return RoleSchema;
  return undefined;
}

/** The allowed keys of the mapping at a path. */
function knownKeys(path: RosterPath): string[] {
  return Object.keys(objectSchemaAt(path)?.shape ?? {});
}

/** The keys the mapping at a path must have. */
function requiredKeys(path: RosterPath): string[] {
  const shape = objectSchemaAt(path)?.shape ?? {};
  return Object.keys(shape).filter((key) => !(shape[key] as z.ZodType).safeParse(undefined).success);
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
function describeIssue(issue: z.core.$ZodIssue, data: unknown): SchemaProblem[] {
  const path = issue.path as RosterPath;
  const where = formatPath(path);
  switch (issue.code) {
    case 'unrecognized_keys': {
      const keys = knownKeys(path);
      return issue.keys.map((key) => {
        const suggested = closestKey(key, keys);
        return {
          path: [...path, key],
          atKey: true,
          suggested,
          message: `${path.length === 0 ? '' : `${where}: `}unknown key "${key}"${suggested ? `; did you mean "${suggested}"?` : ''} (known: ${keys.join(', ')})`,
        };
      });
    }
    case 'invalid_type': {
      const value = valueAt(data, path);
      if (value === undefined) {
        const parentPath = path.slice(0, -1);
        if (path.length > 1 && valueAt(data, parentPath) === undefined) return [];
        const field = String(path[path.length - 1]);
        const required = requiredKeys(parentPath);
        return [
          {
            path: parentPath,
            missing: field,
            message: `${parentPath.length === 0 ? '' : `${formatPath(parentPath)}: `}missing required field "${field}"${required.length > 1 ? ` (required: ${required.join(', ')})` : ''}`,
          },
        ];
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

/** A close known key for a typo ("naem" -> "name", "employeeID" -> "employeeId"), or undefined. */
function closestKey(key: string, keys: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of keys) {
    const d = editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best !== undefined && bestDistance <= Math.max(1, Math.floor(best.length / 3)) ? best : undefined;
}

/** Edit distance counting a swap of two neighbouring letters as one edit (the commonest typo). */
function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
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
