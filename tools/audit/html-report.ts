/**
 * The audit as one self-contained HTML page for a review meeting: findings, one row per
 * roster person, the root account and a small visual summary. The page loads nothing: its
 * style is inline (allowed by hash), its visuals inline SVG, it has no script, and its
 * Content-Security-Policy forbids every fetch, so it can be opened from an artifact safely.
 * Roster and AWS values are hostile text (a pull request writes the roster): every one is
 * escaped where it enters the markup, by the `html` template tag.
 */
import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { groupsOf } from '../../roster/accounts';
import { type Person, type Roster, roleMembers } from '../../roster/model';
import type { IamUserDetails } from './authorization-details';
import { type AccessKeyColumns, type CredentialReportRow, ROOT_ACCOUNT, type ReportDate, type ReportFlag } from './credential-report';
import { type Finding, type Severity, SEVERITIES, atOrAbove, countBySeverity, sortFindings } from './findings';
import { keyExists } from './person-keys';
import type { AuditResult } from './run-audit';

/** Markup already escaped: the only thing `html` inserts as is. */
class Markup {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

type Value = Markup | string | number | undefined | readonly Value[];

function insert(value: Value): string {
  if (value === undefined) return '';
  if (value instanceof Markup) return value.text;
  if (Array.isArray(value)) return value.map(insert).join('');
  return escapeHtml(String(value));
}

/** A template whose every interpolated value is escaped, unless it is Markup made by this tag. */
function html(strings: TemplateStringsArray, ...values: Value[]): Markup {
  return new Markup(strings.reduce((out, s, i) => out + s + (i < values.length ? insert(values[i]) : ''), ''));
}

/** What the people table shows for one roster person; every field is plain text or a flag. */
export interface PersonRow {
  readonly employeeId: string;
  /** The roster's username. */
  readonly username: string;
  /** The IAM user found for the person: the username, or an old name (a rename not deployed); undefined when none. */
  readonly iamUser?: string;
  readonly name: string;
  readonly team: string;
  readonly status: Person['status'];
  /** The groups the roster gives the person (`groupsOf`, as the identity stack deploys them). */
  readonly groups: readonly string[];
  /** The roles the person may assume (`roleMembers`). */
  readonly roles: readonly string[];
  /** Whether the roster gives the person a console password (active and console: true). */
  readonly consoleOnRoster: boolean;
  /** Whether the user has a console password, from the credential report; undefined: no report row. */
  readonly consolePassword?: boolean;
  /** Whether the user has an MFA device, from the credential report; undefined: no report row. */
  readonly mfa?: boolean;
  /** How old the password is, e.g. "12 days (set 2026-11-11)"; "no password", or "-" without a report row. */
  readonly passwordAge: string;
  /** When the password was last used, e.g. "2026-11-20 (3 days ago)" or "never". */
  readonly passwordLastUsed: string;
  /** The access keys, e.g. "none" or "1 active, 1 inactive; last used 2026-11-01 (22 days ago)". */
  readonly keys: string;
}

const DAY_MS = 86_400_000;

function day(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function daysBetween(earlier: Date, later: Date): number {
  return Math.max(0, Math.floor((later.getTime() - earlier.getTime()) / DAY_MS));
}

function ago(date: Date, now: Date): string {
  const days = daysBetween(date, now);
  return days === 0 ? 'today' : days === 1 ? '1 day ago' : `${days} days ago`;
}

/** A last-used column: a date with its age, "never" (no_information), "n/a" or "not supported". */
export function describeLastUsed(value: ReportDate, now: Date): string {
  if (value instanceof Date) return `${day(value)} (${ago(value, now)})`;
  if (value === 'no_information') return 'never';
  return value === 'N/A' ? 'n/a' : 'not supported';
}

function flag(value: ReportFlag | undefined): boolean | undefined {
  return typeof value === 'boolean' ? value : undefined;
}

function describePasswordAge(row: CredentialReportRow, now: Date): string {
  if (row.passwordEnabled !== true) return 'no password';
  const set = row.passwordLastChanged;
  if (!(set instanceof Date)) return 'unknown';
  const days = daysBetween(set, now);
  return `${days === 1 ? '1 day' : `${days} days`} (set ${day(set)})`;
}

/** The keys of one report row: how many active and inactive, and the latest use. */
export function describeKeys(keys: readonly AccessKeyColumns[], now: Date): string {
  const present = keys.filter(keyExists);
  if (present.length === 0) return 'none';
  const active = present.filter((k) => k.active === true).length;
  const used = present.map((k) => k.lastUsedDate).filter((d): d is Date => d instanceof Date);
  const latest = used.length ? used.reduce((a, b) => (a > b ? a : b)) : undefined;
  return `${active} active, ${present.length - active} inactive; ${latest ? `last used ${day(latest)} (${ago(latest, now)})` : 'never used'}`;
}

/**
 * One row per roster person, in roster order. The person's IAM user is found as the drift
 * check finds it: by username (case-insensitive, as IAM compares), else by the EmployeeId tag.
 */
export function buildPeopleRows(
  roster: Roster,
  audit: Pick<AuditResult, 'users' | 'report'> & { readonly auditedAt: Date },
): PersonRow[] {
  const now = audit.auditedAt;
  const usersByName = new Map(audit.users.map((u) => [u.userName.toLowerCase(), u]));
  const rowsByName = new Map(audit.report.filter((r) => !r.isRoot).map((r) => [r.user.toLowerCase(), r]));
  const rolesOf = new Map<string, string[]>();
  for (const [role, members] of Object.entries(roleMembers(roster))) {
    for (const username of members) rolesOf.set(username, [...(rolesOf.get(username) ?? []), role]);
  }
  return roster.people.map((person) => {
    const user: IamUserDetails | undefined =
      usersByName.get(person.username.toLowerCase()) ?? audit.users.find((u) => u.tags.EmployeeId === person.employeeId);
    const row = user ? rowsByName.get(user.userName.toLowerCase()) : undefined;
    return {
      employeeId: person.employeeId,
      username: person.username,
      iamUser: user?.userName,
      name: person.name,
      team: person.team,
      status: person.status,
      groups: groupsOf(person, roster),
      roles: rolesOf.get(person.username) ?? [],
      consoleOnRoster: person.status === 'active' && person.console,
      consolePassword: flag(row?.passwordEnabled),
      mfa: flag(row?.mfaActive),
      passwordAge: row ? describePasswordAge(row, now) : '-',
      passwordLastUsed: row && row.passwordEnabled === true ? describeLastUsed(row.passwordLastUsed, now) : '-',
      keys: row ? describeKeys(row.accessKeys, now) : '-',
    };
  });
}

export interface HtmlReportOptions {
  /** The severity at or above which the audit fails, shown in the summary. */
  readonly failOn: Severity;
}

const STYLE = `
:root { color-scheme: light; --critical: #7f1d1d; --high: #c2410c; --medium: #b45309; --low: #1d4ed8; --info: #4b5563; --ok: #15803d; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 24px; color: #111827; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 28px 0 8px; }
p.meta { color: #4b5563; margin: 0 0 12px; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #d1d5db; padding: 4px 8px; text-align: left; vertical-align: top; overflow-wrap: break-word; }
th { background: #f3f4f6; white-space: nowrap; }
td.none { color: #6b7280; }
.sev { font-weight: 600; text-transform: uppercase; font-size: 12px; }
.sev-critical { color: var(--critical); } .sev-high { color: var(--high); } .sev-medium { color: var(--medium); }
.sev-low { color: var(--low); } .sev-info { color: var(--info); }
.bad { color: var(--high); font-weight: 600; } .good { color: var(--ok); }
.summary { display: flex; gap: 32px; flex-wrap: wrap; }
.summary figure { margin: 0; }
.summary figcaption { font-weight: 600; margin-bottom: 4px; }
`;

/** Inline styles are allowed by their hash, so injected style attributes or elements stay inert. */
const STYLE_HASH = createHash('sha256').update(STYLE).digest('base64');

/** No fetch of any kind: scripts, images, fonts, frames, forms and connections are all refused. */
export const CONTENT_SECURITY_POLICY = `default-src 'none'; style-src 'sha256-${STYLE_HASH}'; base-uri 'none'; form-action 'none'`;

function list(items: readonly string[]): Markup {
  return items.length ? html`${items.join(', ')}` : html`<span class="none">none</span>`;
}

function yesNo(value: boolean | undefined, good: boolean): Markup {
  if (value === undefined) return html`<span class="none">-</span>`;
  return html`<span class="${value === good ? 'good' : 'bad'}">${value ? 'yes' : 'no'}</span>`;
}

/** Yes or no without judgement: MFA on a user without a console password is neither good nor bad. */
function neutral(value: boolean | undefined): Markup {
  return value === undefined ? html`<span class="none">-</span>` : html`${value ? 'yes' : 'no'}`;
}

function findingsTable(findings: readonly Finding[]): Markup {
  if (findings.length === 0) return html`<p id="no-findings">No findings.</p>`;
  return html`<table id="findings">
<thead><tr><th>Severity</th><th>ID</th><th>Object</th><th>Finding</th><th>Expected</th><th>Found</th><th>What to do</th></tr></thead>
<tbody>
${sortFindings(findings).map(
  (f) => html`<tr><td class="sev sev-${f.severity}">${f.severity}</td><td><code>${f.id}</code></td><td>${f.user}</td><td>${f.message}</td><td>${f.expected ?? '-'}</td><td>${f.found ?? '-'}</td><td>${f.action}</td></tr>
`,
)}</tbody>
</table>`;
}

function peopleTable(rows: readonly PersonRow[]): Markup {
  return html`<table id="people">
<thead><tr><th>Username</th><th>Name</th><th>Team</th><th>Groups</th><th>Roles</th><th>Console</th><th>MFA</th><th>Password age</th><th>Password last used</th><th>Access keys</th></tr></thead>
<tbody>
${rows.map((r) => {
  const user = r.iamUser === undefined ? html` <span class="bad">(no IAM user)</span>` : r.iamUser.toLowerCase() !== r.username.toLowerCase() ? html` <span class="bad">(IAM user ${r.iamUser})</span>` : '';
  const suspended = r.status === 'suspended' ? html` <span class="none">(suspended)</span>` : '';
  const consoleNote = r.consolePassword !== undefined && r.consolePassword !== r.consoleOnRoster ? html` <span class="bad">(roster: ${r.consoleOnRoster ? 'yes' : 'no'})</span>` : '';
  return html`<tr data-employee-id="${r.employeeId}"><td class="username">${r.username}${user}</td><td class="name">${r.name}${suspended}</td><td class="team">${r.team}</td><td>${list(r.groups)}</td><td>${list(r.roles)}</td><td>${yesNo(r.consolePassword, r.consoleOnRoster)}${consoleNote}</td><td>${r.consolePassword ? yesNo(r.mfa, true) : neutral(r.mfa)}</td><td>${r.passwordAge}</td><td>${r.passwordLastUsed}</td><td class="keys">${r.keys}</td></tr>
`;
})}</tbody>
</table>`;
}

function rootSection(report: readonly CredentialReportRow[], now: Date): Markup {
  const root = report.find((r) => r.isRoot);
  if (!root) return html`<p id="root" class="bad">The root account (${ROOT_ACCOUNT}): not in the report.</p>`;
  const keys = root.accessKeys.filter(keyExists);
  const active = keys.filter((k) => k.active === true).length;
  return html`<table id="root">
<thead><tr><th>User</th><th>MFA</th><th>Access keys</th><th>Password last used</th><th>Key 1 last used</th><th>Key 2 last used</th></tr></thead>
<tbody><tr><td>${root.user}</td><td>${yesNo(flag(root.mfaActive), true)}</td><td><span class="${active > 0 ? 'bad' : 'good'}">${active} active</span>, ${keys.length - active} inactive</td><td>${describeLastUsed(root.passwordLastUsed, now)}</td><td>${describeLastUsed(root.accessKeys[0].lastUsedDate, now)}</td><td>${describeLastUsed(root.accessKeys[1].lastUsedDate, now)}</td></tr></tbody>
</table>`;
}

const BAR_WIDTH = 240;

/** Horizontal bars, one per label, scaled to the largest value (or to `total` when given). */
function bars(id: string, title: string, items: readonly { label: string; value: number; color: string }[], total?: number): Markup {
  const max = Math.max(total ?? 0, ...items.map((i) => i.value), 1);
  const height = items.length * 22 + 4;
  return html`<figure><figcaption>${title}</figcaption><svg id="${id}" width="${BAR_WIDTH + 150}" height="${height}" role="img" aria-label="${title}">
${items.map((item, i) => {
  const y = i * 22 + 2;
  const width = Math.round((item.value / max) * BAR_WIDTH);
  return html`<text x="0" y="${y + 14}" font-size="12">${item.label}</text><rect x="90" y="${y}" width="${width}" height="18" fill="${item.color}"><title>${item.label}: ${item.value}</title></rect><text x="${96 + width}" y="${y + 14}" font-size="12">${item.value}</text>
`;
})}</svg></figure>`;
}

const SEVERITY_COLORS: Record<Severity, string> = { critical: '#7f1d1d', high: '#c2410c', medium: '#b45309', low: '#1d4ed8', info: '#4b5563' };

function summaryCharts(findings: readonly Finding[], rows: readonly PersonRow[]): Markup {
  const counts = countBySeverity(findings);
  const bySeverity = [...SEVERITIES].reverse().map((s) => ({ label: s, value: counts[s], color: SEVERITY_COLORS[s] }));
  const consoleUsers = rows.filter((r) => r.consolePassword === true);
  const withMfa = consoleUsers.filter((r) => r.mfa === true).length;
  const mfa = [
    { label: 'with MFA', value: withMfa, color: '#15803d' },
    { label: 'without MFA', value: consoleUsers.length - withMfa, color: '#c2410c' },
  ];
  return html`<div class="summary">
${bars('chart-severity', 'Findings by severity', bySeverity)}
${bars('chart-mfa', `MFA coverage: ${withMfa} of ${consoleUsers.length} people with a console password`, mfa, consoleUsers.length)}
</div>`;
}

/** The whole page: result and roster in, a self-contained HTML document out. */
export function renderHtmlReport(result: AuditResult, roster: Roster, options: HtmlReportOptions): string {
  const rows = buildPeopleRows(roster, result);
  const counts = countBySeverity(result.findings);
  const failing = atOrAbove(result.findings, options.failOn).length;
  const countText = [...SEVERITIES].reverse().filter((s) => counts[s] > 0).map((s) => `${counts[s]} ${s}`).join(', ');
  const generated = result.reportGeneratedAt ? `credential report generated ${result.reportGeneratedAt.toISOString()}` : 'credential report time unknown';
  const page = html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>IAM audit of account ${result.accountId}</title>
<style>${new Markup(STYLE)}</style>
</head>
<body>
<h1>IAM audit of account ${result.accountId}</h1>
<p class="meta">Audited ${result.auditedAt.toISOString()}; ${generated}; roster ${basename(roster.file)}, ${roster.people.length} people; ${result.userCount} IAM users.</p>
<p id="verdict" class="${failing > 0 ? 'bad' : 'good'}">${result.findings.length} finding(s)${countText ? ` (${countText})` : ''}; ${failing === 0 ? `none at or above ${options.failOn}` : `${failing} at or above ${options.failOn}`}.</p>
${summaryCharts(result.findings, rows)}
<h2>Findings, most severe first</h2>
${findingsTable(result.findings)}
<h2>People on the roster</h2>
${peopleTable(rows)}
<h2>Root account</h2>
${rootSection(result.report, result.auditedAt)}
</body>
</html>
`;
  return page.text;
}
