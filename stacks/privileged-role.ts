import { IamGroup } from '@cdktf/provider-aws/lib/iam-group';
import type { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { Construct } from 'constructs';
import { PEOPLE_PATH, ROLE_PATH } from '../roster/model';
import { groupId } from './addresses';
import { flatId } from './flat-id';
import { assumeGrant, iamRole } from './iam-role';
import { privilegedRoleTrustPolicy } from './policies/documents';

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
  /** The ARNs of the same role in the member accounts the group's members may assume it in - none: this account's only. */
  readonly memberAccountArns?: readonly string[];
}

/**
 * A role assumed only with MFA, as oneself, plus the group whose policy names
 * exactly that role's ARN (and its ARNs in the member accounts the group covers): group membership is the grant.
 */
export class PrivilegedRole extends Construct {
  readonly role: IamRole;
  readonly group: IamGroup;

  constructor(scope: Construct, id: string, props: PrivilegedRoleProps) {
    super(scope, id);
    this.role = iamRole(this, 'role', {
      name: props.roleName,
      path: ROLE_PATH,
      description: props.description,
      maxSessionHours: props.maxSessionHours,
      trustPolicy: privilegedRoleTrustPolicy({ accountId: props.accountId }, props.mfaMaxAgeSeconds),
      managedPolicyArns: props.managedPolicyArns,
    });
    this.group = props.existingGroup ?? flatId(new IamGroup(this, 'group', { name: props.groupName, path: PEOPLE_PATH }), groupId(props.groupName));
    const roleArns = [this.role.arn, ...(props.memberAccountArns ?? [])];
    assumeGrant(this, 'assume', { roleArns, roleName: props.roleName, groupName: props.groupName, group: this.group.name });
  }
}
