/**
 * npm run bootstrap with the organization example against the emulator: the identity account's
 * CI roles, then each member account's (through its OrganizationAccountAccessRole), read back
 * with the SDK; then the pipeline's way in, hop by hop: the identity account's plan role, then
 * each member account's plan role, plans every stack; the deploy chain deploys them; the audit
 * chain audits them. moto does not enforce IAM policies, so what each role may do is shown by
 * __tests__/pipeline/member-ci-access.test.ts; this test shows the wiring: the role ARNs, the
 * trust, and the provider's assume_role through them.
 */
import { GetRolePolicyCommand, type IAMClient, ListRolesCommand } from '@aws-sdk/client-iam';
import { spawnSync } from 'node:child_process';
import { loadRosterFile } from '../../roster';
import { runAudit } from '../../tools/audit/run-audit';
import { assumeRoleEnv, callerAccount } from '../../tools/aws/assume-role';
import { iamClient } from '../../tools/aws/clients';
import { PROJECT_ROOT } from '../../tools/project-root';
import { assumedRoleArn, readStack } from '../../tools/terraform/synthesized';
import { ORGANIZATION_ROSTER } from '../stacks/synthesized';
import { DeployTarget } from './deploy-target';

const IDENTITY = '123456789012';
const MEMBERS = { prod: '222222222222', staging: '333333333333' } as const;
const CI = { IAM_ROSTER_GITHUB_REPOSITORY: 'example-org/iam-roster' };
const ciRole = (account: string, name: string) => `arn:aws:iam::${account}:role/ci/${name}`;

let target: DeployTarget;
let bootstrap: { code: number | null; stdout: string; stderr: string };

/** An IAM client in an account, with credentials from an assumed role (env: whose credentials assume it). */
async function iamAs(env: NodeJS.ProcessEnv, roleArn: string, account: string): Promise<IAMClient> {
  const assumed = await assumeRoleEnv(env, roleArn);
  expect(await callerAccount(assumed)).toBe(account);
  return iamClient(assumed);
}

/** The /ci/ roles of an account, by name, with their trust and inline policy documents. */
async function ciRoles(iam: IAMClient) {
  const { Roles = [] } = await iam.send(new ListRolesCommand({ PathPrefix: '/ci/' }));
  const out: Record<string, { arn: string; trust: unknown; policy: { Statement: { Action: unknown; Resource: unknown }[] } }> = {};
  for (const r of Roles) {
    const name = r.RoleName as string;
    const { PolicyDocument } = await iam.send(new GetRolePolicyCommand({ RoleName: name, PolicyName: name }));
    out[name] = { arn: r.Arn as string, trust: JSON.parse(decodeURIComponent(r.AssumeRolePolicyDocument as string)), policy: JSON.parse(decodeURIComponent(PolicyDocument as string)) };
  }
  return out;
}

/** Run options with the credentials of a chain: the identity account's CI role, and the member stacks through its namesake there. */
async function pipelineEnv(name: string): Promise<NodeJS.ProcessEnv> {
  const identity = await assumeRoleEnv(target.env, ciRole(IDENTITY, name), 'github-actions');
  expect(await callerAccount(identity)).toBe(IDENTITY);
  return { ...identity, ...CI, IAM_ROSTER_MEMBER_DEPLOY_ROLE: `/ci/${name}` };
}

beforeAll(async () => {
  target = await DeployTarget.start();
  // npm run bootstrap itself, as an administrator of the identity account runs it once.
  const r = spawnSync('npm', ['run', '--silent', 'bootstrap', '--', '--roster', ORGANIZATION_ROSTER], {
    cwd: PROJECT_ROOT,
    env: { ...target.env, ...CI, ROSTER_STATE_DIR: target.stateDir, CDKTF_OUTDIR: target.outdir },
    encoding: 'utf8',
    timeout: 280_000,
  });
  bootstrap = { code: r.status, stdout: r.stdout, stderr: r.stderr };
});

afterAll(async () => {
  await target?.stop();
});

test('npm run bootstrap deploys the identity account\'s bootstrap stack, then each member account\'s, and nothing else', () => {
  expect([bootstrap.code, bootstrap.stderr]).toEqual([0, expect.any(String)]);
  expect(bootstrap.stdout).toContain('deployed: bootstrap, bootstrap-prod, bootstrap-staging\n');
});

test.each(Object.entries(MEMBERS))('%s holds the plan, deploy and audit roles, each trusting only the identity account\'s role of the same name', async (_name, account) => {
  const roles = await ciRoles(await iamAs(target.env, `arn:aws:iam::${account}:role/OrganizationAccountAccessRole`, account));
  expect(Object.keys(roles).sort()).toEqual(['iam-roster-audit', 'iam-roster-deploy', 'iam-roster-plan']);
  for (const [name, role] of Object.entries(roles)) {
    expect(role.arn).toBe(ciRole(account, name));
    expect({ name, trust: role.trust }).toEqual({
      name,
      trust: { Version: '2012-10-17', Statement: [{ Sid: 'OnlyTheIdentityAccountsPipelineRole', Effect: 'Allow', Principal: { AWS: ciRole(IDENTITY, name) }, Action: 'sts:AssumeRole' }] },
    });
    expect(JSON.stringify(role.policy)).not.toMatch(/sts:AssumeRole|iam:CreateUser|iam:CreateAccessKey/);
  }
});

test("the identity account's CI roles may each assume their namesake in every member account", async () => {
  const roles = await ciRoles(target.iam);
  for (const name of ['iam-roster-plan', 'iam-roster-deploy', 'iam-roster-audit']) {
    const hops = roles[name].policy.Statement.filter((s) => s.Action === 'sts:AssumeRole');
    expect({ name, hops: hops.map((s) => s.Resource) }).toEqual({ name, hops: [[ciRole(MEMBERS.prod, name), ciRole(MEMBERS.staging, name)]] });
  }
});

test('with the plan chain, every stack the pull request plans is planned, each member account through its plan role', async () => {
  const env = await pipelineEnv('iam-roster-plan');
  const plans = await target.plan(ORGANIZATION_ROSTER, { stacks: ['identity', 'account-*'], env });
  expect(plans.map((p) => [p.stack, p.changes])).toEqual([
    ['identity', true],
    ['account-prod', true],
    ['account-staging', true],
  ]);
  expect(assumedRoleArn(readStack(target.outdir, 'account-prod'))).toBe(ciRole(MEMBERS.prod, 'iam-roster-plan'));
});

test('with the deploy chain, the same stacks deploy, and the plan chain then finds nothing to change', async () => {
  const deployed = await target.deploy(ORGANIZATION_ROSTER, { stacks: ['identity', 'account-*'], env: await pipelineEnv('iam-roster-deploy') });
  expect(deployed.map((d) => [d.stack, d.applied])).toEqual([
    ['identity', true],
    ['account-prod', true],
    ['account-staging', true],
  ]);
  expect(assumedRoleArn(readStack(target.outdir, 'account-staging'))).toBe(ciRole(MEMBERS.staging, 'iam-roster-deploy'));
  const staging = await iamAs(target.env, `arn:aws:iam::${MEMBERS.staging}:role/OrganizationAccountAccessRole`, MEMBERS.staging);
  const { Roles = [] } = await staging.send(new ListRolesCommand({ PathPrefix: '/privileged/' }));
  expect(Roles.map((r) => r.RoleName).sort()).toEqual(['admin', 'database-admin', 'platform-operator', 'security-auditor']);
  const again = await target.plan(ORGANIZATION_ROSTER, { stacks: ['identity', 'account-*'], env: await pipelineEnv('iam-roster-plan') });
  expect(again.map((p) => [p.stack, p.changes])).toEqual([
    ['identity', false],
    ['account-prod', false],
    ['account-staging', false],
  ]);
});

test('with the audit chain, the audit reads every member account through its audit role', async () => {
  const env = await pipelineEnv('iam-roster-audit');
  const result = await runAudit({ roster: loadRosterFile(ORGANIZATION_ROSTER), env, pollIntervalMs: 50, accessAnalyzer: false, memberAccounts: { auditRole: '/ci/iam-roster-audit', deployRole: '/ci/iam-roster-deploy' } });
  expect(result.accountId).toBe(IDENTITY);
  // Every member-account check ran through the audit role; the emulator's missing Access Analyzer is the only note (info).
  const members = result.findings.filter((f) => /^(prod|staging):/.test(f.user));
  expect(members.filter((f) => f.severity !== 'info').map((f) => `${f.id} ${f.user}`)).toEqual([]);
  expect(members.map((f) => `${f.id} ${f.user}`)).toEqual(['access-analyzer-not-checked prod:access-analyzer', 'access-analyzer-not-checked staging:access-analyzer']);
  // The same hops by hand land in prod and read its roles.
  const prodAudit = await iamAs(await assumeRoleEnv(target.env, ciRole(IDENTITY, 'iam-roster-audit')), ciRole(MEMBERS.prod, 'iam-roster-audit'), MEMBERS.prod);
  const { Roles = [] } = await prodAudit.send(new ListRolesCommand({ PathPrefix: '/privileged/' }));
  expect(Roles.map((r) => r.RoleName).sort()).toEqual(['admin', 'aws-support', 'database-admin', 'platform-operator', 'security-auditor']);
});
