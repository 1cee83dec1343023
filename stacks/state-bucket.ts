import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { Construct } from 'constructs';
import { flatId } from './flat-id';
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
 * The bucket that holds Terraform state: versioned (every state write can be
 * recovered), encrypted at rest, never public, TLS only, and protected from
 * `terraform destroy` (losing it would orphan every user it tracks).
 */
export class StateBucket extends Construct {
  readonly bucket: S3Bucket;

  constructor(scope: Construct, id: string, props: StateBucketProps) {
    super(scope, id);
    this.bucket = flatId(
      new S3Bucket(this, 'bucket', { bucket: props.bucketName, lifecycle: { preventDestroy: true }, tags: { ManagedBy: 'iam-roster' } }),
      'state-bucket',
    );
    const bucket = this.bucket.id;
    flatId(new S3BucketVersioningA(this, 'versioning', { bucket, versioningConfiguration: { status: 'Enabled' } }), 'state-bucket-versioning');
    flatId(
      new S3BucketServerSideEncryptionConfigurationA(this, 'encryption', {
        bucket,
        rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' }, bucketKeyEnabled: true }],
      }),
      'state-bucket-encryption',
    );
    const publicAccess = flatId(
      new S3BucketPublicAccessBlock(this, 'public-access', {
        bucket,
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      }),
      'state-bucket-public-access-block',
    );
    flatId(new S3BucketOwnershipControls(this, 'ownership', { bucket, rule: { objectOwnership: 'BucketOwnerEnforced' } }), 'state-bucket-ownership');
    flatId(
      new S3BucketPolicy(this, 'policy', {
        bucket,
        policy: JSON.stringify(tlsOnlyBucketPolicy(this.bucket.arn)),
        // S3 rejects a policy change while the public access block is being applied.
        dependsOn: [publicAccess],
      }),
      'state-bucket-policy',
    );
  }
}
