/**
 * The plan summary as a pull-request comment: security effect first, then people,
 * then counts, then the full plan folded away, all within GitHub's comment limit.
 */
import { detailsSection, plural } from './full-plan';
import { bold, code, escapeText } from './markdown-text';
import { type PlanSummary, type PrivilegeChange, describePerson } from './wording';

/** Hidden first line the pipeline looks for to update one comment in place. */
export const SUMMARY_MARKER = '<!-- iam-roster-plan-summary -->';
/** GitHub rejects issue and pull-request comments longer than this. */
export const GITHUB_COMMENT_LIMIT = 65_536;

export interface RenderOptions {
  /** Longest comment to produce - default 65,536 characters, GitHub's limit. */
  readonly maxChars?: number;
  /** A line under the heading, such as the commit planned - none by default. */
  readonly context?: string;
}

const EFFECT_ICON: Record<PrivilegeChange['effect'], string> = { widens: '🔺 widens', narrows: '🔻 narrows', changes: '🔸 changes' };
const EFFECT_ORDER: Record<PrivilegeChange['effect'], number> = { widens: 0, changes: 1, narrows: 2 };

interface Limits {
  people: number;
  other: number;
  privileges: number;
  destructive: number;
}

function limited(lines: readonly string[], limit: number, what: string): string[] {
  if (lines.length <= limit) return [...lines];
  return [...lines.slice(0, limit), `- … and ${lines.length - limit} more ${what} (see the full plan below or the workflow log)`];
}

function summarySection(s: PlanSummary, limits: Limits, context?: string): string {
  const out: string[] = [SUMMARY_MARKER, '### IAM roster plan', ''];
  if (s.account?.retired) {
    out.push(`Account ${bold(s.account.name)} (${code(s.account.id)}), a member account **no longer on the roster**: this plan destroys what its stack made there.`, '');
  } else if (s.account) {
    out.push(`Account ${bold(s.account.name)} (${code(s.account.id)}), a member account: its privileged roles and baseline. People and their groups are planned in the identity account.`, '');
  }
  if (context) out.push(escapeText(context), '');
  const total = s.changes.length;
  if (total === 0) {
    out.push('**No changes.** The account already matches the roster.');
    if (s.driftCount > 0) out.push('', `Terraform noticed ${plural(s.driftCount, 'resource')} changed outside Terraform since the last deploy; the next deploy keeps the roster's values.`);
    return `${out.join('\n')}\n`;
  }
  const widens = s.privileges.filter((p) => p.effect === 'widens').length;
  const adminGrants = s.privileges.filter((p) => p.adminEquivalent);
  out.push(
    [
      ...(adminGrants.length > 0 ? [`**🚨 ${plural(adminGrants.length, 'admin-equivalent grant')}**`] : []),
      widens > 0 ? `**⚠️ ${plural(widens, 'privilege increase')}**` : '**no privilege increase**',
      s.destructive.length > 0 ? `**🛑 ${plural(s.destructive.length, 'destructive change')}**` : 'nothing destroyed',
      plural(s.people.length, 'person', 'people') + ' changed',
      plural(total, 'resource change'),
    ].join(' · '),
    '',
  );
  const byEffect = (list: readonly PrivilegeChange[]) => [...list].sort((a, b) => EFFECT_ORDER[a.effect] - EFFECT_ORDER[b.effect]).map((p) => `- ${EFFECT_ICON[p.effect]}: ${p.text}`);
  if (adminGrants.length > 0) {
    // Administrator access is never cut to fit: a reviewer must see every grant of it.
    out.push('#### 🚨 Admin-equivalent access', '', 'These roles can grant themselves any permission; each line below gives or widens one.', '');
    out.push(...byEffect(adminGrants), '');
  }
  const rest = s.privileges.filter((p) => !p.adminEquivalent);
  if (rest.length > 0) {
    out.push('#### Privilege changes', '');
    out.push(...limited(byEffect(rest), limits.privileges, 'privilege changes'), '');
  }
  if (s.destructive.length > 0) {
    out.push('#### Destructive changes', '');
    out.push(...limited(s.destructive.map((d) => `- 🛑 ${d.text}`), limits.destructive, 'destructive changes'), '');
  }
  if (s.people.length > 0) {
    out.push('#### People', '', '| Employee ID | Username | Name | Change |', '| --- | --- | --- | --- |');
    const rows = s.people.map((p) => `| ${escapeText(p.employeeId)} | ${code(p.username)} | ${escapeText(p.name)} | ${describePerson(p)} |`);
    const shown = rows.slice(0, limits.people);
    out.push(...shown);
    if (rows.length > shown.length) out.push('', `… and ${rows.length - shown.length} more people (see the full plan below or the workflow log)`);
    out.push('');
  }
  if (s.other.length > 0) {
    out.push('#### Roles, groups and account settings', '');
    out.push(...limited(s.other.map((o) => `- ${o}`), limits.other, 'changes'), '');
  }
  out.push('#### Resource changes by type', '', '| Resource type | create | update | replace | delete |', '| --- | ---: | ---: | ---: | ---: |');
  for (const r of s.counts) out.push(`| \`${r.type}\` | ${r.create} | ${r.update} | ${r.replace} | ${r.delete} |`);
  const sum = (k: 'create' | 'update' | 'replace' | 'delete') => s.counts.reduce((n, r) => n + r[k], 0);
  out.push(`| **total** | **${sum('create')}** | **${sum('update')}** | **${sum('replace')}** | **${sum('delete')}** |`);
  if (s.driftCount > 0) out.push('', `Terraform noticed ${plural(s.driftCount, 'resource')} changed outside Terraform since the last deploy.`);
  return `${out.join('\n')}\n`;
}

/**
 * The pull-request comment. The summary always comes whole when it fits; when
 * the limit is tight the full plan is cut first, then the longest lists.
 */
export function renderMarkdown(summary: PlanSummary, options: RenderOptions = {}): string {
  const maxChars = options.maxChars ?? GITHUB_COMMENT_LIMIT;
  const limits: Limits = { people: Infinity, other: Infinity, privileges: Infinity, destructive: Infinity };
  // Keep room for at least the folded plan's frame; shrink the longest lists until the summary fits.
  const reserve = Math.min(600, Math.floor(maxChars / 4));
  let head = summarySection(summary, limits, options.context);
  const order: (keyof Limits)[] = ['people', 'other', 'privileges', 'destructive'];
  for (const key of order) {
    while (head.length > maxChars - reserve && limits[key] > 0) {
      const current = limits[key] === Infinity ? listLength(summary, key) : limits[key];
      limits[key] = Math.floor(current / 2);
      head = summarySection(summary, limits, options.context);
    }
  }
  if (head.length > maxChars) head = `${head.slice(0, maxChars - 40)}\n\n… summary truncated\n`;
  const details = detailsSection(summary.changes, maxChars - head.length - 1);
  return details && head.length + 1 + details.length <= maxChars ? `${head}\n${details}` : head;
}

function listLength(s: PlanSummary, key: keyof Limits): number {
  return key === 'people' ? s.people.length : key === 'other' ? s.other.length : key === 'privileges' ? s.privileges.length : s.destructive.length;
}

/**
 * One comment for the plans of several stacks (the identity account's and each member account's),
 * in the order given: the marker once, then each stack's summary. Within the limit, stacks with no
 * changes keep their one line and the stacks with changes share the rest equally, each cut as
 * renderMarkdown cuts one.
 */
export function renderComment(summaries: readonly PlanSummary[], options: RenderOptions = {}): string {
  if (summaries.length === 1) return renderMarkdown(summaries[0], options);
  const maxChars = options.maxChars ?? GITHUB_COMMENT_LIMIT;
  const render = (s: PlanSummary, i: number, chars: number) => {
    const text = renderMarkdown(s, { maxChars: chars, context: i === 0 ? options.context : undefined });
    return i === 0 ? text : text.slice(text.indexOf('\n') + 1);
  };
  const whole = summaries.map((s, i) => render(s, i, maxChars));
  const join = (parts: readonly string[]) => parts.join('\n');
  if (join(whole).length <= maxChars) return join(whole);
  const changed = summaries.map((s) => s.changes.length > 0);
  const unchangedChars = whole.reduce((n, text, i) => n + (changed[i] ? 0 : text.length + 1), 0);
  const share = Math.floor((maxChars - unchangedChars) / changed.filter(Boolean).length) - 1;
  return join(summaries.map((s, i) => (changed[i] ? render(s, i, share) : whole[i])));
}
