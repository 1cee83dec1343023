import { IamAccountPasswordPolicy } from '@cdktf/provider-aws/lib/iam-account-password-policy';
import { Construct } from 'constructs';
import { PASSWORD_POLICY_ID } from './addresses';
import { flatId } from './flat-id';
import { passwordRules } from './policies/password-rules';

export { CIS_PASSWORD_POLICY, NIST_PASSWORD_POLICY } from './policies/password-rules';

export interface PasswordPolicyProps {
  /** cis or nist. */
  readonly standard: 'cis' | 'nist';
}

export class PasswordPolicy extends Construct {
  readonly policy: IamAccountPasswordPolicy;

  constructor(scope: Construct, id: string, props: PasswordPolicyProps) {
    super(scope, id);
    this.policy = flatId(new IamAccountPasswordPolicy(this, 'policy', passwordRules(props.standard)), PASSWORD_POLICY_ID);
  }
}
