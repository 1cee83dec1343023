/** People never get access keys: any key on a roster person's user, active or not, is a finding. */
import { PEOPLE_PATH, type Roster } from '../../roster/model';
import type { AccessKeyColumns, CredentialReportRow } from './credential-report';
import type { Finding } from './findings';

/**
 * The credential report has no "key exists" column. A key slot holds a key when
 * it is active, or when it has a last-rotated date: an inactive key keeps the
 * date it was created or rotated, while an empty slot reads false and N/A.
 */
export function keyExists(key: AccessKeyColumns): boolean {
  return key.active === true || key.lastRotated instanceof Date;
}

/** A person's user: a roster username (IAM compares names case-insensitively) or any user under the people path. */
function isPersonRow(row: CredentialReportRow, usernames: ReadonlySet<string>): boolean {
  return !row.isRoot && (usernames.has(row.user.toLowerCase()) || row.arn.includes(`:user${PEOPLE_PATH}`));
}

export function checkPersonKeys(roster: Pick<Roster, 'people'>, rows: readonly CredentialReportRow[]): Finding[] {
  const usernames = new Set(roster.people.map((p) => p.username.toLowerCase()));
  const findings: Finding[] = [];
  for (const row of rows) {
    if (!isPersonRow(row, usernames)) continue;
    const keys = row.accessKeys.filter(keyExists);
    if (keys.length === 0) continue;
    const found = keys.map((k) => `${k.active === true ? 'an active' : 'an inactive'} key`).join(' and ');
    findings.push({
      id: 'access-key-on-person',
      severity: 'high',
      user: row.user,
      message: `has ${found}; people never get access keys (they use their console session or a role)`,
      expected: 'no access key',
      found,
      action: `the person or an admin deletes the key (aws iam list-access-keys --user-name ${row.user}, then aws iam delete-access-key); npm run deploy does not repair it`,
    });
  }
  return findings;
}
