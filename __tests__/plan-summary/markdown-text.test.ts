import { type PersonChange, code, describePerson, escapeText, renderMarkdown, summarizePlan } from '../../tools/plan-summary';

const person = (over: Partial<PersonChange>): PersonChange => ({
  employeeId: '1001',
  name: 'John Smith',
  username: 'JSmith',
  added: false,
  removed: false,
  replaced: false,
  suspended: false,
  reactivated: false,
  consoleAdded: false,
  consoleRemoved: false,
  consoleReset: false,
  groupsAdded: [],
  groupsRemoved: [],
  ...over,
});

describe('roster text in the comment', () => {
  test('Markdown, HTML and table characters are escaped and shown as typed', () => {
    expect(escapeText('a_b *c* [d](e) `f` g|h ~~i~~ \\ <img src=x> &#64;')).toBe('a\\_b \\*c\\* \\[d\\](e) \\`f\\` g\\|h \\~\\~i\\~\\~ \\\\ &lt;img src=x&gt; &amp;#64;');
  });

  test('an @-mention is broken by a zero-width space, so nobody is notified', () => {
    expect(escapeText('@octocat and @org/team')).toBe('@&#8203;octocat and @&#8203;org/team');
  });

  test('a line break in roster text cannot end a table row', () => {
    expect(escapeText('one\ntwo\r\nthree')).toBe('one two three');
    expect(code('a\nb')).toBe('`a b`');
  });

  test('a code span holds backticks and pipes without ending early', () => {
    expect(code('JSmith')).toBe('`JSmith`');
    expect(code('a`b')).toBe('`` a`b ``');
    expect(code('a|b')).toBe('`a\\|b`');
  });

  test('every roster string in a person change goes through the escaping', () => {
    const text = describePerson(person({ name: 'Jo @team *Smith*', previousName: 'Jo_Smith', previousTeam: 'plat_form', team: '@ops', groupsAdded: ['assume-x_y'] }));
    expect(text).toBe('name "Jo\\_Smith" → "Jo @&#8203;team \\*Smith\\*"; moved team **plat\\_form** → **@&#8203;ops**; groups +assume-x\\_y');
    expect(describePerson(person({ added: true, team: '<b>x</b>' }))).toBe('added to team **&lt;b&gt;x&lt;/b&gt;**');
    expect(describePerson(person({ previousUsername: 'J`S', username: 'JS' }))).toBe('renamed: username `` J`S `` → `JS`');
  });

  test('names in the people table and in privilege lines are escaped, and no @ reaches the comment bare', () => {
    const plan = {
      driftCount: 0,
      changes: [
        {
          address: 'aws_iam_user.user-1001',
          type: 'aws_iam_user',
          name: 'user-1001',
          kind: 'create' as const,
          before: null,
          after: { name: 'J_Smith', tags: { Name: '@everyone | <b>', Team: 'plat_form', EmployeeId: '1001' } },
          afterUnknown: {},
          beforeSensitive: {},
          afterSensitive: {},
        },
        {
          address: 'aws_iam_user_group_membership.groups-1001',
          type: 'aws_iam_user_group_membership',
          name: 'groups-1001',
          kind: 'create' as const,
          before: null,
          after: { user: 'J_Smith', groups: ['readonly-base', 'assume-ops'] },
          afterUnknown: {},
          beforeSensitive: {},
          afterSensitive: {},
        },
      ],
    };
    const markdown = renderMarkdown(summarizePlan(plan));
    const summaryPart = markdown.slice(0, markdown.indexOf('<details>'));
    expect(summaryPart).toContain('| 1001 | `J_Smith` | @&#8203;everyone \\| &lt;b&gt; | added to team **plat\\_form** |');
    expect(summaryPart).toContain('**J\\_Smith** (@&#8203;everyone \\| &lt;b&gt;, 1001) new person gets the privileged role **ops**');
    expect(summaryPart).not.toMatch(/@(?!&#8203;)/);
    expect(summaryPart).not.toContain('<b>');
  });
});
