import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import type { Construct } from 'constructs';

export interface AwsTargetProps {
  /** The only account this stack may be deployed to. */
  readonly accountId: string;
  /**
   * Plan without any AWS endpoint (validation, benchmarks, air-gapped review):
   * skips credential and account lookups. Default false - the provider checks
   * that the credentials belong to accountId before changing anything.
   */
  readonly offline?: boolean;
  /** Region for regional resources (default us-east-1, where IAM and sign-in events live). */
  readonly region?: string;
  /**
   * A role to assume in accountId, with the credentials from the environment, before changing
   * anything (a member account's deploy role) - default none: the credentials are used as they are.
   * Left out offline, where nothing reaches AWS.
   */
  readonly assumeRoleArn?: string;
}

/** The session name of a member account's deploy role, so the account's CloudTrail says who deployed. */
export const DEPLOY_SESSION_NAME = 'iam-roster-deploy';

/**
 * The AWS provider. Endpoint and credentials come from the standard AWS
 * environment (AWS_ENDPOINT_URL, AWS_PROFILE, ...), so the same stack deploys
 * to real AWS or to a local emulator without code changes.
 */
export function awsProvider(scope: Construct, props: AwsTargetProps): AwsProvider {
  return new AwsProvider(scope, 'aws', {
    region: props.region ?? 'us-east-1',
    ...(props.offline
      ? { skipCredentialsValidation: true, skipRequestingAccountId: true, skipMetadataApiCheck: 'true', accessKey: 'offline', secretKey: 'offline' }
      : { allowedAccountIds: [props.accountId], ...(props.assumeRoleArn ? { assumeRole: [{ roleArn: props.assumeRoleArn, sessionName: DEPLOY_SESSION_NAME }] } : {}) }),
  });
}
