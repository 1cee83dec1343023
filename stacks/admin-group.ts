import { IamGroup } from '@cdktf/provider-aws/lib/iam-group';
import { IamGroupPolicyAttachment } from '@cdktf/provider-aws/lib/iam-group-policy-attachment';
import { Construct } from 'constructs';
import { ADMIN_GROUP_NAME, ADMIN_ROLE_NAME, PEOPLE_PATH } from '../roster/model';
import { flatId } from './flat-id';
import { PrivilegedRole } from './privileged-role';

export const ADMINISTRATOR_ACCESS_ARN = 'arn:aws:iam::aws:policy/AdministratorAccess';

export interface AdminGroupProps {
  readonly accountId: string;
  readonly mfaMaxAgeSeconds: number;
  /**
   * assume-role: administrator rights only through the MFA-gated admin role;
   * direct: AdministratorAccess attached to the group as well (the classic setup, flagged by CIS).
   */
  readonly adminAccess: 'assume-role' | 'direct';
}

/** The admin group and the built-in admin role its members may assume. */
export class AdminGroup extends Construct {
  readonly group: IamGroup;
  readonly adminRole: PrivilegedRole;

  constructor(scope: Construct, id: string, props: AdminGroupProps) {
    super(scope, id);
    const key = `group-${ADMIN_GROUP_NAME}`;
    this.group = flatId(new IamGroup(this, 'group', { name: ADMIN_GROUP_NAME, path: PEOPLE_PATH }), key);
    this.adminRole = new PrivilegedRole(this, 'admin-role', {
      roleName: ADMIN_ROLE_NAME,
      description: 'Administrator access, assumed with MFA by members of the admins group',
      managedPolicyArns: [ADMINISTRATOR_ACCESS_ARN],
      maxSessionHours: 1,
      accountId: props.accountId,
      mfaMaxAgeSeconds: props.mfaMaxAgeSeconds,
      groupName: ADMIN_GROUP_NAME,
      existingGroup: this.group,
    });
    if (props.adminAccess === 'direct') {
      flatId(new IamGroupPolicyAttachment(this, 'direct-admin', { group: this.group.name, policyArn: ADMINISTRATOR_ACCESS_ARN }), `${key}-AdministratorAccess`);
    }
  }
}
