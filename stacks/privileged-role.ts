import { IamGroup } from '@cdktf/provider-aws/lib/iam-group';
import { IamGroupPolicy } from '@cdktf/provider-aws/lib/iam-group-policy';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { Construct } from 'constructs';
import { PEOPLE_PATH, ROLE_PATH } from '../roster/model';
import { flatId } from './flat-id';
import { assumeRolePolicy, privilegedRoleTrustPolicy } from './policies/documents';
import { policyJson } from './policies/terraform-json';

export interface PrivilegedRoleProps {
  /** IAM role name; also names the addresses (role-<name>). */
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
    const key = `role-${props.roleName}`;
    this.role = flatId(
      new IamRole(this, 'role', {
        name: props.roleName,
        path: ROLE_PATH,
        description: props.description,
        maxSessionDuration: props.maxSessionHours * 3600,
        assumeRolePolicy: policyJson(privilegedRoleTrustPolicy({ accountId: props.accountId }, props.mfaMaxAgeSeconds)),
        tags: { ManagedBy: 'iam-roster' },
      }),
      key,
    );
    for (const [arn, suffix] of attachmentIds(props.managedPolicyArns)) {
      flatId(new IamRolePolicyAttachment(this, `attach-${suffix}`, { role: this.role.name, policyArn: arn }), `${key}-${suffix}`);
    }
    this.group = props.existingGroup ?? flatId(new IamGroup(this, 'group', { name: props.groupName, path: PEOPLE_PATH }), `group-${props.groupName}`);
    flatId(
      new IamGroupPolicy(this, 'assume', { name: `assume-${props.roleName}`, group: this.group.name, policy: policyJson(assumeRolePolicy(this.role.arn)) }),
      `group-${props.groupName}-assume-${props.roleName}`,
    );
  }
}

/**
 * The address suffix of each managed-policy attachment: the policy's name
 * (role-x-PowerUserAccess), made a valid Terraform name (IAM allows +=,.@ in
 * policy names, Terraform does not). When two ARNs share a name (an AWS and a
 * customer policy), both are told apart by account and path. Listing one ARN twice attaches it once.
 */
export function attachmentIds(arns: readonly string[]): Map<string, string> {
  const unique = [...new Set(arns)];
  const terraformName = (text: string) => text.replace(/[^A-Za-z0-9_-]/g, '_');
  const nameOf = (arn: string) => terraformName(arn.split('/').pop() as string);
  const taken = new Map<string, number>();
  for (const arn of unique) taken.set(nameOf(arn), (taken.get(nameOf(arn)) ?? 0) + 1);
  return new Map(
    unique.map((arn) => {
      const name = nameOf(arn);
      if (taken.get(name) === 1) return [arn, name];
      const [, , , , account, resource] = arn.split(':');
      return [arn, terraformName(`${account}-${resource.replace(/^policy\//, '')}`)];
    }),
  );
}
