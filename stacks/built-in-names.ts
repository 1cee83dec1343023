/**
 * Every IAM role and group name the stacks create on their own, outside the
 * roster, built from the constants the stacks use. Plain data with no cdktf
 * import, so roster validation can reserve these names without loading the provider.
 * IAM role and group names are unique per account, whatever their path and stack.
 */
import { ADMIN_GROUP_NAME, ADMIN_ROLE_NAME, BASE_GROUP_NAME } from '../roster/model';
import { AUDIT_ROLE_NAME, DEPLOY_ROLE_NAME, PLAN_ROLE_NAME } from './policies/ci-roles';

/** The baseline stack's role for opening AWS Support cases (CIS 1.17). */
export const SUPPORT_ROLE_NAME = 'aws-support';
/** The managed policy the support role holds. */
export const AWS_SUPPORT_ACCESS_ARN = 'arn:aws:iam::aws:policy/AWSSupportAccess';

/** Built-in IAM role names, each with what it is. */
export const BUILT_IN_ROLES: ReadonlyMap<string, string> = new Map([
  [ADMIN_ROLE_NAME, 'the administrator role (identity stack)'],
  [SUPPORT_ROLE_NAME, 'the AWS Support role (baseline stack)'],
  [PLAN_ROLE_NAME, 'the pull-request plan role (bootstrap stack)'],
  [DEPLOY_ROLE_NAME, 'the deploy role (bootstrap stack)'],
  [AUDIT_ROLE_NAME, 'the scheduled audit role (bootstrap stack)'],
]);

/** Built-in IAM group names, each with what it is. */
export const BUILT_IN_GROUPS: ReadonlyMap<string, string> = new Map([
  [BASE_GROUP_NAME, 'the group every active person is in (identity stack)'],
  [ADMIN_GROUP_NAME, 'the admin group (identity stack)'],
]);
