/**
 * A plan of a member account's stack names its account, and a grant narrowed to one account
 * says which; the identity account's plan reads exactly as before.
 */
import { loadRosterFile } from '../../roster';
import { SUMMARY_MARKER, parsePlan, renderComment, renderMarkdown, summarizePlan } from '../../tools/plan-summary';
import { ORGANIZATION_ROSTER } from '../stacks/synthesized';

const roster = loadRosterFile(ORGANIZATION_ROSTER);

/** A plan as terraform show -json writes it, with the provider's allowed account. */
function plan(accountId: string, changes: { address: string; type: string; name: string; after: Record<string, unknown> }[]) {
  return parsePlan({
    format_version: '1.2',
    terraform_version: '1.11.4',
    configuration: { provider_config: { aws: { name: 'aws', expressions: { allowed_account_ids: { constant_value: [accountId] }, region: { constant_value: 'us-east-1' } } } } },
    resource_changes: changes.map((c) => ({ ...c, mode: 'managed', change: { actions: ['create'], before: null, after: c.after, after_unknown: {} } })),
  });
}

const roleCreated = { address: 'aws_iam_role.role-database-admin', type: 'aws_iam_role', name: 'role-database-admin', after: { name: 'database-admin', path: '/privileged/' } };

describe('the plan summary of many accounts', () => {
  test("a member account's plan reads its account from the provider and names it under the heading", () => {
    const p = plan('222222222222', [roleCreated]);
    expect(p.accountId).toBe('222222222222');
    const summary = summarizePlan(p, { head: roster });
    expect(summary.account).toEqual({ name: 'prod', id: '222222222222' });
    expect(renderMarkdown(summary)).toContain('Account **prod** (`222222222222`), a member account: its privileged roles and baseline.');
  });

  test("the identity account's plan names no account, as before accounts", () => {
    const summary = summarizePlan(plan('123456789012', [roleCreated]), { head: roster });
    expect(summary.account).toBeUndefined();
    expect(renderMarkdown(summary)).not.toContain('a member account');
  });

  test('without a roster an account ID alone is not named', () => {
    expect(summarizePlan(plan('222222222222', [roleCreated])).account).toBeUndefined();
  });

  test('a person put in the group of a grant narrowed to one account is told the account', () => {
    const membership = {
      address: 'aws_iam_user_group_membership.groups-1006',
      type: 'aws_iam_user_group_membership',
      name: 'groups-1006',
      after: { user: 'MChen', groups: ['readonly-base', 'assume-database-admin_in_staging'] },
    };
    const text = renderMarkdown(summarizePlan(plan('123456789012', [membership]), { head: roster }));
    expect(text).toContain('the privileged role **database-admin** in account **staging**');
  });

  describe('one comment for every stack the pull request plans', () => {
    const identity = summarizePlan(plan('123456789012', []), { head: roster });
    const prod = summarizePlan(plan('222222222222', [roleCreated]), { head: roster });
    const staging = summarizePlan(plan('333333333333', []), { head: roster });

    test('the marker starts the comment once, and each stack follows in the order given, named by its account', () => {
      const text = renderComment([identity, prod, staging], { context: 'Plan of abc123.' });
      expect(text.startsWith(`${SUMMARY_MARKER}\n`)).toBe(true);
      expect(text.split(SUMMARY_MARKER)).toHaveLength(2);
      expect(text.split('Plan of abc123.')).toHaveLength(2);
      const prodAt = text.indexOf('Account **prod**');
      const stagingAt = text.indexOf('Account **staging**');
      expect(prodAt).toBeGreaterThan(text.indexOf('**No changes.**'));
      expect(stagingAt).toBeGreaterThan(prodAt);
      expect(text.slice(prodAt, stagingAt)).toContain('aws_iam_role');
    });

    test('one stack reads exactly as renderMarkdown writes it', () => {
      expect(renderComment([prod])).toBe(renderMarkdown(prod));
    });

    test('over the limit, stacks without changes keep their line and the changed stacks share the rest', () => {
      const many = Array.from({ length: 300 }, (_, i) => ({ ...roleCreated, address: `aws_iam_role.role-r${i}`, name: `role-r${i}`, after: { name: `r${i}`, path: '/privileged/' } }));
      const big = summarizePlan(plan('222222222222', many), { head: roster });
      const text = renderComment([identity, big, staging], { maxChars: 8000 });
      expect(text.length).toBeLessThanOrEqual(8000);
      expect(renderMarkdown(big).length).toBeGreaterThan(8000);
      expect(text).toContain('Account **staging**');
      expect(text).toContain('Account **prod**');
    });
  });
});

/** A plan of changes with before and after, as terraform show -json writes it. */
function planOf(accountId: string, changes: { address: string; type: string; name: string; actions: string[]; before: unknown; after: unknown }[], outputs: Record<string, unknown> = {}) {
  return parsePlan({
    format_version: '1.2',
    configuration: {
      provider_config: { aws: { name: 'aws', expressions: { allowed_account_ids: { constant_value: [accountId] } } } },
      root_module: { outputs: Object.fromEntries(Object.entries(outputs).map(([k, v]) => [k, { expression: { constant_value: v } }])) },
    },
    resource_changes: changes.map(({ actions, before, after, ...c }) => ({ ...c, mode: 'managed', change: { actions, before, after, after_unknown: {} } })),
  });
}

const assumePolicy = (resource: string | string[]) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'AssumeThisRoleOnly', Effect: 'Allow', Action: 'sts:AssumeRole', Resource: resource }] });
const arn = (account: string, role: string) => `arn:aws:iam::${account}:role/privileged/${role}`;

describe('moving roles between accounts, in roster terms', () => {
  const groupPolicy = (group: string, role: string, before: string | string[], after: string | string[]) => ({
    address: `aws_iam_group_policy.group-${group}-assume-${role}`,
    type: 'aws_iam_group_policy',
    name: `group-${group}-assume-${role}`,
    actions: ['update'],
    before: { group, name: `assume-${role}`, policy: assumePolicy(before) },
    after: { group, name: `assume-${role}`, policy: assumePolicy(after) },
  });

  test("a group policy naming a role in another account reads as its members (from the roster) losing it in one and gaining it in the other", () => {
    const p = planOf('123456789012', [groupPolicy('assume-database-admin', 'database-admin', [arn('222222222222', 'database-admin'), arn('333333333333', 'database-admin')], arn('222222222222', 'database-admin'))]);
    const summary = summarizePlan(p, { head: roster });
    expect(summary.privileges).toEqual([{ effect: 'narrows', subject: 'group', text: '**JNunez** (group **assume-database-admin**) loses **database-admin** in account **staging**' }]);
    // Without a roster: the account ID and the group, no names.
    expect(summarizePlan(p).privileges.map((x) => x.text)).toEqual(['members of group **assume-database-admin** lose **database-admin** in account **333333333333**']);
  });

  test('the admin role in a new account is an admin-equivalent grant', () => {
    const identityAdmin = arn('123456789012', 'admin');
    const p = planOf('123456789012', [groupPolicy('admins', 'admin', [identityAdmin, arn('222222222222', 'admin')], [identityAdmin, arn('222222222222', 'admin'), arn('444444444444', 'admin')])]);
    const text = renderMarkdown(summarizePlan(p, { head: roster }));
    expect(text).toContain('**🚨 1 admin-equivalent grant**');
    expect(text).toContain('- 🔺 widens: **JSmith** (group **admins**) gains **admin** in account **444444444444**');
  });

  test('a change to the document beyond its ARNs is still shown as a change to judge', () => {
    const change = groupPolicy('assume-database-admin', 'database-admin', arn('222222222222', 'database-admin'), arn('333333333333', 'database-admin'));
    const widened = JSON.parse(change.after.policy);
    widened.Statement.push({ Sid: 'More', Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' });
    const p = planOf('123456789012', [{ ...change, after: { ...change.after, policy: JSON.stringify(widened) } }]);
    expect(summarizePlan(p, { head: roster }).privileges.map((x) => `${x.effect} ${x.text}`)).toEqual([
      'widens **JNunez** (group **assume-database-admin**) gains **database-admin** in account **staging**',
      'narrows **JNunez** (group **assume-database-admin**) loses **database-admin** in account **prod**',
      'changes group **assume-database-admin** inline policy `assume-database-admin` changes: statements added: `More`; statements changed: `AssumeThisRoleOnly`',
    ]);
  });
});

describe('a retired account, in roster terms', () => {
  const deleted = (type: string, name: string, before: Record<string, unknown>) => ({ address: `${type}.${name}`, type, name, actions: ['delete'], before, after: null });
  const changes = [
    deleted('aws_iam_role', 'role-admin', { name: 'admin' }),
    deleted('aws_iam_role', 'role-security-auditor', { name: 'security-auditor' }),
    deleted('aws_sns_topic', 'security-alerts', { name: 'security-alerts' }),
  ];

  test("a plan of a retired account's stack flags the account's removal, then each role's", () => {
    const summary = summarizePlan(planOf('333333333333', changes, { retired_account: { name: 'staging', id: '333333333333' } }));
    expect(summary.account).toEqual({ name: 'staging', id: '333333333333', retired: true });
    expect(summary.destructive.map((d) => d.text)).toEqual([
      'account **staging** (`333333333333`) is **removed from the roster**: stack `account-staging` is **destroyed**, 3 resource(s), its privileged roles **admin**, **security-auditor** and everything else its stack made there',
      'privileged role **admin** is **deleted**: nobody may assume it here any more (`aws_iam_role.role-admin`)',
      'privileged role **security-auditor** is **deleted**: nobody may assume it here any more (`aws_iam_role.role-security-auditor`)',
    ]);
    expect(renderMarkdown(summary)).toContain('Account **staging** (`333333333333`), a member account **no longer on the roster**: this plan destroys what its stack made there.');
  });

  test("the retired account is believed only when the provider may change that account alone", () => {
    const summary = summarizePlan(planOf('222222222222', changes, { retired_account: { name: 'staging', id: '333333333333' } }));
    expect(summary.account).toBeUndefined();
    expect(summary.destructive.map((d) => d.kind)).toEqual(['delete', 'delete']);
  });
});
