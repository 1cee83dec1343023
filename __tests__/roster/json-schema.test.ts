/**
 * The published JSON Schema is what editors use to complete and flag users.yaml:
 * it must match the zod schema that validates the roster, and flag the same typos.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { JSON_SCHEMA_FILE, rosterJsonSchemaText } from '../../roster/json-schema';

const ROOT = join(__dirname, '..', '..');
const USERS_YAML = join(ROOT, 'users.yaml');
const committed = readFileSync(join(ROOT, JSON_SCHEMA_FILE), 'utf8');
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(JSON.parse(committed));

const example = () => parse(readFileSync(USERS_YAML, 'utf8')) as { settings: Record<string, unknown>; people: Record<string, unknown>[] };
const errorsOf = (data: unknown) => {
  validate(data);
  return (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}${e.params && 'additionalProperty' in e.params ? ` ${e.params.additionalProperty}` : ''}`);
};

describe('the roster JSON Schema', () => {
  test('the committed schema is the one generated from roster/schema.ts (run npm run schema when this fails)', () => {
    expect(committed).toBe(rosterJsonSchemaText());
  });

  test('users.yaml points its yaml-language-server modeline at the schema file', () => {
    const firstLine = readFileSync(USERS_YAML, 'utf8').split('\n')[0];
    const match = /^# yaml-language-server: \$schema=(\S+)$/.exec(firstLine);
    expect(match).not.toBeNull();
    expect(resolve(dirname(USERS_YAML), match![1])).toBe(join(ROOT, JSON_SCHEMA_FILE));
  });

  test('accepts the example roster', () => {
    expect(errorsOf(example())).toEqual([]);
  });

  test('accepts a roster with member accounts, roles placed in accounts and grants in named accounts (examples/organization.yaml)', () => {
    expect(errorsOf(parse(readFileSync(join(ROOT, 'examples', 'organization.yaml'), 'utf8')))).toEqual([]);
  });

  test('flags an unquoted member account ID and a grant in named accounts without its accounts', () => {
    const roster = parse(readFileSync(join(ROOT, 'examples', 'organization.yaml'), 'utf8'));
    roster.accounts.prod.id = 222222222222;
    roster.teams.data.roles = [{ role: 'database-admin' }];
    expect(errorsOf(roster)).toEqual(
      expect.arrayContaining(['/accounts/prod/id must be string', "/teams/data/roles/0 must have required property 'accounts'"]),
    );
  });

  test('fields with defaults are optional, as a person writes them', () => {
    const roster = example();
    roster.people = [{ name: 'Ann Lee', employeeId: '2001', team: 'data' }];
    expect(errorsOf(roster)).toEqual([]);
  });

  test('flags a misspelt key, a number where a quoted string belongs and an unknown naming standard', () => {
    const roster = example();
    roster.people[0] = { naem: 'John Smith', employeeId: 1001, team: 'platform' };
    roster.settings.naming = 'last-first';
    expect(errorsOf(roster)).toEqual([
      '/settings/naming must be equal to one of the allowed values',
      "/people/0 must have required property 'name'",
      '/people/0 must NOT have additional properties naem',
      '/people/0/employeeId must be string',
    ]);
  });
});
