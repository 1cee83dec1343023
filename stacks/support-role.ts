import { IamGroupPolicy } from '@cdktf/provider-aws/lib/iam-group-policy';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { Construct } from 'constructs';
import { ADMIN_GROUP_NAME, ROLE_PATH } from '../roster/model';
import { attachmentId, groupAssumeId, roleAttachmentId, roleId } from './addresses';
import { SUPPORT_ROLE_NAME } from './built-in-names';
import { flatId } from './flat-id';
import { assumeRolePolicy, privilegedRoleTrustPolicy } from './policies/documents';
import { policyJson } from './policies/terraform-json';

export { SUPPORT_ROLE_NAME } from './built-in-names';
export const AWS_SUPPORT_ACCESS_ARN = 'arn:aws:iam::aws:policy/AWSSupportAccess';

export interface SupportRoleProps {
  readonly accountId: string;
  /** Longest time since MFA sign-in for which the role may be assumed. */
  readonly mfaMaxAgeSeconds: number;
  /** The group whose members may assume the role - default the admin group (created by the identity stack). */
  readonly groupName?: string;
}

/**
 * A role for opening AWS Support cases (CIS 1.17), trusted exactly like the
 * roster's privileged roles: MFA, bounded MFA age, session named after the caller.
 * The grant is a policy on the admin group by name, because that group
 * belongs to the identity stack; deploy the identity stack first.
 */
export class SupportRole extends Construct {
  readonly role: IamRole;

  constructor(scope: Construct, id: string, props: SupportRoleProps) {
    super(scope, id);
    const groupName = props.groupName ?? ADMIN_GROUP_NAME;
    this.role = flatId(
      new IamRole(this, 'role', {
        name: SUPPORT_ROLE_NAME,
        path: ROLE_PATH,
        description: 'Open and manage AWS Support cases, assumed with MFA by members of the admins group',
        maxSessionDuration: 3600,
        assumeRolePolicy: policyJson(privilegedRoleTrustPolicy({ accountId: props.accountId }, props.mfaMaxAgeSeconds)),
        tags: { ManagedBy: 'iam-roster' },
      }),
      roleId(SUPPORT_ROLE_NAME),
    );
    flatId(new IamRolePolicyAttachment(this, 'support-access', { role: this.role.name, policyArn: AWS_SUPPORT_ACCESS_ARN }), roleAttachmentId(SUPPORT_ROLE_NAME, attachmentId(AWS_SUPPORT_ACCESS_ARN)));
    flatId(
      new IamGroupPolicy(this, 'grant', { name: `assume-${SUPPORT_ROLE_NAME}`, group: groupName, policy: policyJson(assumeRolePolicy(this.role.arn)) }),
      groupAssumeId(groupName, SUPPORT_ROLE_NAME),
    );
  }
}
