/**
 * Changing the accounts of an organization roster, each planned, summarized as the pull-request
 * comment says it (npm run plan:summary on each stack's saved plan, with the base and head
 * rosters), deployed through Terraform to the emulator and read back with the SDK in every account:
 * a role moved from staging to prod, an account added with roles in it, an account removed (its
 * stack, no longer synthesized, is planned with terraform plan -destroy from its state).
 * The steps build on each other, in one emulator and one state.
 */
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { loadRosterFile } from '../../roster';
import { GetAccountPasswordPolicyCommand, ListUsersCommand, NoSuchEntityException } from '@aws-sdk/client-iam';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { RosterInput } from '../../roster/schema';
import { DeployError, PLAN_FILE, type StackDeploy, type StackPlan } from '../../tools/deploy/deploy';
import { memberStates } from '../../tools/deploy/retired-stacks';
import { parsePlan, renderMarkdown, summarizePlan } from '../../tools/plan-summary';
import { stackDir, terraformOk } from '../../tools/terraform/run';
import type { Block } from '../stacks/synthesized';
import { DeployTarget } from './deploy-target';
import { IDENTITY, MEMBERS, ORGANIZATION_ROSTER, assumableArns, memberIam, privilegedRoles, roleArn } from './organization';

const DEV = '555555555555';

let target: DeployTarget;
/** The roster deployed last, as a file: the base of the next change. */
let base: string;

/** A roster as YAML data, edited freely by the steps below (validation is the deploy's). */
type RosterDoc = Block;

/** examples/organization.yaml, with database-admin in staging alone, granted to the data team there. */
function startRoster(): RosterDoc {
  const roster = parse(readFileSync(ORGANIZATION_ROSTER, 'utf8')) as RosterDoc;
  roster.roles['database-admin'].accounts = ['staging'];
  roster.teams.data.roles = ['database-admin'];
  const jose = roster.people.find((p: { employeeId: string }) => p.employeeId === '1003');
  jose.roles = ['billing-viewer'];
  return roster;
}

/** The same roster after edit: a new object each time. */
function edited(from: RosterDoc, edit: (r: RosterDoc) => void): RosterDoc {
  const copy = structuredClone(from);
  edit(copy);
  return copy;
}

/** A stack's pull-request comment (tools/plan-summary, as npm run plan:summary renders it) for the plan saved in its folder. */
function comment(plan: StackPlan, head: string): string {
  const json = terraformOk(['show', '-json', '-no-color', PLAN_FILE], { cwd: plan.dir, env: target.env as Record<string, string> }).stdout;
  return renderMarkdown(summarizePlan(parsePlan(json), { base: loadRosterFile(base), head: loadRosterFile(head) }));
}

/**
 * Deploy head over the roster deployed last: the deploy plans every stack and applies exactly each
 * saved plan that has changes; each applied stack's comment is rendered from that very plan.
 */
async function deployChange(head: RosterDoc, expectApplied: readonly string[]): Promise<{ summary: Record<string, string>; deployed: StackDeploy[] }> {
  const file = target.rosterFile(head as RosterInput);
  const deployed = await target.deploy(file);
  const applied = deployed.filter((d) => d.applied);
  expect(applied.map((d) => d.stack)).toEqual(expectApplied);
  const summary = Object.fromEntries(applied.map((d) => [d.stack, comment(d, file)]));
  base = file;
  return { summary, deployed };
}

const START = startRoster();
const MOVED = edited(START, (r) => {
  r.roles['database-admin'].accounts = ['prod'];
});
const ADDED = edited(MOVED, (r) => {
  r.accounts.dev = { id: DEV, email: 'security+dev@example.com' };
  r.settings.adminRoleAccounts = ['identity', 'dev', 'prod', 'staging'];
  r.roles['platform-operator'].accounts = ['identity', 'dev', 'prod', 'staging'];
});
const REMOVED = edited(ADDED, (r) => {
  delete r.accounts.staging;
  r.settings.adminRoleAccounts = ['identity', 'dev', 'prod'];
  r.roles['platform-operator'].accounts = ['identity', 'dev', 'prod'];
  r.roles['security-auditor'].accounts = ['identity', 'prod'];
});

beforeAll(async () => {
  target = await DeployTarget.start();
  base = target.rosterFile(START as RosterInput);
  await target.deploy(base);
  expect(Object.keys(await privilegedRoles(await memberIam(target, MEMBERS.staging)))).toContain('database-admin');
});

afterAll(async () => {
  await target?.stop();
});

test('moving database-admin from staging to prod: its people lose it in staging and gain it in prod, staging\'s role is flagged as destroyed, and the accounts end up so', async () => {
  const { summary } = await deployChange(MOVED, ['identity', 'account-prod', 'account-staging']);

  expect(summary.identity).toContain('🔻 narrows: **JNunez**, **MChen** (group **assume-database-admin**) lose **database-admin** in account **staging**');
  expect(summary.identity).toContain('🔺 widens: **JNunez**, **MChen** (group **assume-database-admin**) gain **database-admin** in account **prod**');
  expect(summary.identity).toContain('nothing destroyed');
  expect(summary['account-staging']).toContain('Account **staging** (`333333333333`), a member account');
  expect(summary['account-staging']).toContain('🛑 1 destructive change');
  expect(summary['account-staging']).toContain('- 🛑 privileged role **database-admin** is **deleted**: nobody may assume it here any more');
  expect(summary['account-prod']).toContain('Account **prod** (`222222222222`), a member account');
  expect(summary['account-prod']).toContain('new privileged role **database-admin** (max session 2 h)');
  expect(summary['account-prod']).toContain('nothing destroyed');

  expect(Object.keys(await privilegedRoles(await memberIam(target, MEMBERS.staging)))).not.toContain('database-admin');
  expect((await privilegedRoles(await memberIam(target, MEMBERS.prod)))['database-admin']?.Arn).toBe(roleArn(MEMBERS.prod, 'database-admin'));
  expect(await assumableArns(target, 'assume-database-admin', 'assume-database-admin')).toBe(roleArn(MEMBERS.prod, 'database-admin'));
});

test('adding account dev with admin and platform-operator in it: the admin grant there is flagged admin-equivalent, dev gets exactly those roles and no user', async () => {
  const { summary } = await deployChange(ADDED, ['identity', 'account-dev']);

  expect(summary.identity).toMatch(/#### 🚨 Admin-equivalent access\n\n.*\n\n- 🔺 widens: \*\*JSmith\*\* \(group \*\*admins\*\*\) gains \*\*admin\*\* in account \*\*dev\*\*\n/);
  expect(summary.identity).toContain('🔺 widens: **JSmith** (group **assume-platform-operator**) gains **platform-operator** in account **dev**');
  expect(summary.identity).toContain('nothing destroyed');
  expect(summary['account-dev']).toContain('Account **dev** (`555555555555`), a member account');
  expect(summary['account-dev']).toContain('new privileged role **admin**');
  expect(summary['account-dev']).toContain('new privileged role **platform-operator**');
  expect(summary['account-dev']).toContain('nothing destroyed');

  const dev = await memberIam(target, DEV);
  expect(Object.keys(await privilegedRoles(dev)).sort()).toEqual(['admin', 'platform-operator']);
  expect((await dev.send(new ListUsersCommand({}))).Users).toEqual([]);
  expect(await assumableArns(target, 'admins', 'assume-admin')).toEqual([roleArn(IDENTITY, 'admin'), roleArn(DEV, 'admin'), roleArn(MEMBERS.prod, 'admin'), roleArn(MEMBERS.staging, 'admin')]);
  expect(await assumableArns(target, 'assume-platform-operator', 'assume-platform-operator')).toEqual([
    roleArn(IDENTITY, 'platform-operator'),
    roleArn(DEV, 'platform-operator'),
    roleArn(MEMBERS.prod, 'platform-operator'),
    roleArn(MEMBERS.staging, 'platform-operator'),
  ]);
});

test('removing account staging: the identity groups stop naming its roles, its stack (no longer synthesized) is planned with -destroy and flagged destructive, and the deploy empties it', async () => {
  // npm run plan of the retired stack alone, named as any stack: it plans the destruction and says so.
  const cli = target.cli('plan', ['--roster', target.rosterFile(REMOVED as RosterInput), '--stack', 'account-staging']);
  if (cli.code !== 2) throw new Error(`npm run plan exited ${cli.code} (2: changes pending)\n${cli.stdout}\n${cli.stderr}`);
  expect(cli.stdout).toContain('changes pending: account-staging');
  expect(cli.stdout).toMatch(/DESTROYS account-staging: account staging \(333333333333\) is no longer on the roster: every resource its state holds \(\d+, .*terraform\.account-staging\.tfstate\) is planned for destruction/);
  expect(readFileSync(join(stackDir(target.outdir, 'account-staging'), 'cdk.tf.json'), 'utf8')).not.toContain('aws_iam_role');

  const { summary, deployed } = await deployChange(REMOVED, ['identity', 'account-staging']);
  expect(deployed.map((d) => [d.stack, d.retired])).toEqual([
    ['identity', undefined],
    ['baseline', undefined],
    ['account-dev', undefined],
    ['account-prod', undefined],
    ['account-staging', { name: 'staging', id: MEMBERS.staging }],
  ]);
  expect(summary.identity).toContain('🔻 narrows: **JSmith** (group **admins**) loses **admin** in account **staging**');
  expect(summary.identity).toContain('🔻 narrows: **JSmith** (group **assume-platform-operator**) loses **platform-operator** in account **staging**');
  expect(summary.identity).toContain('🔻 narrows: **PRaman** (group **assume-security-auditor**) loses **security-auditor** in account **staging**');
  expect(summary.identity).toContain('no privilege increase');
  const staging = summary['account-staging'];
  expect(staging).toContain('Account **staging** (`333333333333`), a member account **no longer on the roster**');
  expect(staging).toMatch(/- 🛑 account \*\*staging\*\* \(`333333333333`\) is \*\*removed from the roster\*\*: stack `account-staging` is \*\*destroyed\*\*, \d+ resource\(s\), its privileged roles \*\*admin\*\*, \*\*platform-operator\*\*, \*\*security-auditor\*\* and everything else/);
  for (const role of ['admin', 'platform-operator', 'security-auditor']) expect(staging).toContain(`- 🛑 privileged role **${role}** is **deleted**`);

  const stagingIam = await memberIam(target, MEMBERS.staging);
  expect(await privilegedRoles(stagingIam)).toEqual({});
  await expect(stagingIam.send(new GetAccountPasswordPolicyCommand({}))).rejects.toBeInstanceOf(NoSuchEntityException);
  expect(Object.keys(await privilegedRoles(await memberIam(target, MEMBERS.prod))).sort()).toEqual(['admin', 'aws-support', 'database-admin', 'platform-operator', 'security-auditor']);
  expect(await assumableArns(target, 'admins', 'assume-admin')).toEqual([roleArn(IDENTITY, 'admin'), roleArn(DEV, 'admin'), roleArn(MEMBERS.prod, 'admin')]);
  expect(await assumableArns(target, 'assume-security-auditor', 'assume-security-auditor')).toEqual([roleArn(IDENTITY, 'security-auditor'), roleArn(MEMBERS.prod, 'security-auditor')]);

  // Retired: its state holds nothing, so nothing is planned for it any more.
  const again = await target.plan(base);
  expect(again.map((p) => [p.stack, p.changes])).toEqual([
    ['identity', false],
    ['baseline', false],
    ['account-dev', false],
    ['account-prod', false],
  ]);
});

test('renaming an account on the roster (the same ID under another name) is refused before anything is planned, saying how to move its state', async () => {
  const renamed = edited(REMOVED, (r) => {
    r.accounts.production = r.accounts.prod;
    delete r.accounts.prod;
    const rename = (list: string[]) => list.map((a) => (a === 'prod' ? 'production' : a));
    r.settings.adminRoleAccounts = rename(r.settings.adminRoleAccounts);
    r.settings.supportRoleAccounts = rename(r.settings.supportRoleAccounts);
    for (const role of Object.values(r.roles) as { accounts?: string[] }[]) if (role.accounts) role.accounts = rename(role.accounts);
  });
  const plan = target.plan(renamed as RosterInput);
  await expect(plan).rejects.toBeInstanceOf(DeployError);
  await expect(plan).rejects.toThrow(/account-prod: account prod \(222222222222\) is on the roster as production now; nothing was planned or deployed\. To keep its roles, move the state/);
  expect(Object.keys(await privilegedRoles(await memberIam(target, MEMBERS.prod)))).toContain('database-admin');
});

test("with state in S3, the member stacks' states are the keys <prefix>/account-<name>.tfstate, and each is read from its key", async () => {
  const Bucket = 'retired-states';
  await target.s3.send(new CreateBucketCommand({ Bucket }));
  const keys = ['team/account-old.tfstate', 'team/account-old.tfstate.tflock', 'team/identity.tfstate', 'team/account-Bad.tfstate', 'team/nested/account-x.tfstate', 'other/account-y.tfstate'];
  for (const Key of keys) await target.s3.send(new PutObjectCommand({ Bucket, Key, Body: `{"key":"${Key}"}` }));
  const states = await memberStates({ state: { s3: { bucket: Bucket, keyPrefix: 'team', usePathStyle: true } } }, target.env);
  expect(states.map((s) => [s.stack, s.where])).toEqual([['account-old', `s3://${Bucket}/team/account-old.tfstate`]]);
  expect(await states[0].read()).toBe('{"key":"team/account-old.tfstate"}');
});
