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
