/**
 * The CI roles in each member account, as plain data: no cdktf import, so the trust and
 * permission tests evaluate exactly what `npm run bootstrap` deploys there.
 *
 * Same names and path as the identity account's CI roles (ci-roles.ts). Each trusts exactly one
 * principal, the identity account's role of the same name, and nothing else: the pipeline signs in
 * to the identity account through GitHub's OIDC token and hops from there, so a member account
 * holds no OIDC provider and no key. What a role may do is derived from what the member-account
 * stack (stacks/member-account-stack.ts) manages, resource type by resource type
 * (MEMBER_STACK_ACTIONS; a test holds it equal to the synthesized stacks' types).
 */
import { ROLE_PATH } from '../../roster/model';
import { ACCESS_ANALYZER_NAME, ALERT_RULE_PREFIX, BASELINE_REGION, TRAIL_NAME, alertTopicArn, trailBucketName } from '../baseline-names';
import { type CiJob, DEPLOY_ACCOUNT_ACTIONS, DEPLOY_ROLE_ACTIONS, auditRolePolicy, ciRoleArn } from './ci-roles';
import type { AccountContext, PolicyDocument, PolicyStatement } from './documents';

export interface MemberCiContext extends AccountContext {
  /** The identity account, whose CI role of the same name is the only principal trusted. */
  readonly identityAccountId: string;
}

/** Only the identity account's role of the same job may assume a member account's CI role: no account root, no wildcard. */
export function memberCiTrustPolicy(ctx: MemberCiContext, job: CiJob): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'OnlyTheIdentityAccountsPipelineRole',
        Effect: 'Allow',
        Principal: { AWS: ciRoleArn({ accountId: ctx.identityAccountId, partition: ctx.partition }, job) },
        Action: 'sts:AssumeRole',
      },
    ],
  };
}

/** What one resource type of the member stack needs: reads to refresh it, writes to create, change and delete it. */
interface TypeActions {
  /** Refreshing it (terraform plan); read-only actions, granted on any resource. */
  readonly read: readonly string[];
  /** Creating, changing and deleting it (terraform apply). */
  readonly write: readonly string[];
  /** The resources the writes are limited to, in an account. */
  readonly resources: (ctx: AccountContext) => readonly string[];
}

const p = (ctx: AccountContext) => ctx.partition ?? 'aws';
const inRegion = (service: string, ctx: AccountContext, resource: string) => `arn:${p(ctx)}:${service}:${BASELINE_REGION}:${ctx.accountId}:${resource}`;
const privilegedRoles = (ctx: AccountContext) => [`arn:${p(ctx)}:iam::${ctx.accountId}:role${ROLE_PATH}*`];
const trailBucket = (ctx: AccountContext) => [`arn:${p(ctx)}:s3:::${trailBucketName(ctx.accountId)}`];
/** What the AWS provider reads to refresh a bucket and its settings: bucket-level reads only, never an object. */
const BUCKET_READS = ['s3:ListBucket', 's3:GetBucket*', 's3:GetAccelerateConfiguration', 's3:GetEncryptionConfiguration', 's3:GetLifecycleConfiguration', 's3:GetReplicationConfiguration'];

/**
 * Every resource type a member-account stack manages: its roles, the password policy and the
 * account baseline (stacks/account-baseline.ts). Nothing about IAM users, groups, access keys or
 * login profiles: people exist only in the identity account.
 */
export const MEMBER_STACK_ACTIONS: Readonly<Record<string, TypeActions>> = {
  aws_iam_role: {
    // ListRoles and ListRoleTags: before each plan, the deploy's import check (tools/deploy/imports.ts) looks roles up by name.
    read: ['iam:GetRole', 'iam:GetRolePolicy', 'iam:ListRolePolicies', 'iam:ListAttachedRolePolicies', 'iam:ListRoleTags', 'iam:ListInstanceProfilesForRole', 'iam:ListRoles'],
    write: DEPLOY_ROLE_ACTIONS,
    resources: privilegedRoles,
  },
  aws_iam_role_policy_attachment: { read: ['iam:ListAttachedRolePolicies'], write: ['iam:AttachRolePolicy', 'iam:DetachRolePolicy'], resources: privilegedRoles },
  // The password policy is the account's; IAM has no resource for it.
  aws_iam_account_password_policy: { read: ['iam:GetAccountPasswordPolicy'], write: DEPLOY_ACCOUNT_ACTIONS, resources: () => ['*'] },
  // Called in the account itself, the alternate-contact actions change only that account.
  aws_account_alternate_contact: { read: ['account:GetAlternateContact'], write: ['account:PutAlternateContact', 'account:DeleteAlternateContact'], resources: () => ['*'] },
  aws_sns_topic: {
    read: ['sns:GetTopicAttributes', 'sns:ListTagsForResource'],
    write: ['sns:CreateTopic', 'sns:DeleteTopic', 'sns:SetTopicAttributes', 'sns:TagResource', 'sns:UntagResource'],
    resources: (ctx) => [alertTopicArn(ctx.accountId, p(ctx))],
  },
  aws_sns_topic_policy: { read: ['sns:GetTopicAttributes'], write: ['sns:SetTopicAttributes'], resources: (ctx) => [alertTopicArn(ctx.accountId, p(ctx))] },
  aws_sns_topic_subscription: {
    read: ['sns:GetSubscriptionAttributes', 'sns:ListSubscriptionsByTopic'],
    write: ['sns:Subscribe', 'sns:Unsubscribe', 'sns:SetSubscriptionAttributes'],
    resources: (ctx) => [alertTopicArn(ctx.accountId, p(ctx))],
  },
  aws_cloudwatch_event_rule: {
    read: ['events:DescribeRule', 'events:ListTagsForResource'],
    write: ['events:PutRule', 'events:DeleteRule', 'events:EnableRule', 'events:TagResource', 'events:UntagResource'],
    resources: (ctx) => [inRegion('events', ctx, `rule/${ALERT_RULE_PREFIX}*`)],
  },
  aws_cloudwatch_event_target: { read: ['events:ListTargetsByRule'], write: ['events:PutTargets', 'events:RemoveTargets'], resources: (ctx) => [inRegion('events', ctx, `rule/${ALERT_RULE_PREFIX}*`)] },
  aws_accessanalyzer_analyzer: {
    read: ['access-analyzer:GetAnalyzer', 'access-analyzer:ListAnalyzers', 'access-analyzer:ListTagsForResource'],
    write: ['access-analyzer:CreateAnalyzer', 'access-analyzer:DeleteAnalyzer', 'access-analyzer:TagResource', 'access-analyzer:UntagResource'],
    resources: (ctx) => [inRegion('access-analyzer', ctx, `analyzer/${ACCESS_ANALYZER_NAME}`)],
  },
  // No StopLogging: the pipeline can change the trail but never switch it off.
  aws_cloudtrail: {
    read: ['cloudtrail:GetTrail', 'cloudtrail:DescribeTrails', 'cloudtrail:GetTrailStatus', 'cloudtrail:GetEventSelectors', 'cloudtrail:GetInsightSelectors', 'cloudtrail:ListTags'],
    write: ['cloudtrail:CreateTrail', 'cloudtrail:UpdateTrail', 'cloudtrail:DeleteTrail', 'cloudtrail:StartLogging', 'cloudtrail:PutEventSelectors', 'cloudtrail:AddTags', 'cloudtrail:RemoveTags'],
    resources: (ctx) => [inRegion('cloudtrail', ctx, `trail/${TRAIL_NAME}`)],
  },
  aws_s3_bucket: { read: BUCKET_READS, write: ['s3:CreateBucket', 's3:DeleteBucket', 's3:PutBucketTagging'], resources: trailBucket },
  aws_s3_bucket_versioning: { read: BUCKET_READS, write: ['s3:PutBucketVersioning'], resources: trailBucket },
  aws_s3_bucket_server_side_encryption_configuration: { read: BUCKET_READS, write: ['s3:PutEncryptionConfiguration'], resources: trailBucket },
  aws_s3_bucket_public_access_block: { read: BUCKET_READS, write: ['s3:PutBucketPublicAccessBlock'], resources: trailBucket },
  aws_s3_bucket_ownership_controls: { read: BUCKET_READS, write: ['s3:PutBucketOwnershipControls'], resources: trailBucket },
  aws_s3_bucket_policy: { read: BUCKET_READS, write: ['s3:PutBucketPolicy', 's3:DeleteBucketPolicy'], resources: trailBucket },
};

const unique = (list: readonly string[]) => [...new Set(list)].sort();

/** Plan role: what terraform plan of the member stack reads (bucket settings of the trail's bucket only, never an object), and nothing that writes. */
export function memberPlanRolePolicy(ctx: AccountContext): PolicyDocument {
  const bucketReads = new Set(BUCKET_READS);
  const reads = Object.values(MEMBER_STACK_ACTIONS).flatMap((t) => t.read);
  return {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'RefreshTheMemberStack', Effect: 'Allow', Action: unique(reads.filter((a) => !bucketReads.has(a))), Resource: '*' },
      { Sid: 'RefreshTheTrailBucket', Effect: 'Allow', Action: unique(BUCKET_READS), Resource: trailBucket(ctx) },
    ],
  };
}

/**
 * Deploy role: the plan role's reads, and each resource type's writes on that type's resources only:
 * roles under the roster's path, the baseline's named topic, rules, analyzer, trail and bucket.
 */
export function memberDeployRolePolicy(ctx: AccountContext): PolicyDocument {
  // One statement per resource type, named after it (aws_sns_topic_policy: ManageSnsTopicPolicy).
  const sid = (type: string) => `Manage${type.replace(/^aws_/, '').split('_').map((w) => w[0].toUpperCase() + w.slice(1)).join('')}`;
  const writes = Object.entries(MEMBER_STACK_ACTIONS).map(([type, t]): PolicyStatement => ({ Sid: sid(type), Effect: 'Allow', Action: [...t.write], Resource: [...t.resources(ctx)] }));
  return {
    Version: '2012-10-17',
    Statement: [
      ...memberPlanRolePolicy(ctx).Statement,
      ...writes,
      // The account's analyzer needs Access Analyzer's service-linked role, made on first use; only that one.
      {
        Sid: 'AccessAnalyzerServiceLinkedRole',
        Effect: 'Allow',
        Action: 'iam:CreateServiceLinkedRole',
        Resource: `arn:${p(ctx)}:iam::${ctx.accountId}:role/aws-service-role/access-analyzer.amazonaws.com/*`,
        Condition: { StringEquals: { 'iam:AWSServiceName': 'access-analyzer.amazonaws.com' } },
      },
    ],
  };
}

/** The policy a member account's CI role holds, by job. */
export function memberCiRolePolicy(ctx: AccountContext, job: CiJob): PolicyDocument {
  // The audit role reads what the identity account's reads (IAM, users included, the credential report, the baseline), and hops nowhere.
  return job === 'plan' ? memberPlanRolePolicy(ctx) : job === 'deploy' ? memberDeployRolePolicy(ctx) : auditRolePolicy();
}
