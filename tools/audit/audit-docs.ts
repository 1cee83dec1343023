/**
 * The parts of docs/audit.md written from code: each rule section's table and the
 * permissions the audit needs. `npm run docs:audit` rewrites them; a test holds
 * the committed file equal to what this renders.
 */
import { AUDIT_PERMISSIONS } from './errors';
import { RULE_SECTIONS, rulesTable } from './rules';

const block = (marker: string, body: string) => `<!-- ${marker}:start -->\n${body}\n<!-- ${marker}:end -->`;

/** The minimum policy, as the JSON block of the Permissions section. */
export function permissionsBlock(): string {
  const policy = { Version: '2012-10-17', Statement: [{ Sid: 'IamRosterAudit', Effect: 'Allow', Action: [...AUDIT_PERMISSIONS], Resource: '*' }] };
  return ['```json', JSON.stringify(policy, null, 2), '```'].join('\n');
}

/** The generated blocks of docs/audit.md, by marker. */
export function generatedBlocks(): ReadonlyMap<string, string> {
  return new Map([...RULE_SECTIONS.map((s) => [`rules:${s.key}`, rulesTable(s)] as const), ['audit-permissions', permissionsBlock()]]);
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
