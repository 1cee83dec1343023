/** Rules on IAM users against the roster's people (tools/audit/drift.ts). */
import type { RuleSection } from './rule';

export const USER_RULES: RuleSection = {
  key: 'users',
  rules: [
    { id: 'unknown-user', severity: 'high', deployRepairs: 'no', when: 'an IAM user that is no person on the roster (shared or hand-made accounts)' },
    { id: 'missing-user', severity: 'medium', deployRepairs: 'yes', when: 'a roster person without an IAM user (not deployed, or deleted by hand)' },
    {
      id: 'username-drift',
      severity: 'medium',
      deployRepairs: 'yes',
      when: "a person's user still has an old name (tag `EmployeeId` matches): a rename not deployed yet",
    },
    {
      id: 'unexpected-group',
      severity: 'high',
      deployRepairs: 'no: an administrator removes the membership',
      when: "a user in a group the roster does not give them (`groupsOf()`; suspended people are in none). A person's membership resource manages only the groups it lists, so a deploy leaves a membership added by hand",
    },
    { id: 'missing-group', severity: 'medium', deployRepairs: 'yes', when: 'a user not in a group the roster gives them' },
    { id: 'direct-user-policy', severity: 'high', cis: '1.15', deployRepairs: 'no', when: 'a managed policy attached to a user directly' },
    { id: 'inline-user-policy', severity: 'high', cis: '1.15', deployRepairs: 'no', when: 'an inline policy on a user' },
    {
      id: 'console-password-not-on-roster',
      severity: 'high',
      deployRepairs: 'no',
      when: 'a console password on a person with `console: false` or `status: suspended`',
    },
  ],
};
