/**
 * The audit of each member account (docs/accounts.md): read through the audit role assumed there
 * (config.memberAuditRole), it must hold the roles the roster places there, each trusting only the
 * identity account's people with MFA as themselves, no other role the identity account (or anyone)
 * may assume without MFA, no IAM user at all, and the baseline and password policy its stack
 * deploys. Every finding names its account (prod:role/database-admin).
 */
import { paginateListUsers } from '@aws-sdk/client-iam';
import { type GovernedAccount, governedAccounts, roleAccounts } from '../../roster/accounts';
import { ADMIN_ROLE_NAME, ROLE_PATH, type Roster } from '../../roster/model';
import { SUPPORT_ROLE_NAME } from '../../stacks/built-in-names';
import { deployRoleArn } from '../../stacks/member-role-arns';
import { AUDIT_ROLE_NAME, DEPLOY_ROLE_NAME, PLAN_ROLE_NAME } from '../../stacks/policies/ci-roles';
import { assumeRoleEnv, callerAccount } from '../aws/assume-role';
import { type AwsService, endpointFor, iamClient } from '../aws/clients';
import { mapConcurrently } from '../map-concurrently';
import { checkRolesOutsideRoster } from './access-outside-roster';
import { fetchRoleDetails } from './authorization-details';
import { checkBaseline } from './baseline-checks';
import { AuditError, MEMBER_AUDIT_PERMISSIONS, describeAwsError } from './errors';
import { type Finding, inAccount } from './findings';
import { checkPasswordPolicy, fetchPasswordPolicy } from './password-policy-check';
import { checkRoles, expectedRoles } from './role-checks';
import { MEMBER_ACCOUNT_USER } from './rules/accounts';

/** How many member accounts are read at once: each read is a dozen calls, and AWS throttles per caller. */
export const MEMBER_AUDIT_CONCURRENCY = 4;

export interface MemberAuditOptions {
  /** The role assumed in each member account, a name after an optional path (config.memberAuditRole). */
  readonly auditRole: string;
  /** The role member stacks deploy through (config.memberDeployRole): like the audit role, it trusts the identity account by design - default none. */
  readonly deployRole?: string;
  /** Whether the target has Access Analyzer - default true. */
  readonly accessAnalyzer?: boolean;
  /** Member accounts not to read (those the organization does not list) - default none. */
  readonly skip?: ReadonlySet<string>;
}

/** A role name after an optional path: /deploy/iam-roster is iam-roster. */
const nameOf = (role: string) => role.slice(role.lastIndexOf('/') + 1);

/** Audit every member account of the roster, a few at once; findings in the roster's account order. */
export async function auditMemberAccounts(roster: Roster, env: NodeJS.ProcessEnv, options: MemberAuditOptions): Promise<Finding[]> {
  const members = governedAccounts(roster).filter((a) => !a.identity && !options.skip?.has(a.name));
  const perAccount = await mapConcurrently(members, MEMBER_AUDIT_CONCURRENCY, (account) => auditMemberAccount(roster, env, account, options));
  return perAccount.flat();
}

async function auditMemberAccount(roster: Roster, env: NodeJS.ProcessEnv, account: GovernedAccount, options: MemberAuditOptions): Promise<Finding[]> {
  const roleArn = deployRoleArn(account.id, options.auditRole);
  const memberEnv = await reachAt(`sts:AssumeRole ${roleArn}`, endpointFor(env, 'STS'), () => assumeRoleEnv(env, roleArn), [`sts:AssumeRole on ${roleArn}`]);
  const found = await reach('sts:GetCallerIdentity', memberEnv, 'STS', () => callerAccount(memberEnv));
  if (found !== account.id) throw new AuditError(`${roleArn} gave credentials for account ${found}, but ${roster.file} says ${account.name} is ${account.id}`);
  const iam = iamClient(memberEnv);
  const where = ` in ${account.name}`;
  const [roles, users, passwordPolicy] = await Promise.all([
    reach(`iam:GetAccountAuthorizationDetails${where}`, memberEnv, 'IAM', () => fetchRoleDetails(iam, ROLE_PATH)),
    reach(`iam:ListUsers${where}`, memberEnv, 'IAM', async () => {
      const names: string[] = [];
      for await (const page of paginateListUsers({ client: iam }, {})) names.push(...(page.Users ?? []).map((u) => u.UserName as string));
      return names;
    }),
    reach(`iam:GetAccountPasswordPolicy${where}`, memberEnv, 'IAM', () => fetchPasswordPolicy(iam)),
  ]);
  const here = { name: account.name, admin: roleAccounts(ADMIN_ROLE_NAME, roster).includes(account.name), support: roleAccounts(SUPPORT_ROLE_NAME, roster).includes(account.name) };
  const { settings } = roster;
  const toolRoles = [options.auditRole, ...(options.deployRole ? [options.deployRole] : []), PLAN_ROLE_NAME, DEPLOY_ROLE_NAME, AUDIT_ROLE_NAME].map(nameOf);
  const baseline = await checkBaseline(
    {
      roster,
      accountId: account.id,
      env: memberEnv,
      iam,
      accessAnalyzer: options.accessAnalyzer ?? true,
      roles,
      step: (name, run, endpoint = endpointFor(memberEnv, 'IAM')) => reachAt(`${name}${where}`, endpoint, run),
    },
    { alias: false, supportRole: here.support },
  );
  const findings = [
    ...checkRoles(roster, { accountId: settings.accountId, mfaMaxAgeSeconds: settings.mfaMaxAgeSeconds }, roles, expectedRoles(roster, here)),
    ...checkRolesOutsideRoster(roster, roles, { account: here, toolRoles }),
    ...checkPasswordPolicy(settings.passwordPolicy, passwordPolicy),
    ...baseline,
    ...users.map((user) => ({
      id: MEMBER_ACCOUNT_USER.id,
      severity: MEMBER_ACCOUNT_USER.severity,
      user: `user/${user}`,
      message: 'an IAM user; people sign in to the identity account only',
      expected: 'no IAM user in a member account',
      found: `user ${user}`,
      action: `delete it with credentials in ${account.name} (its keys, password and MFA devices first); npm run deploy does not repair it`,
    })),
  ];
  return findings.map((f) => ({ ...f, user: inAccount(account.name, f.user), message: `in account ${account.name} (${account.id}): ${f.message}` }));
}

function reach<T>(step: string, env: NodeJS.ProcessEnv, service: AwsService, run: () => Promise<T>): Promise<T> {
  return reachAt(step, endpointFor(env, service), run);
}

/** Run one call in a member account; a denial names what the audit role there must allow. */
async function reachAt<T>(step: string, endpoint: string | undefined, run: () => Promise<T>, permissions: readonly string[] = MEMBER_AUDIT_PERMISSIONS): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof AuditError) throw err;
    throw describeAwsError(err, step, endpoint, permissions);
  }
}
