/** Rules read from the IAM credential report (tools/audit/credential-checks.ts, person-keys.ts). */
import type { RuleSection } from './rule';

export const CREDENTIAL_REPORT_RULES: RuleSection = {
  key: 'credential-report',
  rules: [
    { id: 'root-access-key', severity: 'critical', cis: '1.4', deployRepairs: 'no', when: 'root has an active access key' },
    { id: 'root-no-mfa', severity: 'critical', cis: '1.5', deployRepairs: 'no', when: 'root has no MFA device' },
    {
      id: 'root-used-recently',
      severity: 'high',
      cis: '1.7',
      deployRepairs: 'no',
      when: "root's password or a root key was used within `--root-window-days` (default 30)",
    },
    {
      id: 'console-no-mfa',
      severity: 'high',
      cis: '1.10',
      deployRepairs: 'no',
      when: 'a user with a console password has no MFA: a roster person once the password was set `--mfa-grace-days` (default 7) or more days ago, any other user at once',
    },
    { id: 'console-mfa-pending', severity: 'info', cis: '1.10', deployRepairs: 'no', when: "the same for a roster person's user, within the grace period" },
    {
      id: 'password-unused',
      severity: 'medium',
      cis: '1.12',
      deployRepairs: 'no',
      when: 'a console password unused (or never used since it was set) for `--unused-days` (default 45)',
    },
    {
      id: 'access-key-unused',
      severity: 'medium',
      cis: '1.12',
      deployRepairs: 'no',
      when: 'an active key unused (or never used since created) for `--unused-days`',
    },
    { id: 'access-key-old', severity: 'medium', cis: '1.14', deployRepairs: 'no', when: 'an active key older than `--key-max-age-days` (default 90)' },
    { id: 'multiple-active-keys', severity: 'medium', cis: '1.13', deployRepairs: 'no', when: "both of a user's keys are active" },
    {
      id: 'access-key-on-person',
      severity: 'high',
      cis: '1.11',
      deployRepairs: 'no: the person or an admin deletes the key',
      when: "any access key, active or inactive, on a roster person's user (a roster username, or a user under `/people/`); people never get keys. A key slot holds a key when it is active or has a last-rotated date: an inactive key keeps its date, an empty slot reads `N/A`",
    },
  ],
};
