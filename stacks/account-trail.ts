import { Cloudtrail } from '@cdktf/provider-aws/lib/cloudtrail';
import type { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { Construct } from 'constructs';
import { BASELINE_REGION, TRAIL_NAME, trailBucketName } from './baseline-names';
import { flatId } from './flat-id';
import { hardenedBucket } from './hardened-bucket';
import { MANAGED_BY_TAG } from './managed-by';
import { trailBucketPolicy } from './policies/baseline-documents';

export { trailBucketName } from './baseline-names';

export interface AccountTrailProps {
  readonly accountId: string;
  /** Region the trail is created in (its home region) - default BASELINE_REGION, us-east-1. */
  readonly region?: string;
}

/**
 * A multi-region CloudTrail trail with log file validation, writing to a
 * hardened bucket (private, encrypted, versioned). EventBridge receives API-call events
 * (such as root API use) only when a trail records them.
 */
export class AccountTrail extends Construct {
  readonly trail: Cloudtrail;
  readonly bucket: S3Bucket;

  constructor(scope: Construct, id: string, props: AccountTrailProps) {
    super(scope, id);
    const region = props.region ?? BASELINE_REGION;
    const trailArn = `arn:aws:cloudtrail:${region}:${props.accountId}:trail/${TRAIL_NAME}`;
    const { bucket, policy } = hardenedBucket(this, {
      bucketName: trailBucketName(props.accountId),
      policy: (bucketArn) => trailBucketPolicy(bucketArn, trailArn, props.accountId),
      addresses: {
        bucket: 'trail-bucket',
        versioning: 'trail-bucket-versioning',
        encryption: 'trail-bucket-encryption',
        publicAccessBlock: 'trail-bucket-public-access',
        ownership: 'trail-bucket-ownership',
        policy: 'trail-bucket-policy',
      },
    });
    this.bucket = bucket;
    this.trail = flatId(
      new Cloudtrail(this, 'trail', {
        name: TRAIL_NAME,
        s3BucketName: this.bucket.id,
        isMultiRegionTrail: true,
        includeGlobalServiceEvents: true,
        enableLogFileValidation: true,
        tags: { ...MANAGED_BY_TAG },
        // CloudTrail checks that it may write to the bucket when the trail is created.
        dependsOn: [policy],
      }),
      'trail',
    );
  }
}
