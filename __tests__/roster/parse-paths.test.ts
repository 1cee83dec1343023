/**
 * A valid roster is read by a fast parser without positions; anything else goes
 * through the position-tracking parser. They must never disagree on a roster the
 * fast one accepts, or a deploy could differ from what validation reported.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseRosterWithPositions, parseValidRosterFast } from '../../roster/load';

const ROOT = join(__dirname, '..', '..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

describe('fast and position-tracking roster parsing', () => {
  test.each(['users.yaml', '__tests__/roster/fixtures/yaml-features.yaml', '__tests__/roster/fixtures/accented-names.yaml'])(
    'both read %s to the same roster',
    (path) => {
      const fast = parseValidRosterFast(read(path), path);
      expect(fast).toBeDefined();
      expect(fast).toEqual(parseRosterWithPositions(read(path), path));
    },
  );

  test('the YAML features fixture means what a person expects', () => {
    const roster = parseValidRosterFast(read('__tests__/roster/fixtures/yaml-features.yaml'), 'f')!;
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

  test('a broken roster is declined by the fast parser, so its problems get positions', () => {
    expect(parseValidRosterFast(read('__tests__/roster/fixtures/unknown-team.yaml'), 'f')).toBeUndefined();
    expect(parseValidRosterFast(read('__tests__/roster/fixtures/yaml-duplicate-key.yaml'), 'f')).toBeUndefined();
  });

  // Scalars whose type differs between YAML 1.1 and 1.2 or between parsers.
  const tricky = ['1_000', '0o17', '010', '0x1F', '2024-01-01', '!!str 12', '1e3', '.5', '.inf', 'yes', 'on', 'Null', '~', 'TRUE', 'False', '0b101', '12:30:00', "'a''b'"];
  test.each(['employeeId', 'name', 'username', 'admin', 'console'])('tricky scalars in %s are either declined by the fast parser or read identically', (field) => {
    let accepted = 0;
    for (const scalar of tricky) {
      const fields: Record<string, string> = { name: 'Ann Lee', employeeId: '"7"', team: 'data', [field]: scalar };
      const person = Object.entries(fields).map(([key, value], i) => `${i === 0 ? '  - ' : '    '}${key}: ${value}`).join('\n');
      const text = `settings:\n  accountId: "123456789012"\n  naming: first_last\nteams:\n  data: {}\npeople:\n${person}\n`;
      const fast = parseValidRosterFast(text, 'f');
      if (fast === undefined) continue;
      accepted++;
      expect([scalar, fast]).toEqual([scalar, parseRosterWithPositions(text, 'f')]);
    }
    // The sweep must exercise the fast path, or it proves nothing.
    expect(accepted).toBeGreaterThan(0);
  });
});
