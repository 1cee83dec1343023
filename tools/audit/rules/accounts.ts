/** Rules on member accounts, read with --member-accounts (tools/audit/member-accounts.ts). */
import type { RuleSection } from './rule';

export const MEMBER_ACCOUNT_USER = {
  id: 'member-account-user',
  severity: 'high',
  deployRepairs: 'no',
  when: 'an IAM user in a member account: people sign in to the identity account only. The role checks above run in each member account too, on the roles the roster places there, each finding naming its account (`prod:role/database-admin`)',
} as const;

export const MEMBER_ACCOUNT_RULES: RuleSection = { key: 'accounts', rules: [MEMBER_ACCOUNT_USER] };
