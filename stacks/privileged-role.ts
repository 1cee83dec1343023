import { IamGroup } from '@cdktf/provider-aws/lib/iam-group';
import { IamGroupPolicy } from '@cdktf/provider-aws/lib/iam-group-policy';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { Construct } from 'constructs';
import { PEOPLE_PATH, ROLE_PATH } from '../roster/model';
import { attachmentIds, groupAssumeId, groupId, roleAttachmentId, roleId } from './addresses';
import { flatId } from './flat-id';
import { assumeRolePolicy, privilegedRoleTrustPolicy } from './policies/documents';
import { policyJson } from './policies/terraform-json';

export interface PrivilegedRoleProps {
  /** IAM role name; also names the addresses (role-<name>, see addresses.ts). */
  readonly roleName: string;
  readonly description: string;
  readonly managedPolicyArns: readonly string[];
  /** Longest session, in hours. */
  readonly maxSessionHours: number;
  readonly accountId: string;
  /** Longest time since MFA sign-in for which the role may be assumed. */
  readonly mfaMaxAgeSeconds: number;
  /** Name of the group whose members may assume the role. */
  readonly groupName: string;
  /** An existing group to grant instead of creating one - none: the group is created. */
  readonly existingGroup?: IamGroup;
}

/**
 * A role assumed only with MFA, as oneself, plus the group whose policy names
 * exactly that role's ARN: group membership is the grant.
 */
export class PrivilegedRole extends Construct {
  readonly role: IamRole;
  readonly group: IamGroup;

  constructor(scope: Construct, id: string, props: PrivilegedRoleProps) {
    super(scope, id);
    this.role = flatId(
      new IamRole(this, 'role', {
        name: props.roleName,
        path: ROLE_PATH,
        description: props.description,
        maxSessionDuration: props.maxSessionHours * 3600,
        assumeRolePolicy: policyJson(privilegedRoleTrustPolicy({ accountId: props.accountId }, props.mfaMaxAgeSeconds)),
        tags: { ManagedBy: 'iam-roster' },
      }),
      roleId(props.roleName),
    );
    for (const [arn, suffix] of attachmentIds(props.managedPolicyArns)) {
      flatId(new IamRolePolicyAttachment(this, `attach-${suffix}`, { role: this.role.name, policyArn: arn }), roleAttachmentId(props.roleName, suffix));
    }
    this.group = props.existingGroup ?? flatId(new IamGroup(this, 'group', { name: props.groupName, path: PEOPLE_PATH }), groupId(props.groupName));
    flatId(
      new IamGroupPolicy(this, 'assume', { name: `assume-${props.roleName}`, group: this.group.name, policy: policyJson(assumeRolePolicy(this.role.arn)) }),
      groupAssumeId(props.groupName, props.roleName),
    );
  }
}
