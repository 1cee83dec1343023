/**
 * Reaching a member account in the emulator the way the stacks and the audit do: STS AssumeRole into
 * its OrganizationAccountAccessRole, then a check that the credentials are that account's (moto
 * answers with credentials of any 12-digit account, and keeps IAM apart per account).
 */
import type { IAMClient } from '@aws-sdk/client-iam';
import { DEFAULT_MEMBER_DEPLOY_ROLE } from '../../config/config';
import { deployRoleArn } from '../../stacks/member-role-arns';
import { assumeRoleEnv, callerAccount } from '../../tools/aws/assume-role';
import { iamClient } from '../../tools/aws/clients';

/** The role the stacks deploy through and the audit reads through by default. */
export const memberRoleArn = (account: string): string => deployRoleArn(account, DEFAULT_MEMBER_DEPLOY_ROLE);

/** An AWS environment with credentials in a member account, checked to be that account's. */
export async function memberEnv(env: NodeJS.ProcessEnv, account: string): Promise<NodeJS.ProcessEnv> {
  const assumed = await assumeRoleEnv(env, memberRoleArn(account));
  const found = await callerAccount(assumed);
  if (found !== account) throw new Error(`AssumeRole into ${account} gave credentials for ${found}`);
  return assumed;
}

/** An IAM client in a member account. */
export async function memberIam(env: NodeJS.ProcessEnv, account: string): Promise<IAMClient> {
  return iamClient(await memberEnv(env, account));
}
