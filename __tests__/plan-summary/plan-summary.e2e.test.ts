/**
 * The plan summary on plans made by real Terraform against the emulator: a base
 * roster is deployed once, and each test plans one kind of roster change against it.
 * recorded-plans.test.ts makes the same checks on recorded plans, without the emulator.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../tools/project-root';
import { GITHUB_COMMENT_LIMIT, SUMMARY_MARKER, parsePlan, renderMarkdown, summarizePlan } from '../../tools/plan-summary';
import { type PlannedChange, RosterPlanner, edit } from './roster-planner';
import { BASE, person } from './scenarios';

const planner = new RosterPlanner(BASE);
beforeAll(() => planner.start(), 300_000);
afterAll(() => planner.stop());

function summarize(change: PlannedChange) {
  const summary = summarizePlan(parsePlan(change.planJson), { base: change.base, head: change.head });
  return { summary, markdown: renderMarkdown(summary) };
}

test('a roster with no change says so and lists nothing', () => {
  const change = planner.plan(BASE);
  const { summary, markdown } = summarize(change);
  expect(change.exitCode).toBe(0);
  expect(summary.changes).toEqual([]);
  expect(markdown.startsWith(`${SUMMARY_MARKER}\n`)).toBe(true);
  expect(markdown).toContain('**No changes.**');
  expect(markdown).not.toContain('<details>');
});

test('adding a person lists them with their username and the role their team gives them', () => {
  const { summary, markdown } = summarize(planner.plan(edit(BASE, (r) => r.people.push({ name: 'Barbara Liskov', employeeId: '2005', team: 'data' }))));
  expect(summary.people).toEqual([expect.objectContaining({ employeeId: '2005', username: 'BLiskov', added: true, team: 'data' })]);
  expect(summary.privileges.map((p) => p.text)).toEqual([
    '**BLiskov** (Barbara Liskov, 2005) new person gets the privileged role **database-admin** (through team **data**)',
  ]);
  expect(summary.destructive).toEqual([]);
  expect(markdown).toContain('| 2005 | `BLiskov` | Barbara Liskov | added to team **data** |');
  expect(markdown).toContain('+ aws_iam_user.user-2005  (create)');
});

test('removing a person is called out as a destructive user deletion', () => {
  const { summary, markdown } = summarize(planner.plan(edit(BASE, (r) => (r.people = r.people.filter((p) => p.employeeId !== '2002')))));
  expect(summary.people).toEqual([expect.objectContaining({ employeeId: '2002', username: 'ATuring', removed: true })]);
  expect(summary.destructive).toEqual([expect.objectContaining({ address: 'aws_iam_user.user-2002', kind: 'delete' })]);
  expect(markdown).toContain('🛑 1 destructive change');
  expect(markdown).toContain('IAM user **ATuring** (Alan Turing, 2002) is **deleted**');
});

test('renaming a person shows the old and new username, destroys no user and warns the password is reset', () => {
  const { summary, markdown } = summarize(planner.plan(edit(BASE, (r) => (person(r, '2003').name = 'Grace Brewster Murray'))));
  expect(summary.people).toEqual([expect.objectContaining({ employeeId: '2003', username: 'GMurray', previousUsername: 'GHopper', previousName: 'Grace Hopper', replaced: false })]);
  expect(summary.destructive).toEqual([]);
  expect(summary.privileges).toEqual([]);
  expect(markdown).toContain('renamed: username `GHopper` → `GMurray`');
  // The login profile is keyed to the username, so Terraform recreates it: the reviewer must know.
  expect(markdown).toContain('**console password reset**');
  expect(markdown).toContain('~ aws_iam_user.user-2003  (update in place)');
});

test('the comment never shows a password, even when login profiles are recreated or deleted', () => {
  const passwords = planner.initialPasswords();
  expect(passwords.length).toBe(BASE.people.length);
  const change = planner.plan(
    edit(BASE, (r) => {
      person(r, '2003').name = 'Grace Brewster Murray';
      person(r, '2004').status = 'suspended';
    }),
  );
  // The plan JSON itself holds them (state does); the comment must not.
  expect(passwords.some((p) => change.planJson.includes(JSON.stringify(p).slice(1, -1)))).toBe(true);
  const { markdown } = summarize(change);
  expect(markdown).toContain('login-2003');
  for (const password of passwords) expect(markdown).not.toContain(password);
});

test('suspending a person says suspended, removes console access and lists the privileges lost', () => {
  const { summary, markdown } = summarize(planner.plan(edit(BASE, (r) => (person(r, '2001').status = 'suspended'))));
  expect(summary.people).toEqual([expect.objectContaining({ employeeId: '2001', suspended: true, consoleRemoved: true, removed: false })]);
  expect(summary.destructive).toEqual([]);
  expect(summary.privileges.map((p) => [p.effect, p.text])).toEqual([
    ['narrows', '**ALovelace** (Ada Lovelace, 2001) loses the **admins** group (may assume the admin role) (suspended)'],
    ['narrows', '**ALovelace** (Ada Lovelace, 2001) loses the privileged role **platform-operator** (suspended)'],
  ]);
  expect(markdown).toContain('**suspended**: console access and all group memberships removed, user kept');
});

test('moving a person to another team shows the move and the role swap, in place', () => {
  const { summary, markdown } = summarize(planner.plan(edit(BASE, (r) => (person(r, '2002').team = 'data'))));
  expect(summary.people).toEqual([expect.objectContaining({ employeeId: '2002', previousTeam: 'platform', team: 'data', groupsAdded: ['assume-database-admin'], groupsRemoved: ['assume-platform-operator'] })]);
  expect(summary.privileges.map((p) => p.effect)).toEqual(['widens', 'narrows']);
  expect(summary.destructive).toEqual([]);
  expect(markdown).toContain('moved team **platform** → **data**');
});

test('granting admin puts the person at the top as a privilege increase', () => {
  const { summary, markdown } = summarize(planner.plan(edit(BASE, (r) => (person(r, '2004').admin = true))));
  // The admins group leads to the admin role: an admin-equivalent grant, under its own heading.
  expect(summary.privileges).toEqual([
    { effect: 'widens', subject: 'person', adminEquivalent: true, text: '**EDijkstra** (Edsger Dijkstra, 2004) gains the **admins** group (may assume the admin role) (`admin: true`)' },
  ]);
  expect(markdown).toContain('**⚠️ 1 privilege increase**');
  // Security effect comes before the people table and the counts.
  expect(markdown.indexOf('#### 🚨 Admin-equivalent access')).toBeGreaterThan(0);
  expect(markdown.indexOf('#### 🚨 Admin-equivalent access')).toBeLessThan(markdown.indexOf('#### People'));
  expect(markdown.indexOf('#### People')).toBeLessThan(markdown.indexOf('#### Resource changes by type'));
});

test('granting a role on the person names the role and why', () => {
  const { summary } = summarize(planner.plan(edit(BASE, (r) => (person(r, '2003').roles = ['platform-operator']))));
  expect(summary.privileges).toEqual([
    { effect: 'widens', subject: 'person', text: '**GHopper** (Grace Hopper, 2003) gains the privileged role **platform-operator** (`roles: [platform-operator]` on the person)' },
  ]);
});

test('widening a role definition is a privilege increase for everyone who holds it', () => {
  const { summary, markdown } = summarize(
    planner.plan(
      edit(BASE, (r) => {
        const role = (r.roles ?? {})['database-admin'];
        role.managedPolicyArns.push('arn:aws:iam::aws:policy/AmazonS3FullAccess');
        role.maxSessionHours = 8;
      }),
    ),
  );
  expect(summary.privileges.map((p) => [p.effect, p.text]).sort()).toEqual([
    ['widens', 'role **database-admin** sessions lengthen: 2 h → 8 h'],
    ['widens', 'role **database-admin** widens: gains `AmazonS3FullAccess`'],
  ]);
  expect(summary.people).toEqual([]);
  expect(markdown).toContain('+ aws_iam_role_policy_attachment.role-database-admin-AmazonS3FullAccess  (create)');
});

test('switching the password policy to nist lists each rule and flags it as weaker', () => {
  const { summary } = summarize(planner.plan(edit(BASE, (r) => (r.settings.passwordPolicy = 'nist'))));
  expect(summary.privileges).toHaveLength(1);
  const [change] = summary.privileges;
  expect(change.effect).toBe('widens');
  expect(change.subject).toBe('password-policy');
  expect(change.text).toContain('`minimum_password_length` 14 → 16 (stronger)');
  expect(change.text).toContain('`require_symbols` true → false (weaker)');
});

test('changing an employee ID is flagged as recreating the user instead of updating it', () => {
  const { summary, markdown } = summarize(planner.plan(edit(BASE, (r) => (person(r, '2002').employeeId = '2099'))));
  expect(summary.destructive).toEqual([expect.objectContaining({ address: 'aws_iam_user.user-2002', kind: 'recreate' })]);
  expect(markdown).toContain('would be **recreated instead of updated**');
  expect(markdown).toContain('`aws_iam_user.user-2099` created for the same person');
});

test('a plan too big for one comment is cut in the folded plan, never in the summary', () => {
  const many = edit(BASE, (r) => {
    (person(r, '2004').admin = true);
    for (let i = 0; i < 300; i++) r.people.push({ name: `Test Person${i}`, employeeId: String(5000 + i), team: 'platform' });
  });
  const change = planner.plan(many);
  const summary = summarizePlan(parsePlan(change.planJson), { base: change.base, head: change.head });
  const markdown = renderMarkdown(summary);
  expect(markdown.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
  expect(markdown.startsWith(SUMMARY_MARKER)).toBe(true);
  expect(markdown).toContain('**EDijkstra** (Edsger Dijkstra, 2004) gains the **admins** group');
  expect(markdown).toContain('| 5299 | `TPerson299` |');
  expect(markdown).toMatch(/\.\.\. truncated: \d+ more lines not shown/);
  expect(markdown.trimEnd().endsWith('</details>')).toBe(true);

  // Under a tighter limit the people table shrinks first; privilege changes stay whole.
  const tight = renderMarkdown(summary, { maxChars: 8000 });
  expect(tight.length).toBeLessThanOrEqual(8000);
  expect(tight).toContain('**EDijkstra** (Edsger Dijkstra, 2004) gains the **admins** group');
  expect(tight).toMatch(/… and \d+ more people/);
  expect(tight).toContain('#### Resource changes by type');
  expect(tight).toContain('| `aws_iam_user` | 300 | 0 | 0 | 0 |');
});

test('the CLI prints the comment for a plan file with both rosters, and exits 1 on a file that is not a plan', () => {
  const change = planner.plan(edit(BASE, (r) => (person(r, '2004').admin = true)));
  const dir = mkdtempSync(join(tmpdir(), 'plan-summary-cli-'));
  const planFile = join(dir, 'plan.json');
  writeFileSync(planFile, change.planJson);
  const cli = (...args: string[]) =>
    spawnSync(join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx'), [join(PROJECT_ROOT, 'tools', 'cli', 'plan-summary.ts'), ...args], { cwd: PROJECT_ROOT, encoding: 'utf8' });

  const ok = cli(planFile, '--base-roster', change.baseFile, '--head-roster', change.headFile);
  expect(ok.stderr).toBe('');
  expect(ok.status).toBe(0);
  expect(ok.stdout.startsWith(SUMMARY_MARKER)).toBe(true);
  expect(ok.stdout).toContain('**EDijkstra** (Edsger Dijkstra, 2004) gains the **admins** group (may assume the admin role) (`admin: true`)');

  // Several plans (the identity stack's and each member account's) make one comment: the marker once, each plan's summary in turn.
  const several = cli(planFile, planFile, '--head-roster', change.headFile);
  expect(several.status).toBe(0);
  expect(several.stdout.split(SUMMARY_MARKER)).toHaveLength(2);
  expect(several.stdout.split('gains the **admins** group')).toHaveLength(3);

  const notAPlan = cli(join(PROJECT_ROOT, 'package.json'));
  expect(notAPlan.status).toBe(1);
  expect(notAPlan.stdout).toBe('');
  expect(notAPlan.stderr).toMatch(/package\.json: not a Terraform plan: format_version: .*\(expected the output of "terraform show -json plan\.bin"\)/);
});
