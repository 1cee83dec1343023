/** Rules on the roles the stacks own (tools/audit/role-checks.ts). */
import type { RuleSection } from './rule';

export const ROLE_RULES: RuleSection = {
  key: 'roles',
  rules: [
    {
      id: 'role-trust-drift',
      severity: 'critical',
      deployRepairs: 'yes',
      when: 'the trust policy lacks or changes the MFA-present or MFA-age condition (older than `settings.mfaMaxAgeSeconds`), or has other than one Allow statement',
    },
    {
      id: 'role-trust-drift',
      severity: 'high',
      deployRepairs: 'yes',
      when: 'the trust policy differs otherwise: principal (not the account root), session-name condition (`${aws:username}`), principal-ARN condition (`/people/`), extra conditions or Deny statements; the finding names each part',
    },
    { id: 'role-policy-drift', severity: 'high', deployRepairs: 'yes', when: 'a managed policy the roster gives the role is not attached' },
    {
      id: 'role-policy-extra',
      severity: 'high',
      deployRepairs: 'no: an administrator detaches or deletes it',
      when: 'a managed policy attached that the roster does not give the role, or any inline policy: each attachment is its own Terraform resource, so a deploy never sees one it did not make',
    },
    {
      id: 'role-session-drift',
      severity: 'medium',
      deployRepairs: 'yes',
      when: "the maximum session differs from the roster's `maxSessionHours` (1 h for admin and aws-support)",
    },
    { id: 'role-path-drift', severity: 'medium', deployRepairs: 'yes', when: 'the role is not under `/privileged/`' },
    { id: 'role-missing', severity: 'medium', deployRepairs: 'yes', when: 'the admin role or a roster role does not exist' },
  ],
};
