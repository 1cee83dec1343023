/**
 * The account password policy's rules as plain data (no cdktf or provider import), so the
 * stack, the audit and the benchmark's plain HCL read the same values without loading the provider.
 */
import type { IamAccountPasswordPolicyConfig } from '@cdktf/provider-aws/lib/iam-account-password-policy';
import type { TerraformMetaArguments } from 'cdktf';

export type PasswordRules = Omit<IamAccountPasswordPolicyConfig, keyof TerraformMetaArguments>;

/** CIS AWS Foundations: at least 14 characters, 24 remembered, complexity, 90-day expiry. */
export const CIS_PASSWORD_POLICY: PasswordRules = {
  minimumPasswordLength: 14,
  passwordReusePrevention: 24,
  requireLowercaseCharacters: true,
  requireUppercaseCharacters: true,
  requireNumbers: true,
  requireSymbols: true,
  maxPasswordAge: 90,
  allowUsersToChangePassword: true,
  hardExpiry: false,
};

/** NIST SP 800-63B: long passwords, no composition rules, no forced rotation. */
export const NIST_PASSWORD_POLICY: PasswordRules = {
  minimumPasswordLength: 16,
  passwordReusePrevention: 24,
  requireLowercaseCharacters: false,
  requireUppercaseCharacters: false,
  requireNumbers: false,
  requireSymbols: false,
  // Explicit 0 (no expiry): omitted, Terraform would keep a previous policy's 90 days in the plan it shows.
  maxPasswordAge: 0,
  allowUsersToChangePassword: true,
  hardExpiry: false,
};

/** The rules of a roster's settings.passwordPolicy. */
export function passwordRules(standard: 'cis' | 'nist'): PasswordRules {
  return standard === 'nist' ? NIST_PASSWORD_POLICY : CIS_PASSWORD_POLICY;
}
