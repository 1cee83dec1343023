/** Rules on access the roster does not grant (tools/audit/access-outside-roster.ts). */
import type { RuleSection } from './rule';

export const OUTSIDE_ROSTER_RULES: RuleSection = {
  key: 'outside-roster',
  rules: [
    {
      id: 'role-trust-no-mfa',
      severity: 'high',
      deployRepairs: 'no',
      when: 'a role the roster does not define (not admin, a roster role or aws-support) whose trust policy lets an AWS principal (this account, another, or `*`) assume it without a `Bool` `aws:MultiFactorAuthPresent` `true` condition (`BoolIfExists` lets long-term keys through). Service-linked roles (`/aws-service-role/`) and roles trusting only AWS services or an identity provider (the CI roles) are left out',
    },
    {
      id: 'policy-admin-wildcard',
      severity: 'high',
      cis: '1.16',
      deployRepairs: 'no',
      when: 'a customer-managed policy, or an inline policy on a user, group or role other than the admin role, allowing `iam:*` or `*`',
    },
  ],
};
