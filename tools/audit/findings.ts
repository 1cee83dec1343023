/** A finding of the audit and how severe it is. */

export const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}

export function isSeverity(value: string): value is Severity {
  return (SEVERITIES as readonly string[]).includes(value);
}

export interface Finding {
  /** Rule id, stable across runs (for suppression and issue titles): root-access-key, unknown-user... */
  readonly id: string;
  readonly severity: Severity;
  /** The object concerned: an IAM user (<root_account> for root), role/<name>, or password-policy. */
  readonly user: string;
  /** What is wrong, with the observed value. */
  readonly message: string;
  /** What the roster (or the stacks built from it, or the audit's thresholds) expects. */
  readonly expected: string;
  /** What the account has instead. */
  readonly found: string;
  /** What to do about it. */
  readonly action: string;
}

/** A finding's object in a named account: prod:role/database-admin. */
export const inAccount = (account: string, object: string): string => `${account}:${object}`;

/** Most severe first, then by rule and user, so reports are stable. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) => severityRank(b.severity) - severityRank(a.severity) || a.id.localeCompare(b.id) || a.user.localeCompare(b.user),
  );
}

export function atOrAbove(findings: readonly Finding[], threshold: Severity): Finding[] {
  return findings.filter((f) => severityRank(f.severity) >= severityRank(threshold));
}

export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of findings) counts[f.severity]++;
  return counts;
}
