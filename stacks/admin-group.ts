import { IamGroup } from '@cdktf/provider-aws/lib/iam-group';
import { IamGroupPolicyAttachment } from '@cdktf/provider-aws/lib/iam-group-policy-attachment';
import { Construct } from 'constructs';
import { ADMIN_GROUP_NAME, ADMIN_ROLE_NAME, PEOPLE_PATH } from '../roster/model';
import { ADMINISTRATOR_ACCESS_ARN, attachmentId, groupId, groupPolicyId } from './addresses';
import { flatId } from './flat-id';
import { PrivilegedRole } from './privileged-role';

export { ADMINISTRATOR_ACCESS_ARN } from './addresses';

/** The admin role's description, in every account it exists in. */
export const ADMIN_ROLE_DESCRIPTION = 'Administrator access, assumed with MFA by members of the admins group';

export interface AdminGroupProps {
  readonly accountId: string;
  readonly mfaMaxAgeSeconds: number;
  /**
   * assume-role: administrator rights only through the MFA-gated admin role;
   * direct: AdministratorAccess attached to the group as well (the classic setup, flagged by CIS).
   */
  readonly adminAccess: 'assume-role' | 'direct';
  /** The admin role's ARNs in the member accounts it exists in - none: this account's only. */
  readonly memberAccountArns?: readonly string[];
}

/** The admin group and the built-in admin role its members may assume. */
export class AdminGroup extends Construct {
  readonly group: IamGroup;
  readonly adminRole: PrivilegedRole;

  constructor(scope: Construct, id: string, props: AdminGroupProps) {
    super(scope, id);
    this.group = flatId(new IamGroup(this, 'group', { name: ADMIN_GROUP_NAME, path: PEOPLE_PATH }), groupId(ADMIN_GROUP_NAME));
    this.adminRole = new PrivilegedRole(this, 'admin-role', {
      roleName: ADMIN_ROLE_NAME,
      description: ADMIN_ROLE_DESCRIPTION,
      managedPolicyArns: [ADMINISTRATOR_ACCESS_ARN],
      maxSessionHours: 1,
      accountId: props.accountId,
      mfaMaxAgeSeconds: props.mfaMaxAgeSeconds,
      groupName: ADMIN_GROUP_NAME,
      existingGroup: this.group,
      memberAccountArns: props.memberAccountArns,
    });
    if (props.adminAccess === 'direct') {
      flatId(new IamGroupPolicyAttachment(this, 'direct-admin', { group: this.group.name, policyArn: ADMINISTRATOR_ACCESS_ARN }), groupPolicyId(ADMIN_GROUP_NAME, attachmentId(ADMINISTRATOR_ACCESS_ARN)));
    }
  }
}
