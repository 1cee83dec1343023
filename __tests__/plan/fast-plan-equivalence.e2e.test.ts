/**
 * The fast plan shows exactly what a full refresh and plan would: users.yaml is deployed
 * once (identity stack), then each case makes one kind of drift by hand with the SDK or
 * changes the roster, plans through planRoster (the fast plan, as npm run plan does),
 * then runs today's full plan (terraform plan, refreshing everything) in the same folder,
 * and compares the resource changes of both plans: address, actions, after values and
 * which values are unknown until apply. Each case then puts the account back.
 */
import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  AttachRolePolicyCommand,
  CreateLoginProfileCommand,
  DeleteGroupCommand,
  DeleteGroupPolicyCommand,
  DeleteLoginProfileCommand,
  DeleteRoleCommand,
  DeleteUserCommand,
  DetachGroupPolicyCommand,
  DetachRolePolicyCommand,
  GetGroupPolicyCommand,
  GetRoleCommand,
  PutGroupPolicyCommand,
  RemoveUserFromGroupCommand,
  TagUserCommand,
  UpdateAccountPasswordPolicyCommand,
  UpdateAssumeRolePolicyCommand,
  UpdateRoleCommand,
  UpdateUserCommand,
} from '@aws-sdk/client-iam';
import { type AlternateContact, GetAlternateContactCommand, PutAlternateContactCommand } from '@aws-sdk/client-account';
import { DescribeRuleCommand, type DescribeRuleCommandOutput, DisableRuleCommand, EnableRuleCommand, PutRuleCommand } from '@aws-sdk/client-eventbridge';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { RosterInput } from '../../roster/schema';
import { alertRuleName } from '../../stacks/baseline-names';
import { deployRoleArn } from '../../stacks/member-role-arns';
import { assumeRoleEnv } from '../../tools/aws/assume-role';
import { accountClient, eventBridgeClient, iamClient } from '../../tools/aws/clients';
import { PLAN_FILE, type StackPlan } from '../../tools/deploy/deploy';
import { decodePolicy } from '../../tools/plan/fast-plan/compare-identity';
import { terraformOk } from '../../tools/terraform/run';
import { edit } from '../plan-summary/roster-planner';
import { DeployTarget, EXAMPLE_ROSTER, exampleInput } from '../e2e/deploy-target';
import { ORGANIZATION_ROSTER } from '../stacks/synthesized';

const IDENTITY = { stacks: ['identity'] };
const FULL_PLAN_FILE = 'full.tfplan';
let target: DeployTarget;

beforeAll(async () => {
  target = await DeployTarget.start();
  const [deployed] = await target.deploy(EXAMPLE_ROSTER, IDENTITY);
  expect(deployed.applied).toBe(true);
}, 300_000);

afterAll(async () => {
  await target?.stop();
});

interface Change {
  readonly address: string;
  readonly actions: readonly string[];
  readonly after: unknown;
  readonly afterUnknown: unknown;
}

/** A saved plan's resource changes, no-ops and reads left out (a targeted plan lists only its targets). */
function changesIn(dir: string, planFile: string): Change[] {
  const show = terraformOk(['show', '-json', planFile], { cwd: dir, env: target.env as Record<string, string> });
  const json = JSON.parse(show.stdout) as { resource_changes?: { address: string; change: { actions: string[]; after: unknown; after_unknown: unknown } }[] };
  return (json.resource_changes ?? [])
    .filter((c) => !(c.change.actions.length === 1 && ['no-op', 'read'].includes(c.change.actions[0])))
    .map((c) => ({ address: c.address, actions: c.change.actions, after: c.change.after, afterUnknown: c.change.after_unknown }))
    .sort((a, b) => a.address.localeCompare(b.address));
}

interface Compared {
  readonly fast: StackPlan;
  readonly changes: readonly Change[];
}

/**
 * The fast plan of roster for every stack planned (planRoster, as npm run plan: the fast plan
 * where it applies, a full one elsewhere), then today's full plan in each stack's folder
 * (terraform plan with its refresh of every resource, as --full-refresh runs it), each stack's
 * changes held equal. Returns, per stack, the fast plan and the changes.
 */
async function fastAndFullEvery(roster: RosterInput | string, stacks?: readonly string[]): Promise<Compared[]> {
  const plans = await target.plan(roster, stacks ? { stacks } : {});
  return plans.map((fast) => {
    const fastChanges = fast.mode === 'none' ? [] : changesIn(fast.dir, PLAN_FILE);
    terraformOk(['plan', '-input=false', '-no-color', '-detailed-exitcode', `-out=${FULL_PLAN_FILE}`], { cwd: fast.dir, env: target.env as Record<string, string>, okCodes: [0, 2] });
    const fullChanges = changesIn(fast.dir, FULL_PLAN_FILE);
    // The stack named, so that a difference says which stack's plan differs.
    expect({ stack: fast.stack, changes: fastChanges }).toEqual({ stack: fast.stack, changes: fullChanges });
    expect({ stack: fast.stack, changes: fast.changes }).toEqual({ stack: fast.stack, changes: fullChanges.length > 0 });
    return { fast, changes: fullChanges };
  });
}

/** fastAndFullEvery for the identity stack alone (the fixture users.yaml deploys). */
async function fastAndFull(roster: RosterInput | string = EXAMPLE_ROSTER): Promise<Compared> {
  const [identity] = await fastAndFullEvery(roster, IDENTITY.stacks);
  return identity;
}

const addresses = (c: Compared) => c.changes.map((x) => `${x.address} ${x.actions.join('+')}`);

/** Put the account back to users.yaml: a deploy (for what the SDK cannot restore as it was, such as a deleted object's unique ID). */
async function redeploy(): Promise<void> {
  await target.deploy(EXAMPLE_ROSTER, IDENTITY);
}

const iam = () => target.iam;
/** Policies as deployed, read before a case changes them, to put back after. */
const saved = { groupPolicy: '', trustPolicy: '' };
const EXAMPLE_TAGS = { EmployeeId: '1001', ManagedBy: 'iam-roster', Name: 'John Smith', Team: 'platform' };
const ADMIN_ROLE_DESCRIPTION = 'Administrator access, assumed with MFA by members of the admins group';
const tagList = (tags: Record<string, string>) => Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));

/** One kind of drift made by hand, how to undo it with the SDK (none: redeploy), and whether a full plan shows a change for it. */
interface DriftCase {
  readonly name: string;
  make(): Promise<void>;
  undo?(): Promise<void>;
  /** A full plan has changes (false: the drift is outside what the stack manages, or only in attributes no plan compares). */
  readonly changes: boolean;
}

const DRIFTS: readonly DriftCase[] = [
  {
    name: "a user's tag changed",
    make: () => iam().send(new TagUserCommand({ UserName: 'JSmith', Tags: [{ Key: 'Team', Value: 'data' }] })).then(() => undefined),
    undo: () => iam().send(new TagUserCommand({ UserName: 'JSmith', Tags: tagList(EXAMPLE_TAGS) })).then(() => undefined),
    changes: true,
  },
  {
    name: 'a user renamed',
    make: () => iam().send(new UpdateUserCommand({ UserName: 'JSmith', NewUserName: 'JSmith-renamed' })).then(() => undefined),
    undo: async () => {
      await iam().send(new UpdateUserCommand({ UserName: 'JSmith-renamed', NewUserName: 'JSmith' }));
      // The emulator keys tags by ARN and loses them on a rename.
      await iam().send(new TagUserCommand({ UserName: 'JSmith', Tags: tagList(EXAMPLE_TAGS) }));
    },
    changes: true,
  },
  {
    name: 'a person removed from a group',
    make: () => iam().send(new RemoveUserFromGroupCommand({ UserName: 'JNunez', GroupName: 'assume-network-admin' })).then(() => undefined),
    undo: () => iam().send(new AddUserToGroupCommand({ UserName: 'JNunez', GroupName: 'assume-network-admin' })).then(() => undefined),
    changes: true,
  },
  {
    name: 'a person added to a group by hand (not managed: no change either way)',
    make: () => iam().send(new AddUserToGroupCommand({ UserName: 'JaneSmith', GroupName: 'admins' })).then(() => undefined),
    undo: () => iam().send(new RemoveUserFromGroupCommand({ UserName: 'JaneSmith', GroupName: 'admins' })).then(() => undefined),
    changes: false,
  },
  {
    name: 'a login profile deleted',
    make: () => iam().send(new DeleteLoginProfileCommand({ UserName: 'PRaman' })).then(() => undefined),
    undo: () => iam().send(new CreateLoginProfileCommand({ UserName: 'PRaman', Password: 'Restored-Passw0rd!', PasswordResetRequired: true })).then(() => undefined),
    changes: true,
  },
  {
    name: 'a login profile created for a person without console access (not managed)',
    make: () => iam().send(new CreateLoginProfileCommand({ UserName: 'LOBrien', Password: 'Hand-made-Passw0rd!' })).then(() => undefined),
    undo: () => iam().send(new DeleteLoginProfileCommand({ UserName: 'LOBrien' })).then(() => undefined),
    changes: false,
  },
  {
    name: "a group's inline policy changed",
    make: async () => {
      const { PolicyDocument = '' } = await iam().send(new GetGroupPolicyCommand({ GroupName: 'admins', PolicyName: 'assume-admin' }));
      saved.groupPolicy = decodePolicy(PolicyDocument);
      const widened = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] };
      await iam().send(new PutGroupPolicyCommand({ GroupName: 'admins', PolicyName: 'assume-admin', PolicyDocument: JSON.stringify(widened) }));
    },
    undo: () => iam().send(new PutGroupPolicyCommand({ GroupName: 'admins', PolicyName: 'assume-admin', PolicyDocument: saved.groupPolicy })).then(() => undefined),
    changes: true,
  },
  {
    name: "a group's managed policy detached",
    make: () => iam().send(new DetachGroupPolicyCommand({ GroupName: 'readonly-base', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' })).then(() => undefined),
    undo: () => iam().send(new AttachGroupPolicyCommand({ GroupName: 'readonly-base', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' })).then(() => undefined),
    changes: true,
  },
  {
    name: "a role's trust policy changed",
    make: async () => {
      const { Role } = await iam().send(new GetRoleCommand({ RoleName: 'database-admin' }));
      saved.trustPolicy = decodePolicy(Role?.AssumeRolePolicyDocument ?? '');
      const open = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'sts:AssumeRole' }] };
      await iam().send(new UpdateAssumeRolePolicyCommand({ RoleName: 'database-admin', PolicyDocument: JSON.stringify(open) }));
    },
    undo: () => iam().send(new UpdateAssumeRolePolicyCommand({ RoleName: 'database-admin', PolicyDocument: saved.trustPolicy })).then(() => undefined),
    changes: true,
  },
  {
    name: "a role's managed policy detached",
    make: () => iam().send(new DetachRolePolicyCommand({ RoleName: 'network-admin', PolicyArn: 'arn:aws:iam::aws:policy/job-function/NetworkAdministrator' })).then(() => undefined),
    undo: () => iam().send(new AttachRolePolicyCommand({ RoleName: 'network-admin', PolicyArn: 'arn:aws:iam::aws:policy/job-function/NetworkAdministrator' })).then(() => undefined),
    changes: true,
  },
  {
    name: 'a managed policy attached to a role by hand (not managed: no change either way)',
    make: () => iam().send(new AttachRolePolicyCommand({ RoleName: 'security-auditor', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' })).then(() => undefined),
    undo: () => iam().send(new DetachRolePolicyCommand({ RoleName: 'security-auditor', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' })).then(() => undefined),
    changes: false,
  },
  {
    name: "a role's maximum session changed",
    // The emulator clears a description UpdateRole does not repeat.
    make: () => iam().send(new UpdateRoleCommand({ RoleName: 'admin', MaxSessionDuration: 43200, Description: ADMIN_ROLE_DESCRIPTION })).then(() => undefined),
    undo: () => iam().send(new UpdateRoleCommand({ RoleName: 'admin', MaxSessionDuration: 3600, Description: ADMIN_ROLE_DESCRIPTION })).then(() => undefined),
    changes: true,
  },
  {
    name: 'the password policy changed',
    make: () => iam().send(new UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: 8, RequireSymbols: false, RequireNumbers: true, RequireUppercaseCharacters: true, RequireLowercaseCharacters: true, AllowUsersToChangePassword: true, MaxPasswordAge: 90, PasswordReusePrevention: 24, HardExpiry: false })).then(() => undefined),
    undo: () => iam().send(new UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: 14, RequireSymbols: true, RequireNumbers: true, RequireUppercaseCharacters: true, RequireLowercaseCharacters: true, AllowUsersToChangePassword: true, MaxPasswordAge: 90, PasswordReusePrevention: 24, HardExpiry: false })).then(() => undefined),
    changes: true,
  },
  {
    name: 'a user deleted',
    make: async () => {
      await iam().send(new DeleteLoginProfileCommand({ UserName: 'JaneSmith' }));
      for (const GroupName of ['readonly-base', 'assume-network-admin']) await iam().send(new RemoveUserFromGroupCommand({ UserName: 'JaneSmith', GroupName }));
      await iam().send(new DeleteUserCommand({ UserName: 'JaneSmith' }));
    },
    changes: true,
  },
  {
    name: 'a role deleted',
    make: async () => {
      await iam().send(new DetachRolePolicyCommand({ RoleName: 'platform-operator', PolicyArn: 'arn:aws:iam::aws:policy/PowerUserAccess' }));
      await iam().send(new DeleteRoleCommand({ RoleName: 'platform-operator' }));
    },
    changes: true,
  },
  {
    name: 'a group deleted',
    make: async () => {
      await iam().send(new RemoveUserFromGroupCommand({ UserName: 'JNunez', GroupName: 'assume-database-admin' }));
      await iam().send(new DeleteGroupPolicyCommand({ GroupName: 'assume-database-admin', PolicyName: 'assume-database-admin' }));
      await iam().send(new DeleteGroupCommand({ GroupName: 'assume-database-admin' }));
    },
    changes: true,
  },
];

test('with the roster unchanged and nothing drifted, the fast plan answers no changes without running terraform plan', async () => {
  const compared = await fastAndFull();
  expect(compared.fast.mode).toBe('none');
  expect(compared.changes).toEqual([]);
});

describe.each(DRIFTS)('drift made by hand: $name', (drift) => {
  test('the fast plan shows what a full plan shows', async () => {
    await drift.make();
    try {
      const compared = await fastAndFull();
      expect(compared.changes.length > 0).toBe(drift.changes);
      // The fast path itself ran, not its fallback.
      expect(compared.fast.mode).not.toBe('full');
    } finally {
      if (drift.undo) await drift.undo();
      else await redeploy();
    }
  });
});

/** Roster changes: planned only, so the account and state stay as deployed. */
const ROSTER_CHANGES: readonly { readonly name: string; readonly change: (r: RosterInput) => void; readonly expect: RegExp }[] = [
  { name: 'a person added', change: (r) => r.people.push({ name: 'Ana Costa', employeeId: '1007', team: 'network' }), expect: /aws_iam_user\.user-1007 create/ },
  { name: 'a person removed', change: (r) => r.people.splice(r.people.findIndex((p) => p.employeeId === '1005'), 1), expect: /aws_iam_user\.user-1005 delete/ },
  {
    name: 'a person renamed',
    change: (r) => {
      const jane = r.people.find((p) => p.employeeId === '1002') as { name: string; username?: string };
      jane.name = 'Jane Doe';
      delete jane.username;
    },
    expect: /aws_iam_user\.user-1002 update/,
  },
  { name: 'a person moved to another team', change: (r) => void ((r.people.find((p) => p.employeeId === '1003') as { team: string }).team = 'platform'), expect: /aws_iam_user_group_membership\.groups-1003 update/ },
  { name: 'a person suspended', change: (r) => void ((r.people.find((p) => p.employeeId === '1001') as { status?: string }).status = 'suspended'), expect: /aws_iam_user_login_profile\.login-1001 delete/ },
  { name: 'admin granted', change: (r) => void ((r.people.find((p) => p.employeeId === '1002') as { admin?: boolean }).admin = true), expect: /aws_iam_user_group_membership\.groups-1002 update/ },
  {
    name: 'a role definition changed',
    change: (r) => {
      const role = (r.roles as Record<string, { maxSessionHours?: number; managedPolicyArns: string[] }>)['database-admin'];
      role.maxSessionHours = 3;
      role.managedPolicyArns.push('arn:aws:iam::aws:policy/ReadOnlyAccess');
    },
    expect: /aws_iam_role\.role-database-admin update/,
  },
  { name: 'the naming standard switched for everyone', change: (r) => void ((r.settings as { naming: string }).naming = 'first_last'), expect: /aws_iam_user\.user-1001 update/ },
];

describe.each(ROSTER_CHANGES)('roster change: $name', ({ change, expect: expected }) => {
  test('the fast plan shows what a full plan shows', async () => {
    const compared = await fastAndFull(edit(exampleInput(), change));
    expect(addresses(compared).join('\n')).toMatch(expected);
  });
});

/** A small seeded generator (mulberry32): the same seed, the same cases. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

test.each([20261202, 7])('seeded mix of roster changes and drift (seed %i) plans as a full plan does', async (seed) => {
  const next = random(seed);
  const pick = <T>(list: readonly T[], n: number): T[] => {
    const left = [...list];
    return Array.from({ length: n }, () => left.splice(Math.floor(next() * left.length), 1)[0]);
  };
  // Drift that the SDK can undo, so that the account is as deployed afterwards.
  const drifts = pick(DRIFTS.filter((d) => d.undo), 2 + Math.floor(next() * 2));
  const changes = pick(ROSTER_CHANGES, 1 + Math.floor(next() * 3));
  const roster = edit(exampleInput(), (r) => changes.forEach((c) => c.change(r)));
  for (const d of drifts) await d.make();
  try {
    const compared = await fastAndFull(roster);
    expect(compared.changes.length).toBeGreaterThan(0);
  } finally {
    for (const d of [...drifts].reverse()) await (d.undo as () => Promise<void>)();
  }
});

test('npm run plan says which plan ran and why; --full-refresh forces the full plan', () => {
  const fast = target.cli('plan', ['--stack', 'identity']);
  expect(fast.stdout).toMatch(/identity: fast plan: nothing to plan - no resource's configuration changed/);
  expect(fast.code).toBe(0);
  // The pull-request workflow summarizes the plan npm run plan left, even when the fast plan ran none.
  const summary = target.cli('plan-summary', [join(target.outdir, 'stacks', 'identity')]);
  expect(summary.code).toBe(0);
  expect(summary.stdout).toMatch(/no changes/i);
  const full = target.cli('plan', ['--stack', 'identity', '--full-refresh']);
  expect(full.stdout).toMatch(/identity: full plan \(refresh every resource\): --full-refresh/);
  expect(full.stdout).toMatch(/no changes: the account matches the roster/);
  expect(full.code).toBe(0);
});

test('a state written by something other than a deploy (terraform apply by hand) makes the next plan a full one', async () => {
  const [plan] = await target.plan(EXAMPLE_ROSTER, IDENTITY);
  // A refresh-only apply rewrites the state (new serial) without the deploy recording it.
  terraformOk(['apply', '-refresh-only', '-auto-approve', '-input=false', '-no-color'], { cwd: plan.dir, env: target.env as Record<string, string> });
  const [after] = await target.plan(EXAMPLE_ROSTER, IDENTITY);
  expect(after.mode).toBe('full');
  expect(after.reason).toMatch(/the state changed since the configuration was recorded \(serial \d+ -> \d+\)/);
  // A deploy that finds nothing to change records the configuration again.
  await redeploy();
  const [again] = await target.plan(EXAMPLE_ROSTER, IDENTITY);
  expect(again.mode).toBe('none');
});

/**
 * Every stack the plan covers, on a roster with member accounts: the identity stack (fast plan),
 * the baseline (alternate contact, alert rules) and each member account's stack (roles, its own
 * baseline), which are always planned in full. Runs last: fresh() empties the account the cases
 * above use. Two cases, each planning every stack twice, to keep the file's time in bounds.
 */
describe('every stack of a roster with member accounts (examples/organization.yaml)', () => {
  const MEMBERS = { prod: '222222222222', staging: '333333333333' } as const;
  const ORGANIZATION_STACKS = ['identity', 'baseline', 'account-prod', 'account-staging'];
  /** SDK environments by account: the identity account's own, and each member's through its deploy role. */
  const envs: Record<'identity' | keyof typeof MEMBERS, NodeJS.ProcessEnv> = { identity: {}, prod: {}, staging: {} };
  const organizationInput = () => parse(readFileSync(ORGANIZATION_ROSTER, 'utf8')) as RosterInput;
  const ROOT_API_USE = alertRuleName('root-api-use');
  const ROOT_SIGN_IN = alertRuleName('root-console-sign-in');
  const AUDITOR_DESCRIPTION = 'Read security configuration and logs';
  const kept: { contact?: AlternateContact; rule?: DescribeRuleCommandOutput; trust?: string } = {};

  beforeAll(async () => {
    await target.fresh();
    const deployed = await target.deploy(ORGANIZATION_ROSTER);
    expect(deployed.map((d) => [d.stack, d.applied])).toEqual(ORGANIZATION_STACKS.map((s) => [s, true]));
    envs.identity = target.env;
    for (const name of ['prod', 'staging'] as const) envs[name] = await assumeRoleEnv(target.env, deployRoleArn(MEMBERS[name], 'OrganizationAccountAccessRole'));
  }, 900_000);

  /** Drift by hand in one account: the stack whose full plan shows it, and the resource it changes there. */
  const ORG_DRIFTS: readonly (Omit<DriftCase, 'changes'> & { readonly stack: string; readonly address: string })[] = [
    {
      name: 'a person removed from a group in the identity account',
      stack: 'identity',
      address: 'aws_iam_user_group_membership.groups-1003',
      make: () => iam().send(new RemoveUserFromGroupCommand({ UserName: 'JNunez', GroupName: 'assume-database-admin' })).then(() => undefined),
      undo: () => iam().send(new AddUserToGroupCommand({ UserName: 'JNunez', GroupName: 'assume-database-admin' })).then(() => undefined),
    },
    {
      name: "the identity account's SECURITY alternate contact changed (account API)",
      stack: 'baseline',
      address: 'aws_account_alternate_contact.security-contact',
      make: async () => {
        kept.contact = (await accountClient(envs.identity).send(new GetAlternateContactCommand({ AlternateContactType: 'SECURITY' }))).AlternateContact;
        await accountClient(envs.identity).send(new PutAlternateContactCommand({ AlternateContactType: 'SECURITY', Name: 'Someone Else', Title: 'Security', EmailAddress: 'someone-else@example.net', PhoneNumber: '+1 555 0199' }));
      },
      undo: () => accountClient(envs.identity).send(new PutAlternateContactCommand({ ...(kept.contact as Required<AlternateContact>) })).then(() => undefined),
    },
    {
      name: 'an alert rule disabled in the identity account (EventBridge DisableRule)',
      stack: 'baseline',
      address: 'aws_cloudwatch_event_rule.alert-root-api-use',
      make: () => eventBridgeClient(envs.identity).send(new DisableRuleCommand({ Name: ROOT_API_USE })).then(() => undefined),
      undo: () => eventBridgeClient(envs.identity).send(new EnableRuleCommand({ Name: ROOT_API_USE })).then(() => undefined),
    },
    {
      name: "an alert rule's pattern changed in member account staging (EventBridge PutRule)",
      stack: 'account-staging',
      address: 'aws_cloudwatch_event_rule.alert-root-console-sign-in',
      make: async () => {
        const events = eventBridgeClient(envs.staging);
        kept.rule = await events.send(new DescribeRuleCommand({ Name: ROOT_SIGN_IN }));
        const never = { source: ['aws.signin'], 'detail-type': ['AWS Console Sign In via CloudTrail'], detail: { userIdentity: { type: ['NoOne'] } } };
        await events.send(new PutRuleCommand({ Name: ROOT_SIGN_IN, EventPattern: JSON.stringify(never), Description: kept.rule.Description, State: 'ENABLED' }));
      },
      undo: () => eventBridgeClient(envs.staging).send(new PutRuleCommand({ Name: ROOT_SIGN_IN, EventPattern: kept.rule?.EventPattern, Description: kept.rule?.Description, State: kept.rule?.State })).then(() => undefined),
    },
    {
      name: "a member account role's trust policy changed (prod database-admin)",
      stack: 'account-prod',
      address: 'aws_iam_role.role-database-admin',
      make: async () => {
        const prod = iamClient(envs.prod);
        const { Role } = await prod.send(new GetRoleCommand({ RoleName: 'database-admin' }));
        kept.trust = decodePolicy(Role?.AssumeRolePolicyDocument ?? '');
        const open = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'sts:AssumeRole' }] };
        await prod.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'database-admin', PolicyDocument: JSON.stringify(open) }));
      },
      undo: () => iamClient(envs.prod).send(new UpdateAssumeRolePolicyCommand({ RoleName: 'database-admin', PolicyDocument: kept.trust })).then(() => undefined),
    },
    {
      name: "a member account role's maximum session changed (staging security-auditor)",
      stack: 'account-staging',
      address: 'aws_iam_role.role-security-auditor',
      // The emulator clears a description UpdateRole does not repeat.
      make: () => iamClient(envs.staging).send(new UpdateRoleCommand({ RoleName: 'security-auditor', MaxSessionDuration: 43200, Description: AUDITOR_DESCRIPTION })).then(() => undefined),
      undo: () => iamClient(envs.staging).send(new UpdateRoleCommand({ RoleName: 'security-auditor', MaxSessionDuration: 4 * 3600, Description: AUDITOR_DESCRIPTION })).then(() => undefined),
    },
  ];

  /** Per stack: whether its plan has changes, whether the fast plan ran, and that a full plan said why. */
  const shape = (compared: readonly Compared[]) =>
    compared.map((c) => ({ stack: c.fast.stack, changes: c.changes.length > 0, fast: c.fast.mode !== 'full', saysWhy: c.fast.stack === 'identity' || /^the fast plan covers the identity stack only; this stack holds .+, whose number does not grow with the roster$/.test(c.fast.reason) }));

  test("a roster change that moves grants between accounts (a person's grant from prod to staging, a role out of staging) plans as a full plan does in every stack", async () => {
    const moved = edit(organizationInput(), (r) => {
      const jose = r.people.find((p) => p.employeeId === '1003') as { roles: (string | { role: string; accounts: string[] })[] };
      (jose.roles[0] as { accounts: string[] }).accounts = ['staging'];
      (r.roles as Record<string, { accounts?: string[] }>)['security-auditor'].accounts = ['identity', 'prod'];
    });
    const compared = await fastAndFullEvery(moved);
    expect(shape(compared)).toEqual(ORGANIZATION_STACKS.map((stack) => ({ stack, changes: ['identity', 'account-staging'].includes(stack), fast: stack === 'identity', saysWhy: true })));
    expect(compared[0].fast.mode).toBe('targeted');
    expect(addresses(compared[3]).join('\n')).toMatch(/aws_iam_role\.role-security-auditor delete/);
  });

  test('npm run plan with every kind of drift above, in every stack, leaves the same plan in each stack as npm run plan -- --full-refresh, and says which plan ran for each stack and why', async () => {
    const plansLeft = () =>
      Object.fromEntries(
        ORGANIZATION_STACKS.map((stack) => {
          const dir = join(target.outdir, 'stacks', stack);
          return [stack, existsSync(join(dir, PLAN_FILE)) ? changesIn(dir, PLAN_FILE) : []];
        }),
      );
    // Undone in reverse, even after a failure half-way through making them.
    const made: (typeof ORG_DRIFTS)[number][] = [];
    try {
      for (const drift of ORG_DRIFTS) {
        made.push(drift);
        await drift.make();
      }
      const fast = target.cli('plan', ['--roster', ORGANIZATION_ROSTER]);
      expect(fast.code).toBe(2);
      const fastPlans = plansLeft();
      const full = target.cli('plan', ['--roster', ORGANIZATION_ROSTER, '--full-refresh']);
      expect(full.code).toBe(2);
      expect(fastPlans).toEqual(plansLeft());
      // Each drift shows in its stack's plan: the comparison above is not between two empty plans.
      for (const drift of ORG_DRIFTS) expect(`${drift.name}: ${fastPlans[drift.stack].map((c) => c.address).join(' ')}`).toContain(drift.address);
      expect(fast.stdout).toMatch(/^identity: fast plan \(\d+ targeted, refreshing them\): .*1 resource drifted in the account \(aws_iam_user_group_membership\.groups-1003: groups\)/m);
      for (const stack of ORGANIZATION_STACKS.slice(1)) {
        expect(fast.stdout).toMatch(new RegExp(`^${stack}: full plan \\(refresh every resource\\): the fast plan covers the identity stack only; this stack holds .+, whose number does not grow with the roster$`, 'm'));
      }
      for (const stack of ORGANIZATION_STACKS) expect(full.stdout).toMatch(new RegExp(`^${stack}: full plan \\(refresh every resource\\): --full-refresh$`, 'm'));
    } finally {
      for (const drift of made.reverse()) await (drift.undo as () => Promise<void>)();
    }
  });
});
