/**
 * The audit's checks as data: one row per finding ID and severity. docs/audit.md's
 * check tables are rendered from these (a test holds the two equal), and every
 * finding the audit makes must name a rule here.
 */
import type { Severity } from '../findings';

export interface AuditRule {
  /** The finding's stable ID. */
  readonly id: string;
  readonly severity: Severity;
  /** CIS AWS Foundations Benchmark (v3.0.0) controls it maps to, such as '1.10' - none when no control maps. */
  readonly cis?: string;
  /** Whether `npm run deploy` repairs it: yes, no, or "no: <who does>". */
  readonly deployRepairs: 'yes' | 'no' | `no: ${string}`;
  /** When the finding is made: one Markdown sentence. */
  readonly when: string;
}

/** A group of rules that read the account the same way, with a Markdown paragraph saying how. */
export interface RuleSection {
  /** Short name, used in the markers of docs/audit.md: `<!-- rules:<key>:start -->`. */
  readonly key: string;
  readonly rules: readonly AuditRule[];
}
