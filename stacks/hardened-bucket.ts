import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import type { Construct } from 'constructs';
import { flatId } from './flat-id';
import { MANAGED_BY_TAG } from './managed-by';
import type { PolicyDocument } from './policies/documents';
import { policyJson } from './policies/terraform-json';

/** The Terraform address of each of a hardened bucket's resources: a contract with state. */
export interface HardenedBucketAddresses {
  readonly bucket: string;
  readonly versioning: string;
  readonly encryption: string;
  readonly publicAccessBlock: string;
  readonly ownership: string;
  readonly policy: string;
}

export interface HardenedBucketProps {
  /** Globally unique bucket name. */
  readonly bucketName: string;
  readonly addresses: HardenedBucketAddresses;
  /** The bucket policy, given the bucket's ARN. */
  readonly policy: (bucketArn: string) => PolicyDocument;
  /** Refuse `terraform destroy` - default false. */
  readonly preventDestroy?: boolean;
  /** Encrypt with an S3 bucket key - default not set: S3's default, no bucket key. */
  readonly bucketKeyEnabled?: boolean;
}

export interface HardenedBucket {
  readonly bucket: S3Bucket;
  /** The bucket policy; anything that needs the policy in place (CloudTrail) depends on it. */
  readonly policy: S3BucketPolicy;
}

/**
 * A private bucket: versioned, encrypted at rest, public access blocked, ACLs
 * disabled (owner enforced), and the given policy. Its resources are made in
 * `scope` itself rather than in a construct of their own, because a nesting
 * level would change every resource's construct path in the synthesized JSON.
 */
export function hardenedBucket(scope: Construct, props: HardenedBucketProps): HardenedBucket {
  const { addresses } = props;
  const bucket = flatId(
    new S3Bucket(scope, 'bucket', {
      bucket: props.bucketName,
      ...(props.preventDestroy ? { lifecycle: { preventDestroy: true } } : {}),
      tags: { ...MANAGED_BY_TAG },
    }),
    addresses.bucket,
  );
  const id = bucket.id;
  flatId(new S3BucketVersioningA(scope, 'versioning', { bucket: id, versioningConfiguration: { status: 'Enabled' } }), addresses.versioning);
  flatId(
    new S3BucketServerSideEncryptionConfigurationA(scope, 'encryption', {
      bucket: id,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' }, ...(props.bucketKeyEnabled === undefined ? {} : { bucketKeyEnabled: props.bucketKeyEnabled }) }],
    }),
    addresses.encryption,
  );
  const publicAccess = flatId(
    new S3BucketPublicAccessBlock(scope, 'public-access', {
      bucket: id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    }),
    addresses.publicAccessBlock,
  );
  flatId(new S3BucketOwnershipControls(scope, 'ownership', { bucket: id, rule: { objectOwnership: 'BucketOwnerEnforced' } }), addresses.ownership);
  const policy = flatId(
    new S3BucketPolicy(scope, 'policy', {
      bucket: id,
      policy: policyJson(props.policy(bucket.arn)),
      // S3 rejects a bucket policy while the public access block is being written.
      dependsOn: [publicAccess],
    }),
    addresses.policy,
  );
  return { bucket, policy };
}
