import { TerraformOutput } from 'cdktf';
import { LiteralStack } from './terraform-literals';
import type { Construct } from 'constructs';
import { type AwsTargetProps, awsProvider } from './aws-provider';
import { configureState } from './backend';
import { GithubCiAccess } from './github-ci-access';
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
  /** GitHub repository (owner/name) whose workflows get keyless CI roles - default: no CI access. */
  readonly githubRepository?: string;
  /** The protected GitHub environment deploys run in - default "production". */
  readonly deployEnvironment?: string;
  /** Create GitHub's OIDC provider - default true; false when the account already has it. */
  readonly createGithubOidcProvider?: boolean;
  /** Member accounts whose CI roles (made by MemberBootstrapStack) the CI roles here may assume - default none. */
  readonly memberAccountIds?: readonly string[];
}

/**
 * What must exist before the other stacks can keep remote state and before the
 * pipeline can deploy: the state bucket and, for a GitHub repository, the keyless
 * CI roles (docs/review-and-pipeline.md). Its own state is always local (it cannot live in the bucket it creates);
 * deployed once per account with `npm run bootstrap`.
 */
export class BootstrapStack extends LiteralStack {
  readonly stateBucket: StateBucket;

  constructor(scope: Construct, id: string, props: BootstrapStackProps) {
    super(scope, id);
    awsProvider(this, { accountId: props.accountId, offline: props.offline, region: props.region });
    configureState(this, id, { stateDir: props.stateDir });
    this.stateBucket = new StateBucket(this, 'state', { bucketName: props.stateBucketName });
    if (props.githubRepository) {
      const ci = new GithubCiAccess(this, 'github-ci', {
        accountId: props.accountId,
        repository: props.githubRepository,
        environment: props.deployEnvironment,
        stateBucketName: props.stateBucketName,
        createProvider: props.createGithubOidcProvider,
        memberAccountIds: props.memberAccountIds,
      });
      new TerraformOutput(this, 'plan_role', { description: 'Role the pull-request workflow assumes', value: ci.planRole.arn });
      new TerraformOutput(this, 'deploy_role', { description: 'Role the deploy workflow assumes', value: ci.deployRole.arn });
      new TerraformOutput(this, 'audit_role', { description: 'Role the scheduled audit assumes', value: ci.auditRole.arn });
    }
    new TerraformOutput(this, 'state_bucket', { description: 'Set STATE_BUCKET to this to keep state in S3', value: this.stateBucket.bucket.bucket });
  }
}
