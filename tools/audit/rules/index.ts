/**
 * Every rule of the audit, in the order docs/audit.md presents them. A finding
 * whose id and severity are not here is a bug (the tests check each one).
 */
import type { Finding } from '../findings';
import { MEMBER_ACCOUNT_RULES, ORGANIZATION_RULES } from './accounts';
import { BASELINE_RULES } from './baseline';
import { CREDENTIAL_REPORT_RULES } from './credential-report';
import { IDENTITY_RULES } from './identity';
import { OUTSIDE_ROSTER_RULES } from './outside-roster';
import { PASSWORD_POLICY_RULES } from './password-policy';
import { ROLE_RULES } from './roles';
import type { AuditRule, RuleSection } from './rule';
import { USER_RULES } from './users';

export type { AuditRule, RuleSection } from './rule';

export const RULE_SECTIONS: readonly RuleSection[] = [
  CREDENTIAL_REPORT_RULES,
  USER_RULES,
  IDENTITY_RULES,
  ROLE_RULES,
  PASSWORD_POLICY_RULES,
  OUTSIDE_ROSTER_RULES,
  BASELINE_RULES,
  MEMBER_ACCOUNT_RULES,
  ORGANIZATION_RULES,
];

export const RULES: readonly AuditRule[] = RULE_SECTIONS.flatMap((s) => s.rules);

/** The rule a finding was made by, or undefined when none has its id and severity. */
export function ruleOf(finding: Pick<Finding, 'id' | 'severity'>): AuditRule | undefined {
  return RULES.find((r) => r.id === finding.id && r.severity === finding.severity);
}

/** One section's rules as the Markdown table docs/audit.md shows between its markers. */
export function rulesTable(section: RuleSection): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  return [
    '| ID | Severity | CIS | Deploy repairs | When |',
    '| --- | --- | --- | --- | --- |',
    ...section.rules.map((r) => `| \`${r.id}\` | ${r.severity} | ${r.cis ?? ''} | ${cell(r.deployRepairs)} | ${cell(r.when)} |`),
  ].join('\n');
}
