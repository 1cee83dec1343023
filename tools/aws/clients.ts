/**
 * AWS SDK clients for the deploy, the demo and the audit, made one way from an
 * explicit environment (not necessarily process.env), read the way the AWS CLI
 * and Terraform read it: AWS_ENDPOINT_URL_<SERVICE>, then AWS_ENDPOINT_URL;
 * AWS_REGION (unless the caller names the region its resources live in); static keys
 * when set, otherwise the SDK's default credential chain.
 */
import { AccessAnalyzerClient } from '@aws-sdk/client-accessanalyzer';
import { AccountClient } from '@aws-sdk/client-account';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { IAMClient } from '@aws-sdk/client-iam';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { STSClient } from '@aws-sdk/client-sts';

/** A service as its endpoint variable names it: AWS_ENDPOINT_URL_<service> (the SDK's service ID, upper-case). */
export type AwsService = 'IAM' | 'STS' | 'ACCESSANALYZER' | 'ACCOUNT' | 'CLOUDTRAIL' | 'EVENTBRIDGE' | 'SNS' | 'S3' | 'ORGANIZATIONS';

/**
 * How every client retries throttling and transient failures: the SDK's standard
 * mode (exponential backoff with jitter, a retry quota) and at most three attempts,
 * so a dead endpoint fails within seconds rather than after minutes.
 */
export const RETRY_POLICY = { retryMode: 'standard', maxAttempts: 3 } as const;

/** The endpoint a client for `service` talks to; undefined: AWS itself. */
export function endpointFor(env: NodeJS.ProcessEnv, service: AwsService): string | undefined {
  return env[`AWS_ENDPOINT_URL_${service}`] || env.AWS_ENDPOINT_URL || undefined;
}

/**
 * The configuration every client is made with. `region`: where the resources it reads
 * live (the baseline's us-east-1) - default AWS_REGION, AWS_DEFAULT_REGION, then us-east-1.
 */
export function clientConfig(env: NodeJS.ProcessEnv, service: AwsService, region?: string) {
  const endpoint = endpointFor(env, service);
  // Keys in the given environment are used as is; otherwise the SDK's default chain (profiles, SSO, instance roles).
  const credentials =
    env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY
      ? { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY, sessionToken: env.AWS_SESSION_TOKEN || undefined }
      : undefined;
  return {
    region: region || env.AWS_REGION || env.AWS_DEFAULT_REGION || 'us-east-1',
    ...RETRY_POLICY,
    ...(endpoint ? { endpoint } : {}),
    ...(credentials ? { credentials } : {}),
  };
}

export function iamClient(env: NodeJS.ProcessEnv = process.env): IAMClient {
  return new IAMClient(clientConfig(env, 'IAM'));
}

export function stsClient(env: NodeJS.ProcessEnv = process.env): STSClient {
  return new STSClient(clientConfig(env, 'STS'));
}

export function accessAnalyzerClient(env: NodeJS.ProcessEnv = process.env, region?: string): AccessAnalyzerClient {
  return new AccessAnalyzerClient(clientConfig(env, 'ACCESSANALYZER', region));
}

export function accountClient(env: NodeJS.ProcessEnv = process.env, region?: string): AccountClient {
  return new AccountClient(clientConfig(env, 'ACCOUNT', region));
}

export function cloudTrailClient(env: NodeJS.ProcessEnv = process.env, region?: string): CloudTrailClient {
  return new CloudTrailClient(clientConfig(env, 'CLOUDTRAIL', region));
}

export function eventBridgeClient(env: NodeJS.ProcessEnv = process.env, region?: string): EventBridgeClient {
  return new EventBridgeClient(clientConfig(env, 'EVENTBRIDGE', region));
}

export function snsClient(env: NodeJS.ProcessEnv = process.env, region?: string): SNSClient {
  return new SNSClient(clientConfig(env, 'SNS', region));
}

/** AWS Organizations, read from the management account or a delegated administrator. */
export function organizationsClient(env: NodeJS.ProcessEnv = process.env): OrganizationsClient {
  return new OrganizationsClient(clientConfig(env, 'ORGANIZATIONS'));
}

/** An S3 client for the state bucket's region; pathStyle as the S3 backend is configured (emulators). */
export function s3Client(env: NodeJS.ProcessEnv = process.env, region?: string, pathStyle = false): S3Client {
  return new S3Client({ ...clientConfig(env, 'S3', region), forcePathStyle: pathStyle });
}
