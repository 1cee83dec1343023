/**
 * A plan of a member account's stack names its account, and a grant narrowed to one account
 * says which; the identity account's plan reads exactly as before.
 */
import { loadRosterFile } from '../../roster';
import { parsePlan, renderMarkdown, summarizePlan } from '../../tools/plan-summary';
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
});
