/** Render audit results as a terminal table, JSON, Markdown or a self-contained HTML page. */
import type { Roster } from '../../roster/model';
import { type Finding, type Severity, SEVERITIES, atOrAbove, countBySeverity } from './findings';
import { renderHtmlReport } from './html-report';
import type { AuditResult } from './run-audit';

export const FORMATS = ['table', 'json', 'markdown', 'html'] as const;
export type Format = (typeof FORMATS)[number];

function summary(result: AuditResult, failOn: Severity): string {
  const counts = countBySeverity(result.findings);
  const parts = [...SEVERITIES].reverse().filter((s) => counts[s] > 0).map((s) => `${counts[s]} ${s}`);
  const failing = atOrAbove(result.findings, failOn).length;
  const head = `${result.findings.length} finding(s)${parts.length ? ` (${parts.join(', ')})` : ''} for ${result.userCount} IAM user(s) in account ${result.accountId}`;
  return `${head}; ${failing === 0 ? `none at or above ${failOn}` : `${failing} at or above ${failOn}`}`;
}

function reportAge(result: AuditResult): string {
  return result.reportGeneratedAt ? `credential report generated ${result.reportGeneratedAt.toISOString()}` : 'credential report time unknown';
}

function table(rows: readonly string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]))).join('  ')).join('\n');
}

export function formatTable(result: AuditResult, failOn: Severity): string {
  const lines = [`IAM audit of account ${result.accountId} at ${result.auditedAt.toISOString()} (${reportAge(result)})`, ''];
  if (result.findings.length > 0) {
    const rows = [['SEVERITY', 'ID', 'USER', 'FINDING', 'WHAT TO DO'], ...result.findings.map((f) => [f.severity.toUpperCase(), f.id, f.user, f.message, f.action])];
    lines.push(table(rows), '');
  }
  lines.push(summary(result, failOn));
  return `${lines.join('\n')}\n`;
}

export function formatJson(result: AuditResult, failOn: Severity): string {
  return `${JSON.stringify(
    {
      accountId: result.accountId,
      auditedAt: result.auditedAt.toISOString(),
      reportGeneratedAt: result.reportGeneratedAt?.toISOString() ?? null,
      userCount: result.userCount,
      failOn,
      counts: countBySeverity(result.findings),
      failing: atOrAbove(result.findings, failOn).length,
      findings: result.findings,
    },
    null,
    2,
  )}\n`;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function formatMarkdown(result: AuditResult, failOn: Severity): string {
  const lines = [`## IAM audit of account ${result.accountId}`, '', `Audited ${result.auditedAt.toISOString()}; ${reportAge(result)}.`, '', `**${summary(result, failOn)}**`, ''];
  if (result.findings.length > 0) {
    lines.push('| Severity | ID | Object | Finding | Expected | Found | What to do |', '| --- | --- | --- | --- | --- | --- | --- |');
    for (const f of result.findings) {
      lines.push(`| ${f.severity} | \`${f.id}\` | ${cell(f.user)} | ${cell(f.message)} | ${cell(f.expected)} | ${cell(f.found)} | ${cell(f.action)} |`);
    }
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}

/** The roster is read by the HTML page only, for its one row per person. */
export function formatResult(result: AuditResult, format: Format, failOn: Severity, roster: Roster): string {
  if (format === 'html') return renderHtmlReport(result, roster, { failOn });
  if (format === 'json') return formatJson(result, failOn);
  if (format === 'markdown') return formatMarkdown(result, failOn);
  return formatTable(result, failOn);
}

/** Exit code of the audit: 1 when a finding is at or above failOn, 0 otherwise. */
export function exitCodeFor(findings: readonly Finding[], failOn: Severity): 0 | 1 {
  return atOrAbove(findings, failOn).length > 0 ? 1 : 0;
}
