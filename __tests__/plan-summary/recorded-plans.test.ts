/**
 * The plan summary on plans recorded by real Terraform (fixtures/plans, re-recorded
 * offline by record-plans.ts): each roster change of scenarios.ts planned against
 * the deployed base roster. No emulator, no Terraform at test time.
 */
import { GITHUB_COMMENT_LIMIT, SUMMARY_MARKER, classifyPlan, parsePlan, renderMarkdown, summarizePlan } from '../../tools/plan-summary';
import { type ScenarioName, recordedPlan, rostersOf } from './scenarios';

function summarize(name: ScenarioName) {
  const summary = summarizePlan(parsePlan(recordedPlan(name)), rostersOf(name));
  return { summary, markdown: renderMarkdown(summary) };
}

test('a roster with no change says so and lists nothing', () => {
  const { summary, markdown } = summarize('no-change');
  expect(summary.changes).toEqual([]);
  expect(markdown.startsWith(`${SUMMARY_MARKER}\n`)).toBe(true);
  expect(markdown).toContain('**No changes.**');
  expect(markdown).not.toContain('<details>');
});

test('adding a person lists them with their username and the role their team gives them', () => {
  const { summary, markdown } = summarize('add-person');
  expect(summary.people).toEqual([expect.objectContaining({ employeeId: '2005', username: 'BLiskov', added: true, team: 'data' })]);
  expect(summary.privileges.map((p) => p.text)).toEqual(['**BLiskov** (Barbara Liskov, 2005) new person gets the privileged role **database-admin** (through team **data**)']);
  expect(summary.destructive).toEqual([]);
  expect(markdown).toContain('| 2005 | `BLiskov` | Barbara Liskov | added to team **data** |');
  expect(markdown).toContain('+ aws_iam_user.user-2005  (create)');
});

test('removing a person is called out as a destructive user deletion', () => {
  const { summary, markdown } = summarize('remove-person');
  expect(summary.people).toEqual([expect.objectContaining({ employeeId: '2002', username: 'ATuring', removed: true })]);
  expect(summary.destructive).toEqual([expect.objectContaining({ address: 'aws_iam_user.user-2002', kind: 'delete' })]);
  expect(markdown).toContain('🛑 1 destructive change');
  expect(markdown).toContain('IAM user **ATuring** (Alan Turing, 2002) is **deleted**');
});

test('renaming a person shows the old and new username, destroys no user and warns the password is reset', () => {
  const { summary, markdown } = summarize('rename');
  expect(summary.people).toEqual([expect.objectContaining({ employeeId: '2003', username: 'GMurray', previousUsername: 'GHopper', previousName: 'Grace Hopper', replaced: false })]);
  expect(summary.destructive).toEqual([]);
  expect(summary.privileges).toEqual([]);
  expect(markdown).toContain('renamed: username `GHopper` → `GMurray`');
  expect(markdown).toContain('**console password reset**');
  expect(markdown).toContain('~ aws_iam_user.user-2003  (update in place)');
});

test('the comment never shows a password, even when login profiles are recreated or deleted', () => {
  const json = recordedPlan('rename-and-suspend');
  const passwords = [...json.matchAll(/"password": "([^"]+)"/g)].map((m) => m[1]);
  // The plan JSON holds the passwords in state (the recorder's fakes); the comment must not.
  expect(new Set(passwords).size).toBeGreaterThanOrEqual(2);
  const { markdown } = summarize('rename-and-suspend');
  expect(markdown).toContain('login-2003');
  for (const password of passwords) expect(markdown).not.toContain(password);
});

test('suspending a person says suspended, removes console access and lists the privileges lost', () => {
  const { summary, markdown } = summarize('suspend');
  expect(summary.people).toEqual([expect.objectContaining({ employeeId: '2001', suspended: true, consoleRemoved: true, removed: false })]);
  expect(summary.destructive).toEqual([]);
  expect(summary.privileges.map((p) => [p.effect, p.text])).toEqual([
    ['narrows', '**ALovelace** (Ada Lovelace, 2001) loses the **admins** group (may assume the admin role) (suspended)'],
    ['narrows', '**ALovelace** (Ada Lovelace, 2001) loses the privileged role **platform-operator** (suspended)'],
  ]);
  expect(markdown).toContain('**suspended**: console access and all group memberships removed, user kept');
});

test('moving a person to another team shows the move and the role swap, in place', () => {
  const { summary, markdown } = summarize('move-team');
  expect(summary.people).toEqual([expect.objectContaining({ employeeId: '2002', previousTeam: 'platform', team: 'data', groupsAdded: ['assume-database-admin'], groupsRemoved: ['assume-platform-operator'] })]);
  expect(summary.privileges.map((p) => p.effect)).toEqual(['widens', 'narrows']);
  expect(summary.destructive).toEqual([]);
  expect(markdown).toContain('moved team **platform** → **data**');
});

test('granting admin puts the person at the top as an admin-equivalent privilege increase', () => {
  const { summary, markdown } = summarize('grant-admin');
  expect(summary.privileges).toEqual([
    { effect: 'widens', subject: 'person', adminEquivalent: true, text: '**EDijkstra** (Edsger Dijkstra, 2004) gains the **admins** group (may assume the admin role) (`admin: true`)' },
  ]);
  expect(markdown).toContain('**⚠️ 1 privilege increase**');
  expect(markdown.indexOf('#### 🚨 Admin-equivalent access')).toBeLessThan(markdown.indexOf('#### People'));
  expect(markdown.indexOf('#### People')).toBeLessThan(markdown.indexOf('#### Resource changes by type'));
});

test('granting a role on the person names the role and why', () => {
  const { summary } = summarize('grant-person-role');
  expect(summary.privileges).toEqual([
    { effect: 'widens', subject: 'person', text: '**GHopper** (Grace Hopper, 2003) gains the privileged role **platform-operator** (`roles: [platform-operator]` on the person)' },
  ]);
});

test('widening a role definition is a privilege increase for everyone who holds it', () => {
  const { summary, markdown } = summarize('widen-role');
  expect(summary.privileges.map((p) => [p.effect, p.text]).sort()).toEqual([
    ['widens', 'role **database-admin** sessions lengthen: 2 h → 8 h'],
    ['widens', 'role **database-admin** widens: gains `AmazonS3FullAccess`'],
  ]);
  expect(summary.people).toEqual([]);
  expect(markdown).toContain('+ aws_iam_role_policy_attachment.role-database-admin-AmazonS3FullAccess  (create)');
});

test('switching the password policy to nist lists each rule and flags it as weaker', () => {
  const { summary } = summarize('password-policy-nist');
  expect(summary.privileges).toHaveLength(1);
  const [change] = summary.privileges;
  expect(change).toMatchObject({ effect: 'widens', subject: 'password-policy' });
  expect(change.text).toContain('`minimum_password_length` 14 → 16 (stronger)');
  expect(change.text).toContain('`require_symbols` true → false (weaker)');
});

test('changing an employee ID is flagged as recreating the user instead of updating it', () => {
  const { summary, markdown } = summarize('change-employee-id');
  expect(summary.destructive).toEqual([expect.objectContaining({ address: 'aws_iam_user.user-2002', kind: 'recreate' })]);
  expect(markdown).toContain('would be **recreated instead of updated**');
  expect(markdown).toContain('`aws_iam_user.user-2099` created for the same person');
});

test('classification is data: findings carry kinds, people and roles, and no words', () => {
  const classified = classifyPlan(parsePlan(recordedPlan('move-team')), rostersOf('move-team'));
  expect(classified.privileges.map(({ kind, effect, subject, ...rest }) => ({ kind, effect, subject, group: 'group' in rest ? rest.group : undefined }))).toEqual([
    { kind: 'person-gains', effect: 'widens', subject: 'person', group: 'assume-database-admin' },
    { kind: 'person-loses', effect: 'narrows', subject: 'person', group: 'assume-platform-operator' },
  ]);
  expect(classified.privileges[0]).toMatchObject({ as: 'existing', reason: { via: 'team', team: 'data' }, person: { employeeId: '2002' } });
  expect(JSON.stringify(classified.privileges)).not.toContain('**');
  const nist = classifyPlan(parsePlan(recordedPlan('password-policy-nist')));
  expect(nist.privileges[0]).toMatchObject({ kind: 'password-policy-changed', settings: expect.arrayContaining([{ key: 'require_symbols', before: true, after: false, strength: 'weaker' }]) });
});

test('names from the roster are shown escaped: no mention, no emphasis, no broken table', () => {
  const { summary, markdown } = summarize('markdown-in-names');
  expect(summary.people.map((p) => [p.employeeId, p.name, p.previousName])).toEqual([
    ['2002', 'Alan @octocat Turing', 'Alan Turing'],
    // IAM tags refuse "*": the name tag drops it.
    ['2006', 'Grace Bold Hopper_Jr', undefined],
  ]);
  // The folded full plan is a fenced code block, where GitHub renders no mention and no Markdown.
  const [summaryPart, fullPlan] = markdown.split('<details>');
  expect(summaryPart).not.toMatch(/@octocat/);
  expect(fullPlan).toContain('```diff\n~ aws_iam_user.user-2002');
  expect(fullPlan).toContain('+     tags.Name: "Alan @octocat Turing"');
  expect(markdown).toContain('| 2002 | `ATuring` | Alan @&#8203;octocat Turing | name "Alan Turing" → "Alan @&#8203;octocat Turing" |');
  expect(markdown).toContain('**GHopper\\_Jr** (Grace Bold Hopper\\_Jr, 2006) new person gets the privileged role **database-admin**');
  expect(markdown).toContain('| 2006 | `GHopper_Jr` | Grace Bold Hopper\\_Jr | added to team **data** |');
  expect(markdown.length).toBeLessThan(GITHUB_COMMENT_LIMIT);
});
