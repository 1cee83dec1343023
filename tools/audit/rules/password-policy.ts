/** Rules on the account password policy (tools/audit/password-policy-check.ts). */
import type { RuleSection } from './rule';

export const PASSWORD_POLICY_RULES: RuleSection = {
  key: 'password-policy',
  rules: [
    {
      id: 'password-policy-missing',
      severity: 'high',
      cis: '1.8, 1.9',
      deployRepairs: 'yes',
      when: "the account has no password policy (NoSuchEntity): IAM's default of 8 characters applies",
    },
    {
      id: 'password-policy-drift',
      severity: 'high',
      cis: '1.8, 1.9',
      deployRepairs: 'yes',
      when: "a field is weaker than the roster's standard: a shorter minimum length or reuse prevention, a required character class or password change off, a longer or no expiry where the standard expires; one finding per field, with expected and found",
    },
    {
      id: 'password-policy-drift',
      severity: 'medium',
      deployRepairs: 'yes',
      when: 'a field differs but is not weaker (a longer minimum length, an expiry under `nist`, hard expiry)',
    },
  ],
};
