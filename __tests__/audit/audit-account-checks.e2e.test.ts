/**
 * The checks that read more than users, against the emulator: the example
 * roster deployed once through real Terraform (identity and baseline), then
 * problems made by hand with the SDK (a key on a person, the admin role's MFA conditions removed, a
 * weaker password policy, a roster role trusting another account, a role's
 * policies and session changed, IAM for everyone through the base group, a role
 * another account assumes without MFA, a policy allowing everything), each
 * reported with its ID and severity.
 */
import {
  AttachRolePolicyCommand,
  CreateAccessKeyCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  DetachRolePolicyCommand,
  GetAccountPasswordPolicyCommand,
  GetRoleCommand,
  IAMClient,
  PutGroupPolicyCommand,
  UpdateAccountPasswordPolicyCommand,
  UpdateAssumeRolePolicyCommand,
  UpdateRoleCommand,
} from '@aws-sdk/client-iam';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { loadRosterFile } from '../../roster';
import { atOrAbove } from '../../tools/audit/findings';
import { ruleOf } from '../../tools/audit/rules';
import type { AuditResult } from '../../tools/audit/run-audit';
import { PROJECT_ROOT } from '../../tools/project-root';
import { type EmulatorAccount, auditAccount, deployAccount, emulatorAccount } from './emulator-account';

const EXAMPLE = join(PROJECT_ROOT, 'users.yaml');
const roster = loadRosterFile(EXAMPLE);
let account: EmulatorAccount;
let clean: AuditResult;
let broken: AuditResult;
let exitCode: number | null;

beforeAll(async () => {
  account = await emulatorAccount(EXAMPLE);
  deployAccount(account);
  clean = await auditAccount(account, roster);

  const iam = new IAMClient({ region: 'us-east-1', endpoint: account.emulator.endpoint, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
  // One key for a person: one is already too many.
  await iam.send(new CreateAccessKeyCommand({ UserName: 'PRaman' }));
  // The admin role trusting the account with no MFA, session-name or people-path condition.
  await iam.send(
    new UpdateAssumeRolePolicyCommand({
      RoleName: 'admin',
      PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'sts:AssumeRole' }] }),
    }),
  );
  // A roster role trusting another account, its MFA conditions kept.
  const { Role: network } = await iam.send(new GetRoleCommand({ RoleName: 'network-admin' }));
  const trust = JSON.parse(decodeURIComponent(network?.AssumeRolePolicyDocument as string));
  trust.Statement[0].Principal = { AWS: 'arn:aws:iam::999999999999:root' };
  await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'network-admin', PolicyDocument: JSON.stringify(trust) }));
  // The auditor role's policies swapped by hand, and the database role's session made 12 hours.
  await iam.send(new AttachRolePolicyCommand({ RoleName: 'security-auditor', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }));
  await iam.send(new DetachRolePolicyCommand({ RoleName: 'security-auditor', PolicyArn: 'arn:aws:iam::aws:policy/SecurityAudit' }));
  await iam.send(new UpdateRoleCommand({ RoleName: 'database-admin', MaxSessionDuration: 43200 }));
  // Everyone's base group given IAM by an inline policy.
  await iam.send(
    new PutGroupPolicyCommand({
      GroupName: 'readonly-base',
      PolicyName: 'quick-fix',
      PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:*', Resource: '*' }] }),
    }),
  );
  // Not on the roster: a role a vendor's account can assume without MFA, and a policy allowing everything.
  await iam.send(
    new CreateRoleCommand({
      RoleName: 'vendor-access',
      AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::999999999999:root' }, Action: 'sts:AssumeRole' }] }),
    }),
  );
  await iam.send(
    new CreatePolicyCommand({ PolicyName: 'break-glass', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }) }),
  );
  // The password policy as deployed, but 8 characters (the Update call resets every field it is not given).
  const { PasswordPolicy: deployed } = await iam.send(new GetAccountPasswordPolicyCommand({}));
  await iam.send(
    new UpdateAccountPasswordPolicyCommand({
      MinimumPasswordLength: 8,
      RequireSymbols: deployed?.RequireSymbols,
      RequireNumbers: deployed?.RequireNumbers,
      RequireUppercaseCharacters: deployed?.RequireUppercaseCharacters,
      RequireLowercaseCharacters: deployed?.RequireLowercaseCharacters,
      AllowUsersToChangePassword: deployed?.AllowUsersToChangePassword,
      MaxPasswordAge: deployed?.MaxPasswordAge,
      PasswordReusePrevention: deployed?.PasswordReusePrevention,
      HardExpiry: deployed?.HardExpiry,
    }),
  );
  broken = await auditAccount(account, roster);
  exitCode = spawnSync(join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx'), [join(PROJECT_ROOT, 'tools', 'cli', 'audit.ts')], {
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
    env: { ...process.env, ...account.env, ROSTER_FILE: EXAMPLE },
  }).status;
});

afterAll(async () => {
  await account?.emulator.stop();
});

const newFindings = () => broken.findings.filter((f) => !clean.findings.some((c) => c.id === f.id && c.user === f.user));

test('a freshly deployed example roster (identity and baseline) has no finding at low or above', () => {
  expect(atOrAbove(clean.findings, 'low')).toEqual([]);
});

test('the hand-made problems are the only new findings, each once', () => {
  expect(newFindings().map((f) => `${f.id} ${f.user} ${f.severity}`).sort()).toEqual([
    'access-key-on-person PRaman high',
    'group-policy-extra group/readonly-base high',
    'password-policy-drift password-policy high',
    'policy-admin-wildcard group/readonly-base high',
    'policy-admin-wildcard policy/arn:aws:iam::123456789012:policy/break-glass high',
    'role-policy-drift role/security-auditor high',
    'role-policy-extra role/security-auditor high',
    'role-session-drift role/database-admin medium',
    'role-trust-drift role/admin critical',
    'role-trust-drift role/network-admin high',
    'role-trust-no-mfa role/vendor-access high',
  ]);
});

test('an access key on a person is high, and the finding says a deploy does not remove it', () => {
  const f = broken.findings.find((x) => x.id === 'access-key-on-person');
  expect(f).toMatchObject({ severity: 'high', user: 'PRaman', expected: 'no access key', found: 'an active key' });
  expect(f?.action).toContain('npm run deploy does not repair it');
});

test('the admin role trusted without MFA is critical and names the missing conditions', () => {
  const f = broken.findings.find((x) => x.id === 'role-trust-drift' && x.user === 'role/admin');
  expect(f?.severity).toBe('critical');
  expect(f?.message).toBe('trust policy differs from what the stacks deploy: MFA-present condition, MFA-age condition, session-name condition, principal-ARN condition');
  expect(f?.action).toContain('npm run deploy');
});

test('a roster role trusting another account with MFA kept is high and names the principal', () => {
  const f = broken.findings.find((x) => x.id === 'role-trust-drift' && x.user === 'role/network-admin');
  expect(f?.severity).toBe('high');
  expect(f?.message).toContain('principal');
  expect(f?.found).toContain('999999999999');
});

test('role policies: the missing one a deploy restores, the extra one it does not; a 12-hour session is medium', () => {
  const byId = (id: string) => broken.findings.find((x) => x.id === id);
  expect(byId('role-policy-drift')).toMatchObject({ message: 'on the roster but not attached: arn:aws:iam::aws:policy/SecurityAudit' });
  expect(byId('role-policy-extra')).toMatchObject({ message: 'attached but not on the roster: arn:aws:iam::aws:policy/AdministratorAccess' });
  expect(byId('role-policy-extra')?.action).toContain('npm run deploy does not remove it');
  expect(byId('role-session-drift')).toMatchObject({ expected: '7200 s', found: '43200 s' });
});

test('a password policy of 8 characters is high, with the expected and found length', () => {
  const f = broken.findings.find((x) => x.id === 'password-policy-drift');
  expect(f).toMatchObject({ severity: 'high', expected: '14', found: '8', message: 'MinimumPasswordLength is 8; the cis policy the roster sets is 14 (weaker)' });
});

test('every finding, clean or not, is made by a rule docs/audit.md lists with its id and severity', () => {
  const unlisted = [...clean.findings, ...broken.findings].filter((f) => ruleOf(f) === undefined);
  expect(unlisted).toEqual([]);
});

test('npm run audit exits 1 on them', () => {
  expect(exitCode).toBe(1);
});
