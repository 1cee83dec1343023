/**
 * The audit against the emulator: the example roster deployed through real
 * Terraform, then problems made through the SDK the way people make them by hand.
 */
import {
  AddUserToGroupCommand,
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateLoginProfileCommand,
  CreateUserCommand,
  CreateVirtualMFADeviceCommand,
  EnableMFADeviceCommand,
  IAMClient,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { loadRosterFile } from '../../roster';
import { freePort } from '../../tools/emulator/moto';
import { type Finding, atOrAbove } from '../../tools/audit/findings';
import { ruleOf } from '../../tools/audit/rules';
import { formatMarkdown } from '../../tools/audit/format';
import type { AuditResult } from '../../tools/audit/run-audit';
import { PROJECT_ROOT } from '../../tools/project-root';
import { type EmulatorAccount, auditAccount, deployAccount, emulatorAccount } from './emulator-account';

const EXAMPLE = join(PROJECT_ROOT, 'users.yaml');
const roster = loadRosterFile(EXAMPLE);
let account: EmulatorAccount;
let clean: AuditResult;

/** Run `npm run audit` as a person would (tsx tools/cli/audit.ts), with the given environment. */
function cli(args: readonly string[], env: Record<string, string>) {
  const r = spawnSync(join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx'), [join(PROJECT_ROOT, 'tools', 'cli', 'audit.ts'), ...args], {
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
    env: { ...process.env, ...env, ROSTER_FILE: EXAMPLE },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const pairs = (findings: readonly Finding[]) => findings.map((f) => `${f.id} ${f.user}`).sort();

beforeAll(async () => {
  account = await emulatorAccount(EXAMPLE);
  deployAccount(account);
  clean = await auditAccount(account, roster);
});

afterAll(async () => {
  await account?.emulator.stop();
});

describe('a freshly deployed example roster', () => {
  test('has no findings at the default severity; its new console users are only pending MFA enrolment', () => {
    expect(atOrAbove(clean.findings, 'medium')).toEqual([]);
    // Active people with console access (Liam has console: false and Mei is suspended), and the
    // Access Analyzer the emulator lacks, said to be unread.
    expect(pairs(clean.findings)).toEqual(
      ['access-analyzer-not-checked access-analyzer', 'console-mfa-pending JaneSmith', 'console-mfa-pending JNunez', 'console-mfa-pending JSmith', 'console-mfa-pending PRaman'].sort(),
    );
    expect(clean.findings.every((f) => f.severity === 'info')).toBe(true);
    expect(clean.userCount).toBe(6);
  });

  test('npm run audit exits 0, prints the table, and shows progress on stderr', () => {
    const r = cli([], account.env);
    expect(r.stderr).toContain('generating the IAM credential report: complete');
    expect(r.stdout).toContain('IAM audit of account 123456789012');
    expect(r.stdout).toMatch(/^INFO +console-mfa-pending +JaneSmith/m);
    expect(r.stdout).toContain('5 finding(s) (5 info) for 6 IAM user(s) in account 123456789012; none at or above medium');
    expect(r.code).toBe(0);
  });
});

describe('an account with problems made by hand', () => {
  let result: AuditResult;
  let json: { failing: number; findings: Finding[] };
  let exitCode: number | null;

  beforeAll(async () => {
    const iam = new IAMClient({ region: 'us-east-1', endpoint: account.emulator.endpoint, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
    // John enrols MFA: he must drop out of the no-MFA findings.
    const { VirtualMFADevice } = await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'JSmith' }));
    await iam.send(new EnableMFADeviceCommand({ UserName: 'JSmith', SerialNumber: VirtualMFADevice?.SerialNumber, AuthenticationCode1: '123456', AuthenticationCode2: '654321' }));
    // Liam (console: false on the roster) gets a console password and no MFA.
    await iam.send(new CreateLoginProfileCommand({ UserName: 'LOBrien', Password: 'Handmade-Password-123!' }));
    // A shared account made by hand.
    await iam.send(new CreateUserCommand({ UserName: 'shared-ops' }));
    // Jane has two active access keys.
    await iam.send(new CreateAccessKeyCommand({ UserName: 'JaneSmith' }));
    await iam.send(new CreateAccessKeyCommand({ UserName: 'JaneSmith' }));
    // Policies on users directly, bypassing the groups.
    await iam.send(new AttachUserPolicyCommand({ UserName: 'JNunez', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }));
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'PRaman',
        PolicyName: 'quick-fix',
        PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] }),
      }),
    );
    // Memberships the roster does not give: John in a role group, suspended Mei back in the base group.
    await iam.send(new AddUserToGroupCommand({ UserName: 'JSmith', GroupName: 'assume-database-admin' }));
    await iam.send(new AddUserToGroupCommand({ UserName: 'MChen', GroupName: 'readonly-base' }));

    // A person added to the roster but not deployed yet.
    const withNewPerson = parse(readFileSync(EXAMPLE, 'utf8'));
    withNewPerson.people.push({ name: 'Nora Park', employeeId: '1007', team: 'network' });
    const rosterFile = join(mkdtempSync(join(tmpdir(), 'audit-roster-')), 'users.yaml');
    writeFileSync(rosterFile, stringify(withNewPerson));

    result = await auditAccount(account, loadRosterFile(rosterFile), { mfaGraceDays: 0 });
    const r = cli(['--format', 'json', '--mfa-grace-days', '0'], account.env);
    exitCode = r.code;
    json = JSON.parse(r.stdout);
  });

  test('reports each injected problem, against the right user, and nothing else', () => {
    expect(pairs(result.findings)).toEqual(
      [
        // With no grace period, every console user without MFA; John enrolled, so he is not here.
        'console-no-mfa JaneSmith',
        'console-no-mfa JNunez',
        'console-no-mfa PRaman',
        'console-no-mfa LOBrien',
        'console-password-not-on-roster LOBrien',
        'unknown-user shared-ops',
        'multiple-active-keys JaneSmith',
        // People never get keys: Jane's are also reported as keys on a person.
        'access-key-on-person JaneSmith',
        'direct-user-policy JNunez',
        'inline-user-policy PRaman',
        'unexpected-group JSmith',
        'unexpected-group MChen',
        'missing-user NPark',
        'access-analyzer-not-checked access-analyzer',
      ].sort(),
    );
  });

  test('every finding is made by a rule docs/audit.md lists with its id and severity', () => {
    expect([...clean.findings, ...result.findings].filter((f) => ruleOf(f) === undefined)).toEqual([]);
  });

  test('each finding says how severe it is and what to do', () => {
    const byKey = Object.fromEntries(result.findings.map((f) => [`${f.id} ${f.user}`, f]));
    expect(byKey['unknown-user shared-ops'].severity).toBe('high');
    expect(byKey['direct-user-policy JNunez']).toMatchObject({ severity: 'high', message: 'managed policy arn:aws:iam::aws:policy/ReadOnlyAccess is attached to the user directly' });
    expect(byKey['direct-user-policy JNunez'].action).toContain('aws iam detach-user-policy --user-name JNunez');
    expect(byKey['inline-user-policy PRaman'].message).toBe('inline policy quick-fix is on the user directly');
    expect(byKey['unexpected-group JSmith'].message).toBe('is in group assume-database-admin, which the roster does not give them');
    expect(byKey['multiple-active-keys JaneSmith']).toMatchObject({ severity: 'medium', message: '2 active access keys' });
    expect(byKey['missing-user NPark'].message).toBe('Nora Park (1007) is on the roster but has no IAM user');
    expect(result.findings.every((f) => f.action.length > 0)).toBe(true);
  });

  test('npm run audit --format json exits 1 and lists the same findings (the example roster has no Nora, so no missing user)', () => {
    expect(exitCode).toBe(1);
    expect(pairs(json.findings)).toEqual(pairs(result.findings).filter((p) => p !== 'missing-user NPark'));
    expect(json.failing).toBe(atOrAbove(json.findings, 'medium').length);
    expect(json.failing).toBe(json.findings.length - 1); // all but the unread Access Analyzer (info)
  });

  test('markdown output is one table row per finding', () => {
    const md = formatMarkdown(result, 'medium');
    expect(md).toContain('| Severity | ID | Object | Finding | Expected | Found | What to do |');
    expect(md).toContain('| high | `direct-user-policy` | JNunez | managed policy arn:aws:iam::aws:policy/ReadOnlyAccess is attached to the user directly | no policy on the user: access comes through groups and roles | arn:aws:iam::aws:policy/ReadOnlyAccess |');
    expect(md.split('\n').filter((l) => /^\| (critical|high|medium|low|info) \|/.test(l))).toHaveLength(result.findings.length);
  });

  test('--fail-on critical lets the same findings pass with exit 0', () => {
    const r = cli(['--fail-on', 'critical', '--mfa-grace-days', '0'], account.env);
    expect(r.stdout).toContain('none at or above critical');
    expect(r.code).toBe(0);
  });
});

test('with the emulator down, npm run audit exits 2 with one clear line and no stack trace', async () => {
  const port = await freePort();
  const r = cli([], { ...account.env, AWS_ENDPOINT_URL: `http://127.0.0.1:${port}` });
  expect(r.stderr.trim()).toBe(`audit: cannot reach AWS at http://127.0.0.1:${port} (ECONNREFUSED) during sts:GetCallerIdentity; is the endpoint up (the local emulator: npm run emulator -- start)?`);
  expect(r.stdout).toBe('');
  expect(r.code).toBe(2);
});

test('without AWS credentials, npm run audit exits 2 and says how to provide them', () => {
  const home = mkdtempSync(join(tmpdir(), 'no-aws-home-'));
  const r = cli([], {
    ...account.env,
    AWS_ACCESS_KEY_ID: '',
    AWS_SECRET_ACCESS_KEY: '',
    AWS_SESSION_TOKEN: '',
    AWS_PROFILE: '',
    HOME: home,
    AWS_CONFIG_FILE: join(home, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'),
  });
  expect(r.stderr.trim()).toBe('audit: no AWS credentials: set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or assume the audit role');
  expect(r.code).toBe(2);
});
