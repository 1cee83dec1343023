/**
 * The HTML report as a pure function: the people rows from a roster and a recorded
 * credential report (AWS's format, root row included, which the emulator lacks), and
 * the page's escaping, order and policy. The browser test opens a real page.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseRoster } from '../../roster';
import type { IamUserDetails } from '../../tools/audit/authorization-details';
import { parseCredentialReport } from '../../tools/audit/credential-report';
import type { Finding } from '../../tools/audit/findings';
import { CONTENT_SECURITY_POLICY, buildPeopleRows, escapeHtml, renderHtmlReport } from '../../tools/audit/html-report';
import type { AuditResult } from '../../tools/audit/run-audit';
import { HOSTILE_NAME, hostileRosterText } from './hostile-roster';

const roster = parseRoster(hostileRosterText(), 'users.yaml');
const NOW = new Date('2026-11-23T12:00:00Z');
const csv = readFileSync(join(__dirname, 'fixtures', 'credential-report.csv'), 'utf8');
// PRaman with an active key used a week ago and an inactive one never used.
const praman =
  'PRaman,arn:aws:iam::123456789012:user/people/PRaman,2026-01-01T00:00:00+00:00,true,2026-11-16T08:00:00+00:00,2026-11-01T00:00:00+00:00,N/A,true,' +
  'true,2026-02-01T00:00:00+00:00,2026-11-16T00:00:00+00:00,us-east-1,s3,false,2026-03-01T00:00:00+00:00,N/A,N/A,N/A,false,N/A,false,N/A';
const report = parseCredentialReport(`${csv.trimEnd()}\n${praman}\n`);

function user(userName: string, groups: string[], tags: Record<string, string> = {}): IamUserDetails {
  return { userName, path: '/people/', arn: `arn:aws:iam::123456789012:user/people/${userName}`, groups, attachedPolicyArns: [], inlinePolicyNames: [], tags };
}

// Liam not deployed; the rest as the example roster deploys them.
const users = [
  user('JSmith', ['readonly-base', 'admins', 'assume-platform-operator']),
  user('JaneSmith', ['readonly-base', 'assume-network-admin']),
  user('jnunez', ['readonly-base', 'assume-database-admin', 'assume-network-admin']),
  user('PRaman', ['readonly-base', 'admins', 'assume-security-auditor']),
  user('MChen', []),
];

const findings: Finding[] = [
  { id: 'console-mfa-pending', severity: 'info', user: 'JaneSmith', message: 'has a console password and no MFA', expected: 'an MFA device', found: 'no MFA device yet', action: 'enrol MFA' },
  { id: 'root-no-mfa', severity: 'critical', user: '<root_account>', message: 'root has no MFA device', expected: 'an MFA device on root', found: 'no MFA device', action: 'enrol MFA for root' },
  { id: 'access-key-on-person', severity: 'high', user: 'PRaman', message: 'has an active key & an inactive key', expected: 'no access key', found: 'an active key and an inactive key', action: 'delete the keys' },
  { id: 'missing-user', severity: 'medium', user: 'LOBrien', message: `${HOSTILE_NAME} is not "here"`, expected: 'IAM user LOBrien', found: 'no user', action: 'deploy' },
];

const result = (overrides: Partial<AuditResult> = {}): AuditResult => ({
  accountId: '123456789012',
  auditedAt: NOW,
  reportGeneratedAt: new Date('2026-11-23T11:00:00Z'),
  userCount: users.length,
  findings,
  report,
  users,
  roles: [],
  ...overrides,
});

describe('the people rows', () => {
  const rows = buildPeopleRows(roster, { users, report, auditedAt: NOW });

  test('hold one row per roster person, in roster order, with the groups and roles the stacks give them', () => {
    expect(rows.map((r) => [r.employeeId, r.username, r.team, r.groups.join(','), r.roles.join(',')])).toEqual([
      ['1001', 'JSmith', 'platform', 'readonly-base,admins,assume-platform-operator', 'admin,platform-operator'],
      ['1002', 'JaneSmith', 'network', 'readonly-base,assume-network-admin', 'network-admin'],
      ['1003', 'JNunez', 'data', 'readonly-base,assume-database-admin,assume-network-admin', 'network-admin,database-admin'],
      ['1004', 'PRaman', 'security', 'readonly-base,admins,assume-security-auditor', 'admin,security-auditor'],
      ['1005', 'LOBrien', 'platform', 'readonly-base,assume-platform-operator', 'platform-operator'],
      ['1006', 'MChen', 'data', '', ''],
    ]);
    expect(rows[1].name).toBe(HOSTILE_NAME);
  });

  test('read console, MFA, password age and last use from the credential report, matching users case-insensitively', () => {
    expect(rows[0]).toMatchObject({ iamUser: 'JSmith', consoleOnRoster: true, consolePassword: true, mfa: true, passwordAge: '316 days (set 2026-01-11)', passwordLastUsed: '2026-11-22 (1 day ago)', keys: 'none' });
    expect(rows[1]).toMatchObject({ consolePassword: true, mfa: false, passwordAge: '3 days (set 2026-11-20)', passwordLastUsed: 'never' });
    expect(rows[2]).toMatchObject({ iamUser: 'jnunez', mfa: false, passwordAge: '317 days (set 2026-01-10)', passwordLastUsed: '2026-08-01 (114 days ago)' });
  });

  test('count active and inactive keys, with the latest use', () => {
    expect(rows[3].keys).toBe('1 active, 1 inactive; last used 2026-11-16 (7 days ago)');
  });

  test('say when a person has no IAM user or no report row', () => {
    expect(rows[4]).toMatchObject({ iamUser: undefined, consolePassword: undefined, mfa: undefined, passwordAge: '-', keys: '-' });
    expect(rows[5]).toMatchObject({ iamUser: 'MChen', status: 'suspended', consoleOnRoster: false, consolePassword: undefined });
  });

  test('find a renamed person by the EmployeeId tag, as the drift check does', () => {
    const renamed = users.map((u) => (u.userName === 'JaneSmith' ? user('JSmith2', [...u.groups], { EmployeeId: '1002' }) : u));
    expect(buildPeopleRows(roster, { users: renamed, report, auditedAt: NOW })[1].iamUser).toBe('JSmith2');
  });
});

describe('the page', () => {
  const page = renderHtmlReport(result(), roster, { failOn: 'medium' });

  test('escapes every roster and AWS value: a hostile name is text, never markup', () => {
    expect(escapeHtml(`<a href="x">'&`)).toBe('&#60;a href=&#34;x&#34;&#62;&#39;&#38;');
    expect(page).toContain(escapeHtml(HOSTILE_NAME));
    expect(page).not.toMatch(/<script|<img/i);
    expect(page).toContain('&#60;root_account&#62;');
  });

  test('lists the findings most severe first, with expected and found', () => {
    const ids = [...page.matchAll(/<td><code>([a-z-]+)<\/code><\/td>/g)].map((m) => m[1]);
    expect(ids).toEqual(['root-no-mfa', 'access-key-on-person', 'missing-user', 'console-mfa-pending']);
    expect(page).toContain('<td>no access key</td><td>an active key and an inactive key</td>');
    expect(page).toContain('4 finding(s) (1 critical, 1 high, 1 medium, 1 info); 3 at or above medium.');
  });

  test('has one people-table row per roster person', () => {
    const people = page.slice(page.indexOf('<table id="people">'), page.indexOf('</table>', page.indexOf('<table id="people">')));
    expect([...people.matchAll(/<tr data-employee-id="(\d+)">/g)].map((m) => m[1])).toEqual(roster.people.map((p) => p.employeeId));
  });

  test("shows the root account's row from the credential report, or says it is not in the report", () => {
    const root = page.slice(page.indexOf('<table id="root">'));
    expect(root).toMatch(/<td>&#60;root_account&#62;<\/td><td><span class="bad">no<\/span><\/td><td><span class="bad">1 active<\/span>, 0 inactive<\/td>/);
    expect(root).toContain('<td>2026-11-20 (3 days ago)</td><td>2026-10-01 (53 days ago)</td><td>n/a</td>');
    const withoutRoot = renderHtmlReport(result({ report: report.filter((r) => !r.isRoot) }), roster, { failOn: 'medium' });
    expect(withoutRoot).toContain('<p id="root" class="bad">The root account (&#60;root_account&#62;): not in the report.</p>');
  });

  test('draws findings by severity and MFA coverage as inline SVG', () => {
    expect(page).toContain('<title>critical: 1</title>');
    expect(page).toContain('<title>low: 0</title>');
    // Console users in the report: JSmith and PRaman with MFA, Jane and José without.
    expect(page).toContain('MFA coverage: 2 of 4 people with a console password');
  });

  test('loads nothing: a policy that refuses every fetch, the style allowed by its hash, no URL, no script', () => {
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(page)?.[1];
    expect(csp).toBe(CONTENT_SECURITY_POLICY.replace(/'/g, '&#39;'));
    expect(CONTENT_SECURITY_POLICY).toMatch(/^default-src 'none'; /);
    const style = /<style>([\s\S]*?)<\/style>/.exec(page)?.[1] ?? '';
    expect(CONTENT_SECURITY_POLICY).toContain(`style-src 'sha256-${createHash('sha256').update(style).digest('base64')}'`);
    expect(page).not.toMatch(/https?:|\/\/[a-z]|<script|<link|<iframe|url\(/i);
  });
});
