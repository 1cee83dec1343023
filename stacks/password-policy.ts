import { IamAccountPasswordPolicy, type IamAccountPasswordPolicyConfig } from '@cdktf/provider-aws/lib/iam-account-password-policy';
import { Construct } from 'constructs';
import { PASSWORD_POLICY_ID } from './addresses';
import { flatId } from './flat-id';

type PasswordRules = Omit<IamAccountPasswordPolicyConfig, keyof import('cdktf').TerraformMetaArguments>;

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

export interface PasswordPolicyProps {
  /** cis or nist. */
  readonly standard: 'cis' | 'nist';
}

export class PasswordPolicy extends Construct {
  readonly policy: IamAccountPasswordPolicy;

  constructor(scope: Construct, id: string, props: PasswordPolicyProps) {
    super(scope, id);
    const rules = props.standard === 'nist' ? NIST_PASSWORD_POLICY : CIS_PASSWORD_POLICY;
    this.policy = flatId(new IamAccountPasswordPolicy(this, 'policy', rules), PASSWORD_POLICY_ID);
  }
}
