/**
 * The parts of docs/audit.md written from code: each rule section's table and the
 * permissions the audit needs. `npm run docs:audit` rewrites them; a test holds
 * the committed file equal to what this renders.
 */
import { AUDIT_ROLE_NAME, CI_ROLE_PATH } from '../../stacks/policies/ci-roles';
import { AUDIT_PERMISSIONS, MEMBER_AUDIT_PERMISSIONS, ORGANIZATION_AUDIT_PERMISSIONS } from './errors';
import { RULE_SECTIONS, rulesTable } from './rules';

const block = (marker: string, body: string) => `<!-- ${marker}:start -->\n${body}\n<!-- ${marker}:end -->`;

type Statement = { Sid: string; Effect: 'Allow'; Action: string[]; Resource: string };
const policyJson = (statements: Statement[]) => ['```json', JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2), '```'].join('\n');

/** The minimum policy in the identity account, as the JSON block of the Permissions section. */
export function permissionsBlock(): string {
  const [listAccounts, assumeRole] = ORGANIZATION_AUDIT_PERMISSIONS;
  return policyJson([
    { Sid: 'IamRosterAudit', Effect: 'Allow', Action: [...AUDIT_PERMISSIONS], Resource: '*' },
    { Sid: 'IamRosterAuditOrganization', Effect: 'Allow', Action: [listAccounts], Resource: '*' },
    // The bootstrap's audit role, as CI sets IAM_ROSTER_MEMBER_AUDIT_ROLE (/ci/iam-roster-audit).
    { Sid: 'IamRosterAuditMemberAccounts', Effect: 'Allow', Action: [assumeRole], Resource: `arn:aws:iam::*:role${CI_ROLE_PATH}${AUDIT_ROLE_NAME}` },
  ]);
}

/** The policy of the audit role in each member account. */
export function memberPermissionsBlock(): string {
  return policyJson([{ Sid: 'IamRosterMemberAudit', Effect: 'Allow', Action: [...MEMBER_AUDIT_PERMISSIONS], Resource: '*' }]);
}

/** The generated blocks of docs/audit.md, by marker. */
export function generatedBlocks(): ReadonlyMap<string, string> {
  return new Map([
    ...RULE_SECTIONS.map((s) => [`rules:${s.key}`, rulesTable(s)] as const),
    ['audit-permissions', permissionsBlock()],
    ['member-audit-permissions', memberPermissionsBlock()],
  ]);
}

/** The document with every marked block replaced by what the code renders; a marker missing is an error. */
export function renderAuditDocs(doc: string): string {
  let out = doc;
  for (const [marker, body] of generatedBlocks()) {
    const pattern = new RegExp(`<!-- ${marker}:start -->\\n(?:[\\s\\S]*?\\n)?<!-- ${marker}:end -->`);
    if (!pattern.test(out)) throw new Error(`docs/audit.md has no ${marker} markers: add <!-- ${marker}:start --> and <!-- ${marker}:end --> where it belongs`);
    out = out.replace(pattern, () => block(marker, body));
  }
  return out;
}
