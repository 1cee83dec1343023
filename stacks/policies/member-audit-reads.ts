/**
 * What the audit reads in each member account, through the audit role it assumes there
 * (IAM_ROSTER_MEMBER_AUDIT_ROLE): plain data, so a stack that makes that role can grant exactly
 * this, and docs/audit.md lists it (tools/audit/member-accounts.ts makes these calls).
 */
import { AUDIT_BASELINE_READS } from './ci-roles';

export const MEMBER_AUDIT_READS = [
  'sts:GetCallerIdentity',
  'iam:GetAccountAuthorizationDetails',
  'iam:ListRoles',
  'iam:ListUsers',
  'iam:GetAccountPasswordPolicy',
  ...AUDIT_BASELINE_READS,
] as const;
