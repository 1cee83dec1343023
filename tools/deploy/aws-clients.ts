import { IAMClient } from '@aws-sdk/client-iam';
import { S3Client } from '@aws-sdk/client-s3';

/**
 * Client settings from an explicit environment (not necessarily process.env),
 * read the way the AWS CLI and Terraform read it: AWS_ENDPOINT_URL[_<SERVICE>],
 * AWS_REGION, static keys when set, otherwise the SDK's default credential chain.
 */
function clientConfig(env: NodeJS.ProcessEnv, service: 'IAM' | 'S3') {
  const endpoint = env[`AWS_ENDPOINT_URL_${service}`] || env.AWS_ENDPOINT_URL;
  const credentials =
    env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY
      ? { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY, sessionToken: env.AWS_SESSION_TOKEN }
      : undefined;
  return {
    region: env.AWS_REGION || env.AWS_DEFAULT_REGION || 'us-east-1',
    ...(endpoint ? { endpoint } : {}),
    ...(credentials ? { credentials } : {}),
  };
}

export function iamClient(env: NodeJS.ProcessEnv = process.env): IAMClient {
  return new IAMClient(clientConfig(env, 'IAM'));
}

export function s3Client(env: NodeJS.ProcessEnv = process.env, options: { forcePathStyle?: boolean } = {}): S3Client {
  return new S3Client({ ...clientConfig(env, 'S3'), forcePathStyle: options.forcePathStyle ?? Boolean(env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL) });
}
