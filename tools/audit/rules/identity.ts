/** The identity stack's users and groups as the account has them (tools/audit/identity-objects.ts). */
import type { AuditRule, RuleSection } from './rule';

export const USER_PATH_DRIFT = {
  id: 'user-path-drift',
  severity: 'medium',
  deployRepairs: 'yes',
  when: "a person's user is not under `/people/`, where the roles' trust policies and the base group's MFA policy expect it",
} as const satisfies AuditRule;

export const USER_TAG_DRIFT_KEY = {
  id: 'user-tag-drift',
  severity: 'medium',
  deployRepairs: 'yes',
  when: "a person's user lacks or changes the `EmployeeId` tag (by which the audit follows a rename) or the `ManagedBy` tag (by which the tools tell the stack's objects from hand-made ones); one finding per tag",
} as const satisfies AuditRule;

export const USER_TAG_DRIFT = {
  id: 'user-tag-drift',
  severity: 'low',
  deployRepairs: 'yes',
  when: "a person's user lacks or changes the `Name` or `Team` tag, or has a tag the stack does not write; one finding per tag",
} as const satisfies AuditRule;

export const CONSOLE_PASSWORD_MISSING = {
  id: 'console-password-missing',
  severity: 'medium',
  deployRepairs: 'yes',
  when: 'an active person with `console: true` has no console password (`password_enabled` false in the credential report): the login profile was deleted, and a deploy issues a new initial password',
} as const satisfies AuditRule;

export const GROUP_MISSING = {
  id: 'group-missing',
  severity: 'medium',
  deployRepairs: 'yes',
  when: 'a group the stacks create does not exist: `readonly-base`, `admins`, or `assume-<role>` for a roster role',
} as const satisfies AuditRule;

export const GROUP_PATH_DRIFT = {
  id: 'group-path-drift',
  severity: 'medium',
  deployRepairs: 'yes',
  when: 'one of those groups is not under `/people/`, where the stacks create it',
} as const satisfies AuditRule;

export const GROUP_POLICY_DRIFT = {
  id: 'group-policy-drift',
  severity: 'high',
  deployRepairs: 'yes',
  when: "a policy the stacks give one of those groups is missing or changed: a managed policy not attached, an inline policy missing or with another document (compared semantically: both parsed, statement order, `Sid` and single values against arrays ignored)",
} as const satisfies AuditRule;

export const GROUP_POLICY_EXTRA = {
  id: 'group-policy-extra',
  severity: 'high',
  deployRepairs: 'no: an administrator detaches or deletes it',
  when: "one of those groups holds a managed policy or an inline policy the stacks do not give it; the stacks manage each policy on its own, not the group's whole set, so a deploy leaves it in place (the admin group may also hold the baseline stack's `assume-aws-support`)",
} as const satisfies AuditRule;

export const UNKNOWN_GROUP_WITH_MEMBERS = {
  id: 'unknown-group-with-members',
  severity: 'high',
  deployRepairs: 'no',
  when: 'a group the roster does not define has members (from the users\' group lists): access granted outside the roster',
} as const satisfies AuditRule;

export const IDENTITY_RULES: RuleSection = {
  key: 'identity-objects',
  rules: [USER_PATH_DRIFT, USER_TAG_DRIFT_KEY, USER_TAG_DRIFT, CONSOLE_PASSWORD_MISSING, GROUP_MISSING, GROUP_PATH_DRIFT, GROUP_POLICY_DRIFT, GROUP_POLICY_EXTRA, UNKNOWN_GROUP_WITH_MEMBERS],
};
