/**
 * IAM policy documents as plain data: no cdktf import, so the policy-semantics
 * tests evaluate exactly what the stacks deploy, and tools can reuse them.
 */
import { PEOPLE_PATH } from '../../roster/model';

export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Action?: string | readonly string[];
  readonly NotAction?: string | readonly string[];
  readonly Resource?: string | readonly string[];
  readonly NotResource?: string | readonly string[];
  readonly Principal?: Record<string, string | readonly string[]>;
  readonly Condition?: Record<string, Record<string, string | readonly string[]>>;
}

export interface PolicyDocument {
  readonly Version: '2012-10-17';
  readonly Statement: readonly PolicyStatement[];
}

export interface AccountContext {
  /** The 12-digit account ID (or a Terraform token resolving to it). */
  readonly accountId: string;
  /** aws, aws-cn or aws-us-gov (default aws). */
  readonly partition?: string;
}

/**
 * What a user may do before enrolling MFA: exactly what is needed to change the
 * initial password and enrol a virtual MFA device. Everything else is denied
 * until the session has MFA.
 */
export const ACTIONS_ALLOWED_WITHOUT_MFA = [
  'iam:ChangePassword',
  'iam:CreateVirtualMFADevice',
  'iam:EnableMFADevice',
  'iam:GetAccountPasswordPolicy',
  'iam:GetUser',
  'iam:ListMFADevices',
  'iam:ListVirtualMFADevices',
  'iam:ResyncMFADevice',
  'sts:GetSessionToken',
] as const;

/**
 * The exempt actions that can name another user. Without MFA they are denied on
 * every user but the caller, so ReadOnlyAccess (iam:Get*, iam:List*) cannot be
 * used to read other people's users and MFA devices before enrolling MFA.
 */
export const OWN_USER_ACTIONS_WITHOUT_MFA = ['iam:ChangePassword', 'iam:EnableMFADevice', 'iam:GetUser', 'iam:ListMFADevices', 'iam:ResyncMFADevice'] as const;

/** The name of the base group's inline policy, selfServiceMfaPolicy(). */
export const SELF_SERVICE_MFA_POLICY_NAME = 'self-service-credentials-mfa-required';

/**
 * Self-service credentials with MFA enforced: AWS's documented
 * "manage own credentials, deny everything else without MFA" policy, with the
 * exemptions that let a new user change the initial password and enrol MFA.
 */
export function selfServiceMfaPolicy(): PolicyDocument {
  // Users live under the roster's path, so "own user" is that path plus the caller's name, never a wildcard prefix.
  const ownUser = `arn:aws:iam::*:user${PEOPLE_PATH}${'${aws:username}'}`;
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AllowViewAccountInfo',
        Effect: 'Allow',
        Action: ['iam:GetAccountPasswordPolicy', 'iam:GetAccountSummary', 'iam:ListVirtualMFADevices'],
        Resource: '*',
      },
      {
        Sid: 'AllowManageOwnPasswordAndSigningInfo',
        Effect: 'Allow',
        Action: ['iam:ChangePassword', 'iam:GetUser', 'iam:GetLoginProfile'],
        Resource: ownUser,
      },
      {
        Sid: 'AllowCreateOwnVirtualMFADevice',
        Effect: 'Allow',
        Action: ['iam:CreateVirtualMFADevice'],
        Resource: 'arn:aws:iam::*:mfa/*',
      },
      {
        Sid: 'AllowManageOwnUserMFA',
        Effect: 'Allow',
        Action: ['iam:DeactivateMFADevice', 'iam:EnableMFADevice', 'iam:ListMFADevices', 'iam:ResyncMFADevice'],
        Resource: ownUser,
      },
      {
        Sid: 'DenyAllExceptListedIfNoMFA',
        Effect: 'Deny',
        NotAction: [...ACTIONS_ALLOWED_WITHOUT_MFA],
        Resource: '*',
        Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
      },
      {
        Sid: 'DenyOtherUsersIfNoMFA',
        Effect: 'Deny',
        Action: [...OWN_USER_ACTIONS_WITHOUT_MFA],
        NotResource: ownUser,
        Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } },
      },
    ],
  };
}

export function roleArn(ctx: AccountContext, roleName: string, path: string): string {
  return `arn:${ctx.partition ?? 'aws'}:iam::${ctx.accountId}:role${path}${roleName}`;
}

/**
 * Trust for a privileged role: only this account's people (IAM users under the
 * roster's path), only with MFA younger than maxMfaAgeSeconds, and only with
 * the role session named after the caller, so CloudTrail ties every action to a person.
 */
export function privilegedRoleTrustPolicy(ctx: AccountContext, maxMfaAgeSeconds: number): PolicyDocument {
  const partition = ctx.partition ?? 'aws';
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AssumeOnlyWithMfaAsYourself',
        Effect: 'Allow',
        Principal: { AWS: `arn:${partition}:iam::${ctx.accountId}:root` },
        Action: 'sts:AssumeRole',
        Condition: {
          Bool: { 'aws:MultiFactorAuthPresent': 'true' },
          NumericLessThan: { 'aws:MultiFactorAuthAge': String(maxMfaAgeSeconds) },
          StringLike: { 'sts:RoleSessionName': '${aws:username}' },
          ArnLike: { 'aws:PrincipalArn': `arn:${partition}:iam::${ctx.accountId}:user${PEOPLE_PATH}*` },
        },
      },
    ],
  };
}

/** The name of the inline policy, assumeRolePolicy(), that lets a group's members assume roleName. */
export function assumePolicyName(roleName: string): string {
  return `assume-${roleName}`;
}

/**
 * Group policy naming exactly the ARNs of one role, one per account it is granted in (one ARN
 * stays a plain string, as before accounts): membership of the group is the grant.
 */
export function assumeRolePolicy(roleArnValue: string | readonly string[]): PolicyDocument {
  const arns = typeof roleArnValue === 'string' ? [roleArnValue] : roleArnValue;
  if (arns.length === 0) throw new Error('an assume policy names at least one role ARN');
  return {
    Version: '2012-10-17',
    Statement: [{ Sid: 'AssumeThisRoleOnly', Effect: 'Allow', Action: 'sts:AssumeRole', Resource: arns.length === 1 ? arns[0] : [...arns] }],
  };
}
