/**
 * The audit of each member account (npm run audit -- --member-accounts, docs/accounts.md): read
 * through the deploy role its stack assumes, it must hold the roles the roster places there, each
 * trusting only the identity account's people with MFA as themselves, and no IAM user at all.
 * Every finding names its account.
 */
import { paginateListUsers } from '@aws-sdk/client-iam';
import { governedAccounts, roleAccounts } from '../../roster/accounts';
import { ADMIN_ROLE_NAME, ROLE_PATH, type Roster } from '../../roster/model';
import { SUPPORT_ROLE_NAME } from '../../stacks/built-in-names';
import { deployRoleArn } from '../../stacks/member-role-arns';
import { assumeRoleEnv, callerAccount } from '../aws/assume-role';
import { endpointFor, iamClient } from '../aws/clients';
import { fetchRoleDetails } from './authorization-details';
import { AuditError, describeAwsError } from './errors';
import type { Finding } from './findings';
import { checkRoles, expectedRoles } from './role-checks';
import { MEMBER_ACCOUNT_USER } from './rules/accounts';

/** A finding's object in a member account: prod:role/database-admin. */
export const inAccount = (account: string, object: string): string => `${account}:${object}`;

/** Audit every member account of the roster through its deploy role (a name after an optional path, config.memberDeployRole). */
export async function auditMemberAccounts(roster: Roster, env: NodeJS.ProcessEnv, deployRole: string): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const account of governedAccounts(roster).filter((a) => !a.identity)) {
    const roleArn = deployRoleArn(account.id, deployRole);
    const memberEnv = await reach(`sts:AssumeRole ${roleArn}`, env, () => assumeRoleEnv(env, roleArn));
    const found = await reach('sts:GetCallerIdentity', env, () => callerAccount(memberEnv));
    if (found !== account.id) throw new AuditError(`${roleArn} gave credentials for account ${found}, but ${roster.file} says ${account.name} is ${account.id}`);
    const iam = iamClient(memberEnv);
    const roles = await reach(`iam:GetAccountAuthorizationDetails in ${account.name}`, memberEnv, () => fetchRoleDetails(iam, ROLE_PATH));
    const here = { name: account.name, admin: roleAccounts(ADMIN_ROLE_NAME, roster).includes(account.name), support: roleAccounts(SUPPORT_ROLE_NAME, roster).includes(account.name) };
    const ctx = { accountId: roster.settings.accountId, mfaMaxAgeSeconds: roster.settings.mfaMaxAgeSeconds };
    for (const f of checkRoles(roster, ctx, roles, expectedRoles(roster, here))) {
      findings.push({ ...f, user: inAccount(account.name, f.user), message: `in account ${account.name} (${account.id}): ${f.message}` });
    }
    const users = await reach(`iam:ListUsers in ${account.name}`, memberEnv, async () => {
      const names: string[] = [];
      for await (const page of paginateListUsers({ client: iam }, {})) names.push(...(page.Users ?? []).map((u) => u.UserName as string));
      return names;
    });
    for (const user of users) {
      findings.push({
        id: MEMBER_ACCOUNT_USER.id,
        severity: MEMBER_ACCOUNT_USER.severity,
        user: inAccount(account.name, `user/${user}`),
        message: `in account ${account.name} (${account.id}): an IAM user; people sign in to the identity account only`,
        expected: 'no IAM user in a member account',
        found: `user ${user}`,
        action: `delete it with credentials in ${account.name} (its keys, password and MFA devices first); npm run deploy does not repair it`,
      });
    }
  }
  return findings;
}

async function reach<T>(step: string, env: NodeJS.ProcessEnv, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof AuditError) throw err;
    throw describeAwsError(err, step, endpointFor(env, 'IAM'));
  }
}
