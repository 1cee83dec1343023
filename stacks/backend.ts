import { LocalBackend, S3Backend, type TerraformStack } from 'cdktf';
import { join } from 'node:path';

/** Remote state in an S3 bucket, locked with Terraform's native lockfile (`<key>.tflock`). */
export interface S3StateProps {
  /** The state bucket (made by the bootstrap stack). */
  readonly bucket: string;
  /** Key prefix; each stack's state is `<keyPrefix>/<stack>.tfstate` - default iam-roster. */
  readonly keyPrefix?: string;
  /** The bucket's region - default us-east-1. */
  readonly region?: string;
  /** Address the bucket as `endpoint/bucket/key` - default false (virtual-hosted, as AWS prefers). */
  readonly usePathStyle?: boolean;
}

export interface StateProps {
  /** Folder for local state files - the project root when omitted (terraform.<stack>.tfstate). */
  readonly stateDir?: string;
  /** Keep state in S3 instead - default: local state. */
  readonly s3?: S3StateProps;
}

export const DEFAULT_STATE_KEY_PREFIX = 'iam-roster';
export const DEFAULT_STATE_REGION = 'us-east-1';

/** The S3 object key of a stack's state. */
export function stateKey(stackName: string, keyPrefix = DEFAULT_STATE_KEY_PREFIX): string {
  return `${keyPrefix.replace(/\/+$/, '')}/${stackName}.tfstate`;
}

/** Where a stack keeps its state. */
export function configureState(stack: TerraformStack, stackName: string, props: StateProps): void {
  if (props.s3) {
    new S3Backend(stack, {
      bucket: props.s3.bucket,
      key: stateKey(stackName, props.s3.keyPrefix),
      region: props.s3.region ?? DEFAULT_STATE_REGION,
      encrypt: true,
      ...(props.s3.usePathStyle ? { usePathStyle: true } : {}),
    });
    // cdktf 0.21 predates S3-native locking (Terraform 1.10+); without it two deploys could both write.
    stack.addOverride('terraform.backend.s3.use_lockfile', true);
    return;
  }
  const dir = props.stateDir ?? join(__dirname, '..');
  new LocalBackend(stack, { path: join(dir, `terraform.${stackName}.tfstate`) });
}

/** The state bucket the bootstrap stack creates: the S3 state's bucket, or one named after the account. */
export function stateBucketName(accountId: string, state: StateProps = {}): string {
  return state.s3?.bucket || `iam-roster-state-${accountId}`;
}
