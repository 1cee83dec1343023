/**
 * The fast plan shows exactly what a full refresh and plan would, for every stack of a roster with
 * member accounts: examples/organization.yaml is deployed (identity, baseline, account-prod,
 * account-staging), then roster changes and drift made by hand in each account are planned through
 * planRoster or npm run plan and compared, stack by stack, with a full plan (fast-plan-harness.ts).
 */
import { GetRoleCommand, RemoveUserFromGroupCommand, AddUserToGroupCommand, UpdateAssumeRolePolicyCommand, UpdateRoleCommand } from '@aws-sdk/client-iam';
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
import { PLAN_FILE } from '../../tools/deploy/deploy';
import { decodePolicy } from '../../tools/plan/fast-plan/compare-identity';
import { edit } from '../plan-summary/roster-planner';
import { DeployTarget } from '../e2e/deploy-target';
import { ORGANIZATION_ROSTER } from '../stacks/synthesized';
import { type Compared, addresses, changesIn, fastAndFullEvery } from './fast-plan-harness';

let target: DeployTarget;

afterAll(async () => {
  await target?.stop();
});

const iam = () => target.iam;

/** Drift made by hand in one account, how to undo it, the stack whose full plan shows it and the resource it changes there. */
interface OrgDrift {
  readonly name: string;
  readonly stack: string;
  readonly address: string;
  make(): Promise<void>;
  undo(): Promise<void>;
}

/**
 * Every stack the plan covers, on a roster with member accounts: the identity stack (fast plan),
 * the baseline (alternate contact, alert rules) and each member account's stack (roles, its own
 * baseline), which are always planned in full. Its own file (and emulator), so that
 * it runs beside the identity stack's cases (fast-plan-equivalence.e2e.test.ts). Two cases, each planning every stack twice, to keep the file's time in bounds.
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
    target = await DeployTarget.start();
    const deployed = await target.deploy(ORGANIZATION_ROSTER);
    expect(deployed.map((d) => [d.stack, d.applied])).toEqual(ORGANIZATION_STACKS.map((s) => [s, true]));
    envs.identity = target.env;
    for (const name of ['prod', 'staging'] as const) envs[name] = await assumeRoleEnv(target.env, deployRoleArn(MEMBERS[name], 'OrganizationAccountAccessRole'));
  }, 900_000);

  /** Drift by hand in one account: the stack whose full plan shows it, and the resource it changes there. */
  const ORG_DRIFTS: readonly (OrgDrift)[] = [
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
    const compared = await fastAndFullEvery(target, moved);
    expect(shape(compared)).toEqual(ORGANIZATION_STACKS.map((stack) => ({ stack, changes: ['identity', 'account-staging'].includes(stack), fast: stack === 'identity', saysWhy: true })));
    expect(compared[0].fast.mode).toBe('targeted');
    expect(addresses(compared[3]).join('\n')).toMatch(/aws_iam_role\.role-security-auditor delete/);
  });

  test('npm run plan with every kind of drift above, in every stack, leaves the same plan in each stack as npm run plan -- --full-refresh, and says which plan ran for each stack and why', async () => {
    const plansLeft = () =>
      Object.fromEntries(
        ORGANIZATION_STACKS.map((stack) => {
          const dir = join(target.outdir, 'stacks', stack);
          return [stack, existsSync(join(dir, PLAN_FILE)) ? changesIn(target, dir, PLAN_FILE) : []];
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
