/** npm run validate and the synth entry point, run as a person runs them. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { synth } from '../../tools/terraform/run';

const ROOT = join(__dirname, '..', '..');
const FIXTURES = join(__dirname, 'fixtures');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

function validateCli(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(TSX, [join(ROOT, 'tools', 'cli', 'validate.ts'), ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('npm run validate', () => {
  test('a valid roster exits 0 and lists each person with username, groups and roles', () => {
    const r = validateCli([], { ROSTER_FILE: '' });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('users.yaml: valid - 6 people (5 active, 1 suspended), 4 teams, 4 roles, naming initial-last');
    expect(lines[1].trim().split(/\s{2,}/).map((s) => s.trim())).toEqual(['employeeId', 'username', 'team', 'groups', 'may assume']);
    expect(lines.find((l) => l.includes('1003'))?.trim().split(/\s{2,}/)).toEqual(['1003', 'JNunez', 'data', 'readonly-base,assume-database-admin,assume-network-admin', 'database-admin,network-admin']);
    expect(lines.find((l) => l.includes('1001'))?.trim().split(/\s{2,}/)).toEqual(['1001', 'JSmith', 'platform', 'readonly-base,admins,assume-platform-operator', 'admin,platform-operator']);
    expect(lines.find((l) => l.includes('1002'))).toContain('JaneSmith (set)');
    expect(lines.find((l) => l.includes('1006'))).toContain('suspended: no groups, no console');
  });

  test('a broken roster named by ROSTER_FILE exits 1 with every problem as file:line:col and no stack trace', () => {
    const file = relative(ROOT, join(FIXTURES, 'many-problems.yaml'));
    const r = validateCli([], { ROSTER_FILE: file });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines.slice(0, -1).map((l) => l.slice(0, l.indexOf(': ')))).toEqual([`${file}:10:11`, `${file}:14:17`, `${file}:17:17`, `${file}:18:11`]);
    expect(lines[lines.length - 1]).toBe('4 problems in the roster');
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });

  test('a roster naming member accounts is valid, with nothing on stderr', () => {
    const r = validateCli([join('examples', 'organization.yaml')], { ROSTER_FILE: '' });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^examples\/organization\.yaml: valid - 4 people/);
    // With member accounts, each role a person may assume is listed with its accounts.
    expect(r.stdout).toMatch(/^ {2}1006 +MChen +data +readonly-base,assume-database-admin_in_staging +database-admin@staging$/m);
    expect(r.stdout).toMatch(/^ {2}1001 +JSmith .* admin@identity\+prod\+staging,aws-support@identity\+prod,platform-operator@identity\+prod\+staging$/m);
    expect(r.stderr).toBe('');
  });

  test('a file argument wins over ROSTER_FILE, and --quiet prints nothing for a valid roster', () => {
    const r = validateCli(['--quiet', join(FIXTURES, 'accented-names.yaml')], { ROSTER_FILE: join(FIXTURES, 'unknown-team.yaml') });
    expect([r.code, r.stdout, r.stderr]).toEqual([0, '', '']);
  });
});

describe('synthesis refuses a broken roster', () => {
  let outdir: string;
  beforeEach(() => {
    outdir = mkdtempSync(join(tmpdir(), 'roster-synth-'));
  });
  afterEach(() => rmSync(outdir, { recursive: true, force: true }));

  test('main.ts prints the problems, exits 1 and writes no stack', () => {
    const fixture = join(FIXTURES, 'username-collision-derived.yaml');
    const r = synth({ rosterFile: fixture, outdir, env: { IAM_ROSTER_OFFLINE: '1' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${relative(ROOT, fixture)}:16:11: people[1]: derived username "JSmith"`);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(existsSync(join(outdir, 'stacks')) ? readdirSync(join(outdir, 'stacks')) : []).toEqual([]);
  });

  test('main.ts synthesizes a roster that names member accounts: a stack per member account beside the three', () => {
    const r = synth({ rosterFile: join(ROOT, 'examples', 'organization.yaml'), outdir, env: { IAM_ROSTER_OFFLINE: '1' } });
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(readdirSync(join(outdir, 'stacks')).sort()).toEqual(['account-prod', 'account-staging', 'baseline', 'bootstrap', 'identity']);
  });
});
