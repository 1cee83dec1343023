import type { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { Construct } from 'constructs';
import { ADMIN_GROUP_NAME, ROLE_PATH } from '../roster/model';
import { AWS_SUPPORT_ACCESS_ARN, SUPPORT_ROLE_NAME } from './built-in-names';
import { assumeGrant, iamRole } from './iam-role';
import { privilegedRoleTrustPolicy } from './policies/documents';

export { AWS_SUPPORT_ACCESS_ARN, SUPPORT_ROLE_NAME } from './built-in-names';

export interface SupportRoleProps {
  /** The account whose people may assume the role: the identity account (settings.accountId). */
  readonly accountId: string;
  /** Longest time since MFA sign-in for which the role may be assumed. */
  readonly mfaMaxAgeSeconds: number;
  /** The group whose members may assume the role - default the admin group (created by the identity stack). */
  readonly groupName?: string;
  /**
   * Grant the group from this stack - default true. false in a member account, whose stack cannot
   * reach the identity account's group: there the identity account's baseline names this role.
   */
  readonly grant?: boolean;
  /** The role's ARNs in member accounts, named by the grant beside this one - default none. */
  readonly memberAccountArns?: readonly string[];
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
    this.role = iamRole(this, 'role', {
      name: SUPPORT_ROLE_NAME,
      path: ROLE_PATH,
      description: 'Open and manage AWS Support cases, assumed with MFA by members of the admins group',
      trustPolicy: privilegedRoleTrustPolicy({ accountId: props.accountId }, props.mfaMaxAgeSeconds),
      managedPolicyArns: [AWS_SUPPORT_ACCESS_ARN],
      attachmentConstructId: () => 'support-access',
    });
    if (props.grant ?? true) {
      assumeGrant(this, 'grant', { roleArns: [this.role.arn, ...(props.memberAccountArns ?? [])], roleName: SUPPORT_ROLE_NAME, groupName, group: groupName });
    }
  }
}
