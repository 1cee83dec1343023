/**
 * The GitHub Actions roles' policies as plain data: no cdktf import, so the
 * trust and permission tests evaluate exactly what the bootstrap stack deploys.
 *
 * Three roles, no long-lived keys: the plan role (pull requests: read IAM, read
 * state, take the state lock), the deploy role (the protected environment:
 * change the roster's users, groups and roles, write state) and the audit role
 * (scheduled runs on main). Each may assume its namesake in every member account
 * (member-ci-roles.ts) and nothing else there.
 */
import { PEOPLE_PATH, ROLE_PATH } from '../../roster/model';
import { type AccountContext, type PolicyDocument, type PolicyStatement, roleArn } from './documents';

/** GitHub's OIDC issuer; the IAM identity provider is named after it. */
export const GITHUB_OIDC_HOST = 'token.actions.githubusercontent.com';
/** The audience aws-actions/configure-aws-credentials asks GitHub to put in the token. */
export const GITHUB_OIDC_AUDIENCE = 'sts.amazonaws.com';
/** IAM path of the CI roles: outside the roster's paths, so the deploy role cannot edit them (or itself). */
export const CI_ROLE_PATH = '/ci/';
export const PLAN_ROLE_NAME = 'iam-roster-plan';
export const DEPLOY_ROLE_NAME = 'iam-roster-deploy';
export const AUDIT_ROLE_NAME = 'iam-roster-audit';
/** The three CI roles by job; each member account has roles of the same names (member-ci-roles.ts). */
export const CI_ROLE_NAMES = { plan: PLAN_ROLE_NAME, deploy: DEPLOY_ROLE_NAME, audit: AUDIT_ROLE_NAME } as const;
export type CiJob = keyof typeof CI_ROLE_NAMES;
/** GitHub repositories are owner/name: letters, digits, "-", and for the name also "." and "_". */
export const GITHUB_REPOSITORY_PATTERN = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/[A-Za-z0-9._-]{1,100}$/;

export interface CiRoleContext extends AccountContext {
  /** The one repository whose workflows may assume the roles, as owner/name. */
  readonly repository: string;
  /** The protected GitHub environment deploys run in (the deploy role's subject). */
  readonly environment: string;
  /** The S3 bucket holding Terraform state. */
  readonly stateBucket: string;
  /** The member accounts, each with CI roles of the same names the identity account's roles hop to - default none. */
  readonly memberAccountIds?: readonly string[];
}

/** A CI role's ARN in an account (the identity account's or a member's): arn:aws:iam::<id>:role/ci/<name>. */
export function ciRoleArn(ctx: AccountContext, job: CiJob): string {
  return roleArn(ctx, CI_ROLE_NAMES[job], CI_ROLE_PATH);
}

/**
 * Let the identity account's CI role of a job assume the role of the same job in each member
 * account, by exact ARN: plan to plan, deploy to deploy, audit to audit. Nothing when there are none.
 */
export function assumeMemberCiRoles(job: CiJob, memberAccountIds: readonly string[] = [], partition?: string): PolicyStatement[] {
  if (memberAccountIds.length === 0) return [];
  const label = job[0].toUpperCase() + job.slice(1);
  return [{ Sid: `Assume${label}RoleInMemberAccounts`, Effect: 'Allow', Action: 'sts:AssumeRole', Resource: memberAccountIds.map((accountId) => ciRoleArn({ accountId, partition }, job)) }];
}

export function githubOidcProviderArn(ctx: AccountContext): string {
  return `arn:${ctx.partition ?? 'aws'}:iam::${ctx.accountId}:oidc-provider/${GITHUB_OIDC_HOST}`;
}

/** The token subject of a pull-request workflow run. */
export function pullRequestSubject(repository: string): string {
  return `repo:${repository}:pull_request`;
}

/** The token subject of a job that runs in a GitHub environment. */
export function environmentSubject(repository: string, environment: string): string {
  return `repo:${repository}:environment:${environment}`;
}

/** The token subject of a job on a branch outside any environment (a scheduled run is on the default branch). */
export function branchSubject(repository: string, branch: string): string {
  return `repo:${repository}:ref:refs/heads/${branch}`;
}

/** Trust one exact token subject from GitHub with our audience: StringEquals, never a wildcard. */
function githubTrust(ctx: AccountContext, subject: string): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'GitHubActionsThisRepositoryOnly',
        Effect: 'Allow',
        Principal: { Federated: githubOidcProviderArn(ctx) },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: {
          StringEquals: {
            [`${GITHUB_OIDC_HOST}:aud`]: GITHUB_OIDC_AUDIENCE,
            [`${GITHUB_OIDC_HOST}:sub`]: subject,
          },
        },
      },
    ],
  };
}

/** Plan role: assumed only by this repository's pull-request workflows. */
export function planRoleTrustPolicy(ctx: CiRoleContext): PolicyDocument {
  return githubTrust(ctx, pullRequestSubject(ctx.repository));
}

/** Deploy role: assumed only by this repository's jobs in the protected environment. */
export function deployRoleTrustPolicy(ctx: CiRoleContext): PolicyDocument {
  return githubTrust(ctx, environmentSubject(ctx.repository, ctx.environment));
}

/** Audit role: the scheduled audit on main, where only reviewed code runs. */
export function auditRoleTrustPolicy(ctx: CiRoleContext, branch = 'main'): PolicyDocument {
  return githubTrust(ctx, branchSubject(ctx.repository, branch));
}

/** Reading IAM is what a plan's refresh does; Get and List never change anything. */
const READ_IAM = { Sid: 'ReadIam', Effect: 'Allow', Action: ['iam:Get*', 'iam:List*'], Resource: '*' } as const;

function stateStatements(ctx: CiRoleContext, write: boolean): PolicyDocument['Statement'] {
  const bucket = `arn:${ctx.partition ?? 'aws'}:s3:::${ctx.stateBucket}`;
  return [
    { Sid: 'ListStateBucket', Effect: 'Allow', Action: 's3:ListBucket', Resource: bucket },
    { Sid: write ? 'ReadWriteState' : 'ReadState', Effect: 'Allow', Action: write ? ['s3:GetObject', 's3:PutObject'] : 's3:GetObject', Resource: `${bucket}/*` },
    // Terraform's native S3 lock is an object next to the state: <key>.tflock.
    { Sid: 'TakeStateLock', Effect: 'Allow', Action: ['s3:PutObject', 's3:DeleteObject'], Resource: `${bucket}/*.tflock` },
  ];
}

/** Plan role: read IAM, read state, take the lock, and hop to each member account's plan role; nothing else. */
export function planRolePolicy(ctx: CiRoleContext): PolicyDocument {
  return { Version: '2012-10-17', Statement: [READ_IAM, ...stateStatements(ctx, false), ...assumeMemberCiRoles('plan', ctx.memberAccountIds, ctx.partition)] };
}

/** What the audit reads of the baseline stack's account-level controls, besides IAM. */
export const AUDIT_BASELINE_READS = [
  'account:GetAlternateContact',
  'access-analyzer:ListAnalyzers',
  'events:ListRules',
  'events:ListTargetsByRule',
  'sns:ListSubscriptionsByTopic',
  'cloudtrail:DescribeTrails',
  'cloudtrail:GetTrailStatus',
] as const;

/**
 * Audit role: read IAM and the baseline's controls, have IAM generate the credential report, and,
 * with member accounts, list the organization's accounts and hop to each member account's audit role (the identity account's role only; ctx omitted: none).
 */
export function auditRolePolicy(ctx?: Pick<CiRoleContext, 'memberAccountIds' | 'partition'>): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      READ_IAM,
      { Sid: 'GenerateCredentialReport', Effect: 'Allow', Action: 'iam:GenerateCredentialReport', Resource: '*' },
      { Sid: 'ReadBaseline', Effect: 'Allow', Action: [...AUDIT_BASELINE_READS], Resource: '*' },
      // With member accounts the audit also lists the organization's accounts (a denial is only an info finding).
      ...((ctx?.memberAccountIds?.length ?? 0) > 0 ? [{ Sid: 'ListOrganizationAccounts', Effect: 'Allow' as const, Action: 'organizations:ListAccounts', Resource: '*' }] : []),
      ...assumeMemberCiRoles('audit', ctx?.memberAccountIds, ctx?.partition),
    ],
  };
}

/** What the identity stack does to a user, including force_destroy's clean-up of credentials made by hand. */
export const DEPLOY_USER_ACTIONS = [
  'iam:CreateUser', 'iam:DeleteUser', 'iam:UpdateUser', 'iam:TagUser', 'iam:UntagUser',
  'iam:CreateLoginProfile', 'iam:UpdateLoginProfile', 'iam:DeleteLoginProfile',
  'iam:DeleteAccessKey', 'iam:DeactivateMFADevice', 'iam:DeleteSigningCertificate', 'iam:DeleteSSHPublicKey',
  'iam:DeleteServiceSpecificCredential', 'iam:DetachUserPolicy', 'iam:DeleteUserPolicy',
] as const;
/** Group changes; membership too, which IAM authorizes on the group, not the user. */
export const DEPLOY_GROUP_ACTIONS = [
  'iam:CreateGroup', 'iam:DeleteGroup', 'iam:UpdateGroup', 'iam:PutGroupPolicy', 'iam:DeleteGroupPolicy',
  'iam:AttachGroupPolicy', 'iam:DetachGroupPolicy', 'iam:AddUserToGroup', 'iam:RemoveUserFromGroup',
] as const;
export const DEPLOY_ROLE_ACTIONS = [
  'iam:CreateRole', 'iam:DeleteRole', 'iam:UpdateRole', 'iam:UpdateRoleDescription', 'iam:UpdateAssumeRolePolicy',
  'iam:TagRole', 'iam:UntagRole', 'iam:AttachRolePolicy', 'iam:DetachRolePolicy', 'iam:DeleteRolePolicy',
] as const;
export const DEPLOY_ACCOUNT_ACTIONS = ['iam:UpdateAccountPasswordPolicy', 'iam:DeleteAccountPasswordPolicy'] as const;

/**
 * Deploy role: what the identity stack needs and no more. Writes are limited to
 * the roster's paths (users and groups under /people/, roles under /privileged/),
 * so the role can never touch the CI roles, other roles, or create access keys.
 */
export function deployRolePolicy(ctx: CiRoleContext): PolicyDocument {
  const iam = (kind: string, path: string) => `arn:${ctx.partition ?? 'aws'}:iam::${ctx.accountId}:${kind}${path}*`;
  return {
    Version: '2012-10-17',
    Statement: [
      READ_IAM,
      { Sid: 'ManageRosterUsers', Effect: 'Allow', Action: [...DEPLOY_USER_ACTIONS], Resource: iam('user', PEOPLE_PATH) },
      { Sid: 'ManageRosterGroups', Effect: 'Allow', Action: [...DEPLOY_GROUP_ACTIONS], Resource: iam('group', PEOPLE_PATH) },
      { Sid: 'ManagePrivilegedRoles', Effect: 'Allow', Action: [...DEPLOY_ROLE_ACTIONS], Resource: iam('role', ROLE_PATH) },
      // force_destroy removes MFA devices people enrolled; virtual devices are not under a path.
      { Sid: 'RemoveOffboardedMfaDevices', Effect: 'Allow', Action: 'iam:DeleteVirtualMFADevice', Resource: `arn:${ctx.partition ?? 'aws'}:iam::${ctx.accountId}:mfa/*` },
      { Sid: 'ManagePasswordPolicy', Effect: 'Allow', Action: [...DEPLOY_ACCOUNT_ACTIONS], Resource: '*' },
      ...stateStatements(ctx, true),
      ...assumeMemberCiRoles('deploy', ctx.memberAccountIds, ctx.partition),
    ],
  };
}
