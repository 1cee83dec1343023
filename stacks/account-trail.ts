import { Cloudtrail } from '@cdktf/provider-aws/lib/cloudtrail';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { Construct } from 'constructs';
import { flatId } from './flat-id';
import { trailBucketPolicy } from './policies/baseline-documents';
import { policyJson } from './policies/terraform-json';

export const TRAIL_NAME = 'account-trail';

/** The trail's bucket name: fixed per account, so it is predictable and globally unique. */
export function trailBucketName(accountId: string): string {
  return `iam-roster-cloudtrail-${accountId}`;
}

export interface AccountTrailProps {
  readonly accountId: string;
  /** Region the trail is created in (its home region) - default us-east-1. */
  readonly region?: string;
}

/**
 * A multi-region CloudTrail trail with log file validation, writing to a
 * private, encrypted, versioned bucket. EventBridge receives API-call events
 * (such as root API use) only when a trail records them.
 */
export class AccountTrail extends Construct {
  readonly trail: Cloudtrail;
  readonly bucket: S3Bucket;

  constructor(scope: Construct, id: string, props: AccountTrailProps) {
    super(scope, id);
    const region = props.region ?? 'us-east-1';
    const trailArn = `arn:aws:cloudtrail:${region}:${props.accountId}:trail/${TRAIL_NAME}`;
    this.bucket = flatId(
      new S3Bucket(this, 'bucket', { bucket: trailBucketName(props.accountId), tags: { ManagedBy: 'iam-roster' } }),
      'trail-bucket',
    );
    const publicAccess = flatId(
      new S3BucketPublicAccessBlock(this, 'public-access', {
        bucket: this.bucket.id,
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      }),
      'trail-bucket-public-access',
    );
    flatId(new S3BucketOwnershipControls(this, 'ownership', { bucket: this.bucket.id, rule: { objectOwnership: 'BucketOwnerEnforced' } }), 'trail-bucket-ownership');
    flatId(
      new S3BucketVersioningA(this, 'versioning', { bucket: this.bucket.id, versioningConfiguration: { status: 'Enabled' } }),
      'trail-bucket-versioning',
    );
    flatId(
      new S3BucketServerSideEncryptionConfigurationA(this, 'encryption', {
        bucket: this.bucket.id,
        rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }],
      }),
      'trail-bucket-encryption',
    );
    const policy = flatId(
      new S3BucketPolicy(this, 'policy', {
        bucket: this.bucket.id,
        policy: policyJson(trailBucketPolicy(this.bucket.arn, trailArn, props.accountId)),
        // S3 rejects a bucket policy while the public access block is being written.
        dependsOn: [publicAccess],
      }),
      'trail-bucket-policy',
    );
    this.trail = flatId(
      new Cloudtrail(this, 'trail', {
        name: TRAIL_NAME,
        s3BucketName: this.bucket.id,
        isMultiRegionTrail: true,
        includeGlobalServiceEvents: true,
        enableLogFileValidation: true,
        tags: { ManagedBy: 'iam-roster' },
        // CloudTrail checks that it may write to the bucket when the trail is created.
        dependsOn: [policy],
      }),
      'trail',
    );
  }
}
