/** Rules on member accounts (tools/audit/member-accounts.ts) and the organization (tools/audit/organization.ts). */
import type { AuditRule, RuleSection } from './rule';

export const MEMBER_ACCOUNT_USER = {
  id: 'member-account-user',
  severity: 'high',
  deployRepairs: 'no',
  when: 'an IAM user in a member account: people sign in to the identity account only. The role, password-policy, outside-roster and baseline checks above run in each member account too, each finding naming its account (`prod:role/database-admin`)',
} as const satisfies AuditRule;

export const MEMBER_ACCOUNT_RULES: RuleSection = { key: 'accounts', rules: [MEMBER_ACCOUNT_USER] };

export const ORGANIZATION_NOT_READ = {
  id: 'organization-not-read',
  severity: 'info',
  deployRepairs: 'no',
  when: "`organizations:ListAccounts` was denied (the credentials are not the management account's or a delegated administrator's, or lack the permission) or the account is in no organization (`AWSOrganizationsNotInUseException`): the other checks of this table were not made",
} as const satisfies AuditRule;

export const ACCOUNT_NOT_ON_ROSTER = {
  id: 'account-not-on-roster',
  severity: 'high',
  deployRepairs: 'no: add it under `accounts:`, or close it',
  when: 'an active account of the organization that is neither `settings.accountId` nor under `accounts:`: nobody governs it, and no audit reads its users, roles or baseline',
} as const satisfies AuditRule;

export const ACCOUNT_NOT_IN_ORGANIZATION = {
  id: 'account-not-in-organization',
  severity: 'medium',
  deployRepairs: 'no: correct its `id`, or remove it from the roster',
  when: "an account under `accounts:` that the organization does not list (a mistyped ID, or an account that left): its stack deploys somewhere the organization does not govern. The audit does not read it further",
} as const satisfies AuditRule;

export const ROOT_EMAIL_DRIFT = {
  id: 'root-email-drift',
  severity: 'medium',
  cis: '1.1',
  deployRepairs: "no: the account's root user changes it, or correct `email` on the roster",
  when: "a governed account's root e-mail (from `ListAccounts`) differs from its `email` on the roster, compared case-insensitively. Not checked for an account whose roster entry gives no `email`",
} as const satisfies AuditRule;

export const ROOT_EMAIL_OFF_DOMAIN = {
  id: 'root-email-off-domain',
  severity: 'high',
  cis: '1.1',
  deployRepairs: "no: the account's root user changes it",
  when: "an organization account's root e-mail is not on the security distribution list's domain (the domain of `settings.securityContact.email`): whoever holds that mailbox can reset the root password. On the domain means the part after the last `@` equals the list's, case-insensitively; a subdomain or a look-alike does not count. Not checked when the roster sets no `settings.securityContact`",
} as const satisfies AuditRule;

export const ORGANIZATION_RULES: RuleSection = {
  key: 'organization',
  rules: [ORGANIZATION_NOT_READ, ACCOUNT_NOT_ON_ROSTER, ACCOUNT_NOT_IN_ORGANIZATION, ROOT_EMAIL_DRIFT, ROOT_EMAIL_OFF_DOMAIN],
};
