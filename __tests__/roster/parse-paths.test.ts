/**
 * One grammar reads the roster: YAML 1.2 with the core schema. Validity and
 * positions come from the same parse, so a roster cannot validate under one
 * reading and be synthesized under another. (There used to be a fast js-yaml
 * path for valid rosters and the yaml package for positions; they disagreed.)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RosterError, parseRoster } from '../../roster';

const ROOT = join(__dirname, '..', '..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

/** The person's `field` as read, or the problems as `line:col: message`. */
function readField(field: 'employeeId' | 'admin', scalar: string): unknown {
  const fields: Record<string, string> = { name: 'Ann Lee', employeeId: '"7"', team: 'data', [field]: scalar };
  const person = Object.entries(fields).map(([key, value], i) => `${i === 0 ? '  - ' : '    '}${key}: ${value}`).join('\n');
  const text = `settings:\n  accountId: "123456789012"\n  naming: first_last\nteams:\n  data: {}\npeople:\n${person}\n`;
  try {
    return parseRoster(text, 'f').people[0][field];
  } catch (err) {
    if (!(err instanceof RosterError)) throw err;
    return err.problems.map((p) => `${p.line}:${p.col}: ${p.message}`);
  }
}

describe('one YAML grammar', () => {
  test.each(['users.yaml', '__tests__/roster/fixtures/yaml-features.yaml', '__tests__/roster/fixtures/accented-names.yaml'])('%s is a valid roster', (path) => {
    expect(parseRoster(read(path), path).people.length).toBeGreaterThan(0);
  });

  test('the YAML features fixture means what a person expects', () => {
    const roster = parseRoster(read('__tests__/roster/fixtures/yaml-features.yaml'), 'f');
    expect(roster.teams.network).toEqual(roster.teams.platform);
    expect(roster.teams.platform.description).toBe('Runs the shared platform');
    expect(roster.roles['platform-operator']).toMatchObject({ description: 'Operate the platform', maxSessionHours: 2 });
    expect(roster.people.map((p) => [p.employeeId, p.username, p.admin, p.console])).toEqual([
      ['0012', 'Ana_Cruz', true, true],
      ['E-1000', 'Conor_ONeill', false, false],
      ['1004', 'Zoe_Orsted', false, true],
    ]);
    expect(roster.people[2].pgpKey).toBe('mQENBFx\nAAAA==\n');
  });

  const id = (value: string, why: string) => [`8:17: people[0].employeeId: ${why}, got ${value}`];
  const idPattern = 'must be letters, digits and "-", at most 32 characters';
  // Scalars whose type differs between YAML 1.1 and 1.2, or between the parsers this repository used to run.
  const employeeIds: [string, unknown][] = [
    ['1_000', id('string "1_000"', idPattern)],
    ['3_600', id('string "3_600"', idPattern)],
    ['0o17', ['8:17: people[0].employeeId: expected a string, got number 15 (quote it: "0o17")']],
    ['010', ['8:17: people[0].employeeId: expected a string, got number 10 (quote it: "010")']],
    ['007', ['8:17: people[0].employeeId: expected a string, got number 7 (quote it: "007")']],
    ['0x1F', ['8:17: people[0].employeeId: expected a string, got number 31 (quote it: "0x1F")']],
    ['1e3', ['8:17: people[0].employeeId: expected a string, got number 1000 (quote it: "1e3")']],
    ['.5', ['8:17: people[0].employeeId: expected a string, got number 0.5 (quote it: ".5")']],
    ['.inf', ['8:17: people[0].employeeId: expected a string, got number Infinity (quote it: ".inf")']],
    ['TRUE', ['8:17: people[0].employeeId: expected a string, got boolean true (quote it: "TRUE")']],
    ['Null', ['8:17: people[0].employeeId: expected a string, got null']],
    ['~', ['8:17: people[0].employeeId: expected a string, got null']],
    ['12:30:00', id('string "12:30:00"', idPattern)],
    ["'a''b'", id('string "a\'b"', idPattern)],
    ['!!str 12', ['8:17: yaml: tag "!!str" is not used in the roster; remove it, and quote the value if it must stay text']],
    // Text in YAML 1.2: no binary integers, no timestamps, no yes/on booleans.
    ['0b101', '0b101'],
    ['0b1100', '0b1100'],
    ['2024-01-01', '2024-01-01'],
    ['yes', 'yes'],
    ['on', 'on'],
  ];
  test.each(employeeIds)('employeeId: %s has one reading', (scalar, expected) => {
    expect(readField('employeeId', scalar)).toEqual(expected);
  });

  const admins: [string, unknown][] = [
    ['true', true],
    ['True', true],
    ['TRUE', true],
    ['False', false],
    ['yes', ['10:12: people[0].admin: expected true or false, got string "yes"']],
    ['on', ['10:12: people[0].admin: expected true or false, got string "on"']],
    ['y', ['10:12: people[0].admin: expected true or false, got string "y"']],
    ['1', ['10:12: people[0].admin: expected true or false, got number 1']],
    ['0b1', ['10:12: people[0].admin: expected true or false, got string "0b1"']],
  ];
  test.each(admins)('admin: %s has one reading', (scalar, expected) => {
    expect(readField('admin', scalar)).toEqual(expected);
  });
});
