import { TerraformOutput, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { type AwsTargetProps, awsProvider } from './aws-provider';
import { configureState } from './backend';
import { StateBucket } from './state-bucket';

export interface BootstrapStackProps {
  /** The only account this stack may be deployed to. */
  readonly accountId: string;
  /** Name of the bucket that will hold the other stacks' state. */
  readonly stateBucketName: string;
  /** The bucket's region - default us-east-1. */
  readonly region?: string;
  /** Plan without reaching AWS - default false. */
  readonly offline?: AwsTargetProps['offline'];
  /** Folder of this stack's own local state - the project root when omitted. */
  readonly stateDir?: string;
}

/**
 * What must exist before the other stacks can keep remote state: the state
 * bucket. Its own state is always local (it cannot live in the bucket it creates);
 * deployed once per account with `npm run bootstrap`.
 */
export class BootstrapStack extends TerraformStack {
  readonly stateBucket: StateBucket;

  constructor(scope: Construct, id: string, props: BootstrapStackProps) {
    super(scope, id);
    awsProvider(this, { accountId: props.accountId, offline: props.offline, region: props.region });
    configureState(this, id, { stateDir: props.stateDir });
    this.stateBucket = new StateBucket(this, 'state', { bucketName: props.stateBucketName });
    new TerraformOutput(this, 'state_bucket', { description: 'Set STATE_BUCKET to this to keep state in S3', value: this.stateBucket.bucket.bucket });
  }
}
