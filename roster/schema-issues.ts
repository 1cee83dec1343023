import type { z } from 'zod';
import { formatPath } from './problem';
import { AccountSchema, GrantSchema, PersonSchema, RoleSchema, RosterSchema, SecurityContactSchema, SettingsSchema, TeamSchema } from './schema';
import { closestKey } from './suggest';
import type { PathProblem, RosterPath } from './validate';

/** Zod's issues as lower-case messages that show the bad value and say what is accepted. */

interface SchemaProblem extends PathProblem {
  /** Set on "missing required field" problems: the field. */
  readonly missing?: string;
  /** Set on "unknown key" problems that suggest a known key. */
  readonly suggested?: string;
}

/** The source text a value was written as (`007` for a number read as 7), when the value is a scalar. */
export type SourceTextOf = (path: RosterPath) => string | undefined;

export function describeIssues(issues: readonly z.core.$ZodIssue[], data: unknown, sourceTextOf: SourceTextOf): PathProblem[] {
  return withoutExplainedMissing(issues.flatMap((issue) => describeIssue(issue, data, sourceTextOf)));
}

/** "naem" suggesting "name" already explains why "name" is missing; say it once. */
function withoutExplainedMissing(problems: SchemaProblem[]): PathProblem[] {
  const explained = new Set(problems.filter((p) => p.suggested).map((p) => `${formatPath(p.path.slice(0, -1))}|${p.suggested}`));
  return problems.filter((p) => !(p.missing && explained.has(`${formatPath(p.path)}|${p.missing}`)));
}

/** The schema of the mapping at a path, for "unknown key" and "missing field" messages. */
export function objectSchemaAt(path: RosterPath): z.ZodObject | undefined {
  if (path.length === 0) return RosterSchema;
  const [head] = path;
  if (head === 'settings') return path.length === 1 ? SettingsSchema : SecurityContactSchema;
  // people[0] and teams.<name>; their roles[1] is a grant in named accounts.
  if (head === 'people') return path.length <= 2 ? PersonSchema : GrantSchema;
  if (head === 'teams') return path.length <= 2 ? TeamSchema : GrantSchema;
  if (head === 'roles') return RoleSchema;
  if (head === 'accounts') return AccountSchema;
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
  // JSON has no Infinity or NaN (.inf and .nan in YAML).
  if (typeof value === 'number' && !Number.isFinite(value)) return `number ${value}`;
  return `${typeof value} ${JSON.stringify(value)}`;
}

function valueAt(data: unknown, path: RosterPath): unknown {
  return path.reduce<unknown>((v, seg) => (v != null && typeof v === 'object' ? (v as Record<string | number, unknown>)[seg] : undefined), data);
}

function describeIssue(issue: z.core.$ZodIssue, data: unknown, sourceTextOf: SourceTextOf): SchemaProblem[] {
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
      // Quote what was typed: "007" read as a number is 7, and quoting "7" would change the ID.
      const typed = issue.expected === 'string' && (typeof value === 'number' || typeof value === 'boolean') ? (sourceTextOf(path) ?? String(value)) : undefined;
      const hint = typed === undefined ? '' : ` (quote it: ${JSON.stringify(typed)})`;
      return [{ path, message: `${where}: expected ${article(issue.expected)}, got ${describeValue(value)}${hint}` }];
    }
    case 'invalid_value':
      return [{ path, message: `${where}: unknown value ${JSON.stringify(valueAt(data, path))} (known: ${issue.values.map(String).join(', ')})` }];
    case 'invalid_union':
      return describeUnion(issue, path, data, sourceTextOf);
    case 'invalid_key':
      return [{ path, atKey: true, message: `${where}: name ${JSON.stringify(path[path.length - 1])} ${issue.issues[0]?.message ?? 'is not allowed'}` }];
    default:
      return [{ path, message: `${where}: ${lowerFirst(customMessage(issue))}, got ${describeValue(valueAt(data, path))}` }];
  }
}

/**
 * A value that fits no form of a field that has several (a role name, or a mapping naming
 * accounts): described by the one form of its own type, so a mapping's problems are the
 * mapping's; a value of no form's type is "expected a string or a mapping".
 */
function describeUnion(issue: z.core.$ZodIssueInvalidUnion, path: RosterPath, data: unknown, sourceTextOf: SourceTextOf): SchemaProblem[] {
  const sameType = issue.errors.filter((branch) => !branch.some((e) => e.code === 'invalid_type' && e.path.length === 0));
  if (sameType.length === 1) return sameType[0].flatMap((e) => describeIssue({ ...e, path: [...path, ...e.path] } as z.core.$ZodIssue, data, sourceTextOf));
  const expected = issue.errors.flatMap((branch) => branch.flatMap((e) => (e.code === 'invalid_type' && e.path.length === 0 ? [article(e.expected)] : [])));
  return [{ path, message: `${formatPath(path)}: expected ${expected.join(' or ')}, got ${describeValue(valueAt(data, path))}` }];
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
