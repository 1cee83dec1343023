/** The account password policy, field by field, against what the identity stack deploys (CIS 1.8, 1.9). */
import { GetAccountPasswordPolicyCommand, type IAMClient, type PasswordPolicy } from '@aws-sdk/client-iam';
import { type PasswordRules, passwordRules } from '../../stacks/policies/password-rules';
import { ifExists } from '../aws/no-such-entity';
import type { Finding, Severity } from './findings';

/** The account's password policy; undefined when it has none (NoSuchEntity). */
export async function fetchPasswordPolicy(iam: IAMClient): Promise<PasswordPolicy | undefined> {
  return ifExists(async () => (await iam.send(new GetAccountPasswordPolicyCommand({}))).PasswordPolicy);
}

type Kind = 'at-least' | 'required' | 'max-age' | 'exact';

/** Each field the stack sets, the API's name for it, and which way is weaker. */
const FIELDS: readonly { rule: keyof PasswordRules; api: keyof PasswordPolicy; kind: Kind }[] = [
  { rule: 'minimumPasswordLength', api: 'MinimumPasswordLength', kind: 'at-least' },
  { rule: 'passwordReusePrevention', api: 'PasswordReusePrevention', kind: 'at-least' },
  { rule: 'requireLowercaseCharacters', api: 'RequireLowercaseCharacters', kind: 'required' },
  { rule: 'requireUppercaseCharacters', api: 'RequireUppercaseCharacters', kind: 'required' },
  { rule: 'requireNumbers', api: 'RequireNumbers', kind: 'required' },
  { rule: 'requireSymbols', api: 'RequireSymbols', kind: 'required' },
  { rule: 'maxPasswordAge', api: 'MaxPasswordAge', kind: 'max-age' },
  { rule: 'allowUsersToChangePassword', api: 'AllowUsersToChangePassword', kind: 'required' },
  // A hard expiry locks people out rather than weakening anything: a difference either way is medium.
  { rule: 'hardExpiry', api: 'HardExpiry', kind: 'exact' },
];

/** IAM leaves out a number it does not enforce (no expiry, no reuse prevention); the stack writes 0. */
function asValue(v: unknown): number | boolean {
  if (typeof v === 'number' || typeof v === 'boolean') return v;
  return 0;
}

function isWeaker(kind: Kind, expected: number | boolean, found: number | boolean): boolean {
  switch (kind) {
    case 'at-least':
      return Number(found) < Number(expected);
    case 'required':
      return expected === true && found !== true;
    case 'max-age':
      return Number(expected) > 0 && (Number(found) === 0 || Number(found) > Number(expected));
    case 'exact':
      return false;
  }
}

export function checkPasswordPolicy(standard: 'cis' | 'nist', found: PasswordPolicy | undefined): Finding[] {
  const rules = passwordRules(standard);
  if (!found) {
    return [
      {
        id: 'password-policy-missing',
        severity: 'high',
        user: 'password-policy',
        message: `the account has no password policy, so IAM's default applies (8 characters, no reuse prevention); the roster says ${standard}`,
        expected: `the ${standard} password policy`,
        found: 'no password policy',
        action: 'deploy the roster (npm run deploy) to restore it (it is in Terraform state), and find out who deleted it (CloudTrail DeleteAccountPasswordPolicy)',
      },
    ];
  }
  const findings: Finding[] = [];
  for (const { rule, api, kind } of FIELDS) {
    const want = asValue(rules[rule]);
    const have = asValue(found[api]);
    if (want === have) continue;
    const severity: Severity = isWeaker(kind, want, have) ? 'high' : 'medium';
    findings.push({
      id: 'password-policy-drift',
      severity,
      user: 'password-policy',
      message: `${api} is ${have}; the ${standard} policy the roster sets is ${want}${severity === 'high' ? ' (weaker)' : ''}`,
      expected: String(want),
      found: String(have),
      action: 'deploy the roster (npm run deploy) to restore the policy (it is in Terraform state), and find out who changed it (CloudTrail UpdateAccountPasswordPolicy)',
    });
  }
  return findings;
}
