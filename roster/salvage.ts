import type { z } from 'zod';
import { AccountSchema, PersonSchema, RoleSchema, SettingsSchema, TeamSchema } from './schema';
import { closestKey } from './suggest';
import type { PartialRosterDocument, PathProblem } from './validate';

/**
 * What of a roster that fails the schema can still be read, so the cross-entry
 * checks (duplicate IDs, unknown teams, colliding usernames) run alongside the
 * schema problems and a person learns of every problem in one pass.
 */

/**
 * Stands in for a required field that does not parse. Text rules refuse control
 * characters in every roster string, so no real value holds it, and a cross-entry
 * problem that mentions it was caused by salvage, not by the roster.
 */
const STAND_IN = '\u0000';

export function causedBySalvage(problem: PathProblem): boolean {
  return problem.message.includes(STAND_IN);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * An entry read field by field: each field that parses is kept, a misspelt key stands
 * in for the field it suggests when that field is absent ("naem" for "name"), a field
 * that does not parse takes its default, and a required one takes `fallback`'s value.
 */
function salvage<T>(schema: z.ZodObject, value: unknown, fallback: Readonly<Record<string, unknown>>): T | undefined {
  if (!isRecord(value)) return undefined;
  const whole = schema.safeParse(value);
  if (whole.success) return whole.data as T;
  const shape = schema.shape as Record<string, z.ZodType>;
  const fields = Object.keys(shape);
  const given = new Map(Object.entries(value).filter(([key]) => Object.hasOwn(shape, key)));
  for (const [key, field] of Object.entries(value)) {
    const meant = Object.hasOwn(shape, key) ? undefined : closestKey(key, fields);
    if (meant !== undefined && !given.has(meant)) given.set(meant, field);
  }
  const entry: Record<string, unknown> = {};
  for (const field of fields) {
    const parsed = shape[field].safeParse(given.get(field));
    const absent = parsed.success ? parsed : shape[field].safeParse(undefined);
    entry[field] = absent.success ? absent.data : fallback[field];
  }
  return entry as T;
}

/** The parts of a roster that can be read, for cross-entry checks alongside schema problems. */
export function partialDocument(data: unknown): PartialRosterDocument {
  const root = isRecord(data) ? data : {};
  const settings = salvage<z.output<typeof SettingsSchema>>(SettingsSchema, root.settings, { accountId: STAND_IN });
  const entries = <T>(value: unknown, schema: z.ZodObject, fallback: Readonly<Record<string, unknown>>): Record<string, T> =>
    isRecord(value) ? Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, salvage<T>(schema, entry, fallback) ?? (fallback as T)])) : {};
  return {
    // Without a naming standard no username can be derived, so the username checks are skipped.
    settings: settings?.naming === undefined ? undefined : settings,
    accounts: entries(root.accounts, AccountSchema, { id: STAND_IN }),
    teams: entries(root.teams, TeamSchema, { roles: [] }),
    roles: entries(root.roles, RoleSchema, { description: '', managedPolicyArns: [], maxSessionHours: 1 }),
    // Each person's stand-ins are their own, so two salvaged people never share an employee ID.
    people: Array.isArray(root.people)
      ? root.people.map((person, i) => salvage(PersonSchema, person, { name: `${STAND_IN}${i}`, employeeId: `${STAND_IN}${i}`, team: `${STAND_IN}${i}` }))
      : [],
  };
}
