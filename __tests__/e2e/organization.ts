/**
 * The organization example on the emulator, as the member-account end-to-end tests see it: the
 * identity account (the emulator's own) and member accounts, each reached the way the stacks reach
 * it, through STS AssumeRole into its OrganizationAccountAccessRole (moto answers with credentials
 * of that account and keeps IAM apart per account). Read back with the SDK.
 */
import { GetGroupPolicyCommand, type IAMClient, ListRolesCommand, type Role } from '@aws-sdk/client-iam';
import type { DeployTarget } from './deploy-target';
import { memberIam as memberIamIn, memberRoleArn } from './member-account-access';

export { ORGANIZATION_ROSTER } from '../stacks/synthesized';

/** The identity account: the emulator's own. */
export const IDENTITY = '123456789012';
/** The member accounts of examples/organization.yaml. */
export const MEMBERS = { prod: '222222222222', staging: '333333333333' } as const;

/** The role the stacks deploy through in a member account (OrganizationAccountAccessRole by default). */
export const deployRole = memberRoleArn;
export const roleArn = (account: string, role: string) => `arn:aws:iam::${account}:role/privileged/${role}`;

/** An IAM client in a member account, with credentials from STS AssumeRole into its deploy role, checked to be that account's. */
export const memberIam = (target: DeployTarget, account: string): Promise<IAMClient> => memberIamIn(target.env, account);

/** The account's roles under /privileged/, by name. */
export async function privilegedRoles(iam: IAMClient): Promise<Record<string, Role>> {
  const { Roles = [] } = await iam.send(new ListRolesCommand({ PathPrefix: '/privileged/' }));
  return Object.fromEntries(Roles.map((r) => [r.RoleName as string, r]));
}

/** What an identity-account group's inline policy lets its members assume: its first statement's Resource. */
export async function assumableArns(target: DeployTarget, GroupName: string, PolicyName: string): Promise<string | string[]> {
  const { PolicyDocument } = await target.iam.send(new GetGroupPolicyCommand({ GroupName, PolicyName }));
  return JSON.parse(decodeURIComponent(PolicyDocument as string)).Statement[0].Resource;
}
