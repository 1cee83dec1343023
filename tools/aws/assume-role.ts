/**
 * Credentials of a role assumed through STS, as an environment the clients of clients.ts read:
 * how the deploy, the demo and the audit reach a member account, through the same deploy role
 * its stack's provider assumes (stacks/member-account-stack.ts).
 */
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { stsClient } from './clients';

/** The session name the tools use in a member account (Terraform's is the provider's own, iam-roster-deploy). */
export const TOOLS_SESSION_NAME = 'iam-roster-tools';

/** env with the credentials of roleArn, assumed with env's own; the endpoints and region are kept. */
export async function assumeRoleEnv(env: NodeJS.ProcessEnv, roleArn: string, sessionName = TOOLS_SESSION_NAME): Promise<NodeJS.ProcessEnv> {
  const { Credentials: c } = await stsClient(env).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: sessionName }));
  if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error(`STS AssumeRole ${roleArn} returned no credentials`);
  const { AWS_PROFILE: _profile, ...rest } = env;
  return { ...rest, AWS_ACCESS_KEY_ID: c.AccessKeyId, AWS_SECRET_ACCESS_KEY: c.SecretAccessKey, AWS_SESSION_TOKEN: c.SessionToken ?? '' };
}

/** The account the credentials of env belong to (STS GetCallerIdentity). */
export async function callerAccount(env: NodeJS.ProcessEnv): Promise<string> {
  const { Account } = await stsClient(env).send(new GetCallerIdentityCommand({}));
  if (!Account) throw new Error('STS GetCallerIdentity returned no account');
  return Account;
}
