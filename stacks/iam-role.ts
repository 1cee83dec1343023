import { IamGroupPolicy } from '@cdktf/provider-aws/lib/iam-group-policy';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import type { ITerraformDependable } from 'cdktf';
import type { Construct } from 'constructs';
import { attachmentIds, groupAssumeId, roleAttachmentId, roleId, roleInlinePolicyId } from './addresses';
import { flatId } from './flat-id';
import { MANAGED_BY_TAG } from './managed-by';
import { type PolicyDocument, assumePolicyName, assumeRolePolicy } from './policies/documents';
import { policyJson } from './policies/terraform-json';

export interface IamRoleProps {
  /** IAM role name; also names the addresses (role-<name>, see addresses.ts). */
  readonly name: string;
  /** IAM path (/privileged/, /ci/). */
  readonly path: string;
  readonly description: string;
  /** Who may assume the role. */
  readonly trustPolicy: PolicyDocument;
  /** Longest session, in hours - default 1. */
  readonly maxSessionHours?: number;
  /** Managed policies attached to the role - default none. */
  readonly managedPolicyArns?: readonly string[];
  /**
   * Construct ID of each attachment, given its address suffix - default attach-<suffix>.
   * Only the construct path in the synthesized metadata depends on it, never the address.
   */
  readonly attachmentConstructId?: (suffix: string) => string;
  /** An inline policy, named as the role, at role-<name>-policy - default none. */
  readonly inlinePolicy?: PolicyDocument;
  /** Resources the role must wait for (the OIDC provider its trust policy names) - default none. */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * The one way this repository makes an IAM role: trust policy, path, ManagedBy
 * tag, session limit and its policies, each at the address addresses.ts gives.
 * Its resources are made in `scope` rather than in a construct of their own,
 * because a nesting level would change their construct paths in the synthesized JSON.
 */
export function iamRole(scope: Construct, id: string, props: IamRoleProps): IamRole {
  const role = flatId(
    new IamRole(scope, id, {
      name: props.name,
      path: props.path,
      description: props.description,
      maxSessionDuration: (props.maxSessionHours ?? 1) * 3600,
      assumeRolePolicy: policyJson(props.trustPolicy),
      tags: { ...MANAGED_BY_TAG },
      ...(props.dependsOn ? { dependsOn: props.dependsOn } : {}),
    }),
    roleId(props.name),
  );
  const constructId = props.attachmentConstructId ?? ((suffix: string) => `attach-${suffix}`);
  for (const [arn, suffix] of attachmentIds(props.managedPolicyArns ?? [])) {
    flatId(new IamRolePolicyAttachment(scope, constructId(suffix), { role: role.name, policyArn: arn }), roleAttachmentId(props.name, suffix));
  }
  if (props.inlinePolicy) {
    flatId(new IamRolePolicy(scope, `${id}-policy`, { name: props.name, role: role.name, policy: policyJson(props.inlinePolicy) }), roleInlinePolicyId(props.name));
  }
  return role;
}

export interface AssumeGrantProps {
  /** The role its members may assume: its ARN, or its ARN in each account the grant covers. */
  readonly roleArns: string | readonly string[];
  readonly roleName: string;
  /** The group's name, for the address (group-<group>-assume-<role>). */
  readonly groupName: string;
  /** The group as Terraform should see it: a reference to a group made here, or the name of one made elsewhere. */
  readonly group: string;
}

/** The inline policy that lets a group's members assume exactly one role, in the accounts named: group membership is the grant. */
export function assumeGrant(scope: Construct, id: string, props: AssumeGrantProps): IamGroupPolicy {
  return flatId(
    new IamGroupPolicy(scope, id, { name: assumePolicyName(props.roleName), group: props.group, policy: policyJson(assumeRolePolicy(props.roleArns)) }),
    groupAssumeId(props.groupName, props.roleName),
  );
}
