import type { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { Construct } from 'constructs';
import { hardenedBucket } from './hardened-bucket';
import { denyInsecureTransport } from './policies/baseline-documents';
import type { PolicyDocument } from './policies/documents';

export interface StateBucketProps {
  /** Globally unique bucket name. */
  readonly bucketName: string;
}

/** The state bucket's policy: nothing but TLS. */
export function tlsOnlyBucketPolicy(bucketArn: string): PolicyDocument {
  return { Version: '2012-10-17', Statement: [denyInsecureTransport(bucketArn)] };
}

/**
 * The bucket that holds Terraform state: a hardened bucket (versioned, so every
 * state write can be recovered; encrypted; never public; TLS only) that
 * `terraform destroy` refuses (losing it would orphan every user it tracks).
 */
export class StateBucket extends Construct {
  readonly bucket: S3Bucket;

  constructor(scope: Construct, id: string, props: StateBucketProps) {
    super(scope, id);
    this.bucket = hardenedBucket(this, {
      bucketName: props.bucketName,
      preventDestroy: true,
      bucketKeyEnabled: true,
      policy: tlsOnlyBucketPolicy,
      addresses: {
        bucket: 'state-bucket',
        versioning: 'state-bucket-versioning',
        encryption: 'state-bucket-encryption',
        publicAccessBlock: 'state-bucket-public-access-block',
        ownership: 'state-bucket-ownership',
        policy: 'state-bucket-policy',
      },
    }).bucket;
  }
}
