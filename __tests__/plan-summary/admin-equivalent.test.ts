/**
 * Admin-equivalent access at the top of the plan summary, on a recorded plan (no
 * emulator): fixtures/admin-equivalent-plan.json is `terraform show -json` of the
 * offline plan (IAM_ROSTER_OFFLINE=1) of fixtures/admin-equivalent-roster.yaml
 * against empty state, keeping format_version, terraform_version and resource_changes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadRosterFile, parseRoster } from '../../roster';
import { type ResourceChange, parsePlan, renderMarkdown, summarizePlan } from '../../tools/plan-summary';

const FIXTURES = join(__dirname, 'fixtures');
const ROSTER_FILE = join(FIXTURES, 'admin-equivalent-roster.yaml');
const planJson = JSON.parse(readFileSync(join(FIXTURES, 'admin-equivalent-plan.json'), 'utf8'));
const head = loadRosterFile(ROSTER_FILE);

const adminLines = (privileges: readonly { adminEquivalent?: boolean; text: string }[]) => privileges.filter((p) => p.adminEquivalent).map((p) => p.text);

/** The recorded plan with one change replaced, as a plan against deployed state would have it. */
function withChange(address: string, change: (c: { change: Record<string, unknown> }) => void) {
  const copy = structuredClone(planJson);
  const found = copy.resource_changes.find((c: ResourceChange) => c.address === address);
  change(found);
  return parsePlan(copy);
}

test('admin-equivalent roles and every grant of one are listed first, under their own heading', () => {
  const summary = summarizePlan(parsePlan(planJson), { head });
  expect(adminLines(summary.privileges)).toEqual([
    '**ALovelace** (Ada Lovelace, 2001) new person gets the privileged role **break-glass** (through team **sre**)',
    '**ATuring** (Alan Turing, 2002) new person gets the **admins** group (may assume the admin role) (`admin: true`)',
    'new privileged role **admin** (max session 1 h)',
    'new privileged role **break-glass** (max session 1 h)',
    'new role **admin** grants `AdministratorAccess`',
    'new role **break-glass** grants `AdministratorAccess`',
  ]);
  const markdown = renderMarkdown(summary);
  expect(markdown).toContain('**🚨 6 admin-equivalent grants** · **⚠️ 10 privilege increases**');
  const top = markdown.indexOf('#### 🚨 Admin-equivalent access');
  const rest = markdown.indexOf('#### Privilege changes');
  expect(top).toBeGreaterThan(0);
  expect(top).toBeLessThan(rest);
  // PowerUserAccess cannot write IAM: its grant stays with the other privilege changes, and each grant is listed once.
  const ops = '- 🔺 widens: **ATuring** (Alan Turing, 2002) new person gets the privileged role **ops** (through team **platform**)';
  expect(markdown.indexOf(ops)).toBeGreaterThan(rest);
  expect(markdown.split('new role **break-glass** grants `AdministratorAccess`').length).toBe(2);
});

test('without a roster, a role is admin-equivalent by the policy the plan attaches to it', () => {
  const summary = summarizePlan(parsePlan(planJson));
  expect(adminLines(summary.privileges)).toEqual([
    '**ALovelace** (Ada Lovelace, 2001) new person gets the privileged role **break-glass**',
    '**ATuring** (Alan Turing, 2002) new person gets the **admins** group (may assume the admin role)',
    'new privileged role **admin** (max session 1 h)',
    'new privileged role **break-glass** (max session 1 h)',
    'new role **admin** grants `AdministratorAccess`',
    'new role **break-glass** grants `AdministratorAccess`',
  ]);
});

test('a role the roster declares adminEquivalent is treated as one, whatever its policies', () => {
  const declared = parseRoster(readFileSync(ROSTER_FILE, 'utf8').replace('Operate the platform\n', 'Operate the platform\n    adminEquivalent: true\n'), 'declared.yaml');
  expect(declared.roles.ops.adminEquivalent).toBe(true);
  const summary = summarizePlan(parsePlan(planJson), { head: declared });
  expect(adminLines(summary.privileges)).toContain('**ATuring** (Alan Turing, 2002) new person gets the privileged role **ops** (through team **platform**)');
  expect(adminLines(summary.privileges)).toContain('new role **ops** grants `PowerUserAccess`');
});

test('an existing person gaining the admins group is an admin-equivalent grant; losing it is not', () => {
  const gains = withChange('aws_iam_user_group_membership.groups-2002', (c) => {
    c.change.actions = ['update'];
    c.change.before = { groups: ['assume-ops', 'readonly-base'], id: 'groups-2002', user: 'ATuring' };
  });
  const summary = summarizePlan({ ...gains, changes: gains.changes.filter((c) => c.address.endsWith('groups-2002')) }, { head });
  expect(summary.privileges.map((p) => [p.adminEquivalent ?? false, p.text])).toEqual([[true, '**ATuring** (Alan Turing, 2002) gains the **admins** group (may assume the admin role) (`admin: true`)']]);

  const loses = withChange('aws_iam_user_group_membership.groups-2002', (c) => {
    c.change.actions = ['update'];
    c.change.before = c.change.after;
    c.change.after = { groups: ['assume-ops', 'readonly-base'], id: 'groups-2002', user: 'ATuring' };
  });
  const narrowed = summarizePlan({ ...loses, changes: loses.changes.filter((c) => c.address.endsWith('groups-2002')) });
  expect(narrowed.privileges.map((p) => [p.adminEquivalent ?? false, p.effect])).toEqual([[false, 'narrows']]);
  expect(renderMarkdown(narrowed)).not.toContain('Admin-equivalent access');
});
