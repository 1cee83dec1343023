/**
 * users.yaml deployed once through deployRoster (every stack but bootstrap, as
 * npm run deploy does) and read back with the AWS SDK; the read-only checks,
 * npm run plan's exit codes and the broken-roster check share that deployment.
 */
import {
  GetAccountPasswordPolicyCommand,
  GetGroupPolicyCommand,
  GetLoginProfileCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  ListAttachedGroupPoliciesCommand,
  ListAttachedRolePoliciesCommand,
  ListGroupPoliciesCommand,
  ListGroupsForUserCommand,
  ListUserTagsCommand,
  ListUsersCommand,
} from '@aws-sdk/client-iam';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DeployError, type StackDeploy } from '../../tools/deploy/deploy';
import { exists } from '../../tools/aws/no-such-entity';
import { type Caller, type IdentityPolicy, type SessionContext, decide } from '../policies/iam-model';
import { edit } from '../plan-summary/roster-planner';
import { DeployTarget, EXAMPLE_ROSTER, exampleInput } from './deploy-target';

let target: DeployTarget;
let deployed: StackDeploy[];

const USERNAMES = { '1001': 'JSmith', '1002': 'JaneSmith', '1003': 'JNunez', '1004': 'PRaman', '1005': 'LOBrien', '1006': 'MChen' };

beforeAll(async () => {
  target = await DeployTarget.start();
  deployed = await target.deploy(EXAMPLE_ROSTER);
});

afterAll(async () => {
  await target?.stop();
});

const decodeDoc = (doc: string | undefined) => JSON.parse(decodeURIComponent(doc as string));

/** Every policy a user has through their groups, as the account stores them (inline and managed). */
async function livePoliciesOf(userName: string): Promise<IdentityPolicy[]> {
  const iam = target.iam;
  const { Groups = [] } = await iam.send(new ListGroupsForUserCommand({ UserName: userName }));
  const policies: IdentityPolicy[] = [];
  for (const { GroupName } of Groups) {
    const { PolicyNames = [] } = await iam.send(new ListGroupPoliciesCommand({ GroupName }));
    for (const PolicyName of PolicyNames) {
      const { PolicyDocument } = await iam.send(new GetGroupPolicyCommand({ GroupName, PolicyName }));
      policies.push({ name: `${GroupName}/${PolicyName}`, policy: decodeDoc(PolicyDocument) });
    }
    const { AttachedPolicies = [] } = await iam.send(new ListAttachedGroupPoliciesCommand({ GroupName }));
    for (const { PolicyArn, PolicyName } of AttachedPolicies) {
      const { Policy } = await iam.send(new GetPolicyCommand({ PolicyArn }));
      const { PolicyVersion } = await iam.send(new GetPolicyVersionCommand({ PolicyArn, VersionId: Policy?.DefaultVersionId }));
      policies.push({ name: PolicyName as string, policy: decodeDoc(PolicyVersion?.Document) });
    }
  }
  return policies;
}

async function liveCaller(userName: string): Promise<Caller> {
  const { Users = [] } = await target.iam.send(new ListUsersCommand({}));
  const user = Users.find((u) => u.UserName === userName);
  return { name: userName, arn: user?.Arn as string, policies: await livePoliciesOf(userName) };
}

async function liveAssume(caller: Caller, roleName: string, session: SessionContext) {
  const { Role } = await target.iam.send(new GetRoleCommand({ RoleName: roleName }));
  return decide(caller, 'sts:AssumeRole', Role?.Arn as string, session, decodeDoc(Role?.AssumeRolePolicyDocument));
}

describe('the example roster deployed to an empty account', () => {
  test('the deploy applied the identity stack, then the baseline that grants on its admin group', () => {
    expect(deployed.map((d) => [d.stack, d.applied])).toEqual([
      ['identity', true],
      ['baseline', true],
    ]);
  });

  test('every person has exactly one IAM user, under /people/, with the derived name and the roster tags', async () => {
    const { Users = [] } = await target.iam.send(new ListUsersCommand({}));
    expect(Users.map((u) => u.UserName).sort()).toEqual(Object.values(USERNAMES).sort());
    expect(Users.every((u) => u.Path === '/people/')).toBe(true);
    const tags: Record<string, Record<string, string>> = {};
    for (const user of Users) {
      const { Tags = [] } = await target.iam.send(new ListUserTagsCommand({ UserName: user.UserName }));
      tags[user.UserName as string] = Object.fromEntries(Tags.map((t) => [t.Key, t.Value]));
    }
    expect(tags.JNunez).toEqual({ EmployeeId: '1003', Team: 'data', Name: 'José Núñez', ManagedBy: 'iam-roster' });
    // The apostrophe is not allowed in a tag value and is dropped.
    expect(tags.LOBrien).toEqual({ EmployeeId: '1005', Team: 'platform', Name: 'Liam OBrien', ManagedBy: 'iam-roster' });
    for (const [employeeId, name] of Object.entries(USERNAMES)) expect(tags[name].EmployeeId).toBe(employeeId);
  });

  test('active people are in the read-only base group, admins in admins, each in their role groups; the suspended person in none', async () => {
    const groups: Record<string, string[]> = {};
    for (const name of Object.values(USERNAMES)) {
      const { Groups = [] } = await target.iam.send(new ListGroupsForUserCommand({ UserName: name }));
      groups[name] = Groups.map((g) => g.GroupName as string).sort();
    }
    expect(groups).toEqual({
      JSmith: ['admins', 'assume-platform-operator', 'readonly-base'],
      JaneSmith: ['assume-network-admin', 'readonly-base'],
      JNunez: ['assume-database-admin', 'assume-network-admin', 'readonly-base'],
      PRaman: ['admins', 'assume-security-auditor', 'readonly-base'],
      LOBrien: ['assume-platform-operator', 'readonly-base'],
      MChen: [],
    });
  });

  test('console passwords exist for active people with console access only', async () => {
    const hasPassword: Record<string, boolean> = {};
    for (const name of Object.values(USERNAMES)) {
      hasPassword[name] = await exists(() => target.iam.send(new GetLoginProfileCommand({ UserName: name })));
    }
    expect(hasPassword).toEqual({ JSmith: true, JaneSmith: true, JNunez: true, PRaman: true, LOBrien: false, MChen: false });
  });

  test('the base group has ReadOnlyAccess and the MFA self-service policy; admins get no AdministratorAccess (assume-role mode)', async () => {
    const attached = async (GroupName: string) => ((await target.iam.send(new ListAttachedGroupPoliciesCommand({ GroupName }))).AttachedPolicies ?? []).map((p) => p.PolicyArn);
    const inline = async (GroupName: string) => (await target.iam.send(new ListGroupPoliciesCommand({ GroupName }))).PolicyNames?.sort();
    expect(await attached('readonly-base')).toEqual(['arn:aws:iam::aws:policy/ReadOnlyAccess']);
    expect(await inline('readonly-base')).toEqual(['self-service-credentials-mfa-required']);
    expect(await attached('admins')).toEqual([]);
    // assume-aws-support is the baseline stack's grant on the identity stack's group.
    expect(await inline('admins')).toEqual(['assume-admin', 'assume-aws-support']);
    const grant = await target.iam.send(new GetGroupPolicyCommand({ GroupName: 'assume-network-admin', PolicyName: 'assume-network-admin' }));
    expect(decodeDoc(grant.PolicyDocument).Statement).toEqual([
      expect.objectContaining({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::123456789012:role/privileged/network-admin' }),
    ]);
  });

  test('each role carries the roster policies and session limit', async () => {
    const role = async (RoleName: string) => {
      const { Role } = await target.iam.send(new GetRoleCommand({ RoleName }));
      const { AttachedPolicies = [] } = await target.iam.send(new ListAttachedRolePoliciesCommand({ RoleName }));
      return [Role?.Path, Role?.MaxSessionDuration, AttachedPolicies.map((p) => p.PolicyArn)];
    };
    expect(await role('admin')).toEqual(['/privileged/', 3600, ['arn:aws:iam::aws:policy/AdministratorAccess']]);
    expect(await role('database-admin')).toEqual(['/privileged/', 7200, ['arn:aws:iam::aws:policy/job-function/DatabaseAdministrator']]);
    expect(await role('security-auditor')).toEqual(['/privileged/', 14400, ['arn:aws:iam::aws:policy/SecurityAudit']]);
  });

  test('the trust and group policies as deployed let members assume their roles only with fresh MFA, as themselves', async () => {
    const john = await liveCaller('JSmith');
    const jose = await liveCaller('JNunez');
    const jane = await liveCaller('JaneSmith');
    const mei = await liveCaller('MChen');
    const mfa = (c: Caller): SessionContext => ({ mfa: true, mfaAgeSeconds: 60, roleSessionName: c.name });
    expect(await liveAssume(john, 'admin', mfa(john))).toBe('Allowed');
    expect(await liveAssume(john, 'platform-operator', mfa(john))).toBe('Allowed');
    expect(await liveAssume(jose, 'network-admin', mfa(jose))).toBe('Allowed');
    expect(await liveAssume(jose, 'database-admin', mfa(jose))).toBe('Allowed');
    // Not their grant.
    expect(await liveAssume(jane, 'admin', mfa(jane))).not.toBe('Allowed');
    expect(await liveAssume(jose, 'platform-operator', mfa(jose))).not.toBe('Allowed');
    // Their grant, but not MFA, stale MFA, or another name.
    expect(await liveAssume(john, 'admin', { mfa: false, roleSessionName: 'JSmith' })).not.toBe('Allowed');
    expect(await liveAssume(john, 'admin', { mfa: true, mfaAgeSeconds: 3601, roleSessionName: 'JSmith' })).not.toBe('Allowed');
    expect(await liveAssume(john, 'admin', { mfa: true, mfaAgeSeconds: 60, roleSessionName: 'PRaman' })).not.toBe('Allowed');
    // Suspended: no groups, so no policies at all.
    expect(mei.policies).toEqual([]);
    expect(await liveAssume(mei, 'database-admin', mfa(mei))).not.toBe('Allowed');
  });

  test('the CIS password policy is in force', async () => {
    const { PasswordPolicy } = await target.iam.send(new GetAccountPasswordPolicyCommand({}));
    expect(PasswordPolicy).toMatchObject({
      MinimumPasswordLength: 14,
      PasswordReusePrevention: 24,
      RequireUppercaseCharacters: true,
      RequireLowercaseCharacters: true,
      RequireNumbers: true,
      RequireSymbols: true,
      MaxPasswordAge: 90,
      AllowUsersToChangePassword: true,
      HardExpiry: false,
    });
  });
});

describe('deploying again', () => {
  test('a second plan of every stack has no changes', async () => {
    const plans = await target.plan(EXAMPLE_ROSTER);
    expect(plans.map((p) => [p.stack, p.changes, p.imports.length])).toEqual([
      ['identity', false, 0],
      ['baseline', false, 0],
    ]);
  });
});

describe('npm run plan', () => {
  // Its own synth folder, as a second checkout would have; the state is the same.
  const planCli = (args: readonly string[]) => target.cli('plan', args, { CDKTF_OUTDIR: join(target.stateDir, 'cli-out') });

  test('exits 0 and says so when the account matches the roster', () => {
    const r = planCli(['--roster', EXAMPLE_ROSTER]);
    expect(r.stdout).toContain('no changes: the account matches the roster');
    expect(r.code).toBe(0);
  });

  test('exits 2 and names the stack when the roster has changes', () => {
    const withNora = edit(exampleInput(), (r) => r.people.push({ name: 'Nora Park', employeeId: '1007', team: 'network' }));
    const r = planCli(['--roster', target.rosterFile(withNora), '--stack', 'identity']);
    expect(r.stdout).toContain('aws_iam_user.user-1007 will be created');
    expect(r.stdout).toContain('changes pending: identity');
    expect(r.code).toBe(2);
  });

  test('exits 1 with the roster error, not a stack trace, when the roster is broken', () => {
    const broken = edit(exampleInput(), (r) => {
      r.people[1].team = 'netwrk';
    });
    const r = planCli(['--roster', target.rosterFile(broken)]);
    expect(r.stderr).toMatch(/people\[1\]\.team: unknown team "netwrk"/);
    expect(r.stderr).toContain('nothing was planned or deployed');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.code).toBe(1);
  });
});

test('a broken roster deploys nothing and leaves the state untouched', async () => {
  const stateBefore = ['identity', 'baseline'].map((s) => readFileSync(target.stateFile(s), 'utf8'));
  const { Users: usersBefore = [] } = await target.iam.send(new ListUsersCommand({}));
  // Two problems: a person removed (which alone would delete a user) and a duplicate employee ID.
  const broken = edit(exampleInput(), (r) => {
    r.people.splice(0, 1);
    r.people.push({ name: 'Nora Park', employeeId: '1002', team: 'network' });
  });
  const error = await target.deploy(broken).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(DeployError);
  expect((error as DeployError).message).toMatch(/people\[5\]\.employeeId: duplicate employee ID "1002"/);
  expect((error as DeployError).message).toContain('nothing was planned or deployed');
  expect(['identity', 'baseline'].map((s) => readFileSync(target.stateFile(s), 'utf8'))).toEqual(stateBefore);
  const { Users: usersAfter = [] } = await target.iam.send(new ListUsersCommand({}));
  expect(usersAfter.map((u) => u.UserId).sort()).toEqual(usersBefore.map((u) => u.UserId).sort());
});
