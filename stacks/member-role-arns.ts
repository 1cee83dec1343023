import { governedAccounts, roleAccounts } from '../roster/accounts';
import { ROLE_PATH, type Roster } from '../roster/model';
import { IDENTITY_ACCOUNT } from '../roster/schema';
import { roleArn } from './policies/documents';

/**
 * A role's ARN in each of the named member accounts (default: every member account the role
 * exists in), in governed order. The identity account is left out: its stacks name their own
 * role by reference. These ARNs are written out, never a wildcard, so a group's policy names
 * exactly the roles its members may assume.
 */
export function memberRoleArns(roster: Pick<Roster, 'settings' | 'accounts' | 'roles'>, role: string, accounts: readonly string[] = roleAccounts(role, roster)): string[] {
  const ids = new Map(governedAccounts(roster).map((a) => [a.name, a.id]));
  return accounts.filter((a) => a !== IDENTITY_ACCOUNT).map((a) => roleArn({ accountId: ids.get(a) as string }, role, ROLE_PATH));
}

/** The ARN of the role a member account's stack (and the tools) assume there: a role name after an optional path (config.memberDeployRole). */
export function deployRoleArn(accountId: string, deployRole: string): string {
  return `arn:aws:iam::${accountId}:role${deployRole.startsWith('/') ? '' : '/'}${deployRole}`;
}
