/**
 * The fast plan shows exactly what a full refresh and plan would: users.yaml is deployed
 * once (identity stack), then each case makes one kind of drift by hand with the SDK or
 * changes the roster, plans through planRoster (the fast plan, as npm run plan does),
 * then runs today's full plan (terraform plan, refreshing everything) in the same folder,
 * and compares the resource changes of both plans: address, actions, after values and
 * which values are unknown until apply (fast-plan-harness.ts). Each case then puts the account
 * back. Every stack of a roster with member accounts: fast-plan-equivalence-accounts.e2e.test.ts.
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
import { join } from 'node:path';
import type { RosterInput } from '../../roster/schema';
import { decodePolicy } from '../../tools/plan/fast-plan/compare-identity';
import { terraformOk } from '../../tools/terraform/run';
import { type Compared, addresses, fastAndFullEvery } from './fast-plan-harness';
import { edit } from '../plan-summary/roster-planner';
import { DeployTarget, EXAMPLE_ROSTER, exampleInput } from '../e2e/deploy-target';

const IDENTITY = { stacks: ['identity'] };
let target: DeployTarget;

beforeAll(async () => {
  target = await DeployTarget.start();
  const [deployed] = await target.deploy(EXAMPLE_ROSTER, IDENTITY);
  expect(deployed.applied).toBe(true);
}, 300_000);

afterAll(async () => {
  await target?.stop();
});

/** fastAndFullEvery for the identity stack alone (the fixture users.yaml deploys). */
async function fastAndFull(roster: RosterInput | string = EXAMPLE_ROSTER): Promise<Compared> {
  const [identity] = await fastAndFullEvery(target, roster, IDENTITY.stacks);
  return identity;
}



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
