/**
 * The baseline stack deployed through real Terraform to the emulator and read
 * back with the AWS SDK. Access Analyzer is the one resource the emulator does
 * not implement (it answers HTTP 500, and Terraform retries for minutes); the
 * emulator's environment turns it off (IAM_ROSTER_ACCESS_ANALYZER=off) and it
 * is checked on the synthesized JSON in baseline-stack.test.ts. See docs/baseline.md.
 */
import { AccountClient, GetAlternateContactCommand } from '@aws-sdk/client-account';
import { CloudTrailClient, GetTrailCommand } from '@aws-sdk/client-cloudtrail';
import { EventBridgeClient, ListRulesCommand, ListTargetsByRuleCommand } from '@aws-sdk/client-eventbridge';
import { GetGroupPolicyCommand, GetRoleCommand, IAMClient, ListAccountAliasesCommand, ListAttachedRolePoliciesCommand } from '@aws-sdk/client-iam';
import { GetBucketEncryptionCommand, GetBucketPolicyCommand, GetBucketVersioningCommand, GetPublicAccessBlockCommand, S3Client } from '@aws-sdk/client-s3';
import { GetTopicAttributesCommand, ListSubscriptionsByTopicCommand, ListTopicsCommand, SNSClient } from '@aws-sdk/client-sns';
import { join } from 'node:path';
import { trailBucketName } from '../../stacks/account-trail';
import { PROJECT_ROOT } from '../../tools/project-root';
import { readStack } from '../../tools/terraform/synthesized';
import { type EmulatorAccount, deployStack, emulatorAccount } from '../audit/emulator-account';

const ACCOUNT = '123456789012';
let account: EmulatorAccount;
let addresses: string[];
const sdk = () => ({ region: 'us-east-1', endpoint: account.emulator.endpoint, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });

beforeAll(async () => {
  account = await emulatorAccount(join(PROJECT_ROOT, 'users.yaml'));
  // The support role is granted on the admins group, which the identity stack creates.
  deployStack(account, 'identity');
  const tf = readStack(account.outdir, 'baseline').json;
  addresses = Object.entries(tf.resource as Record<string, object>).flatMap(([type, byName]) => Object.keys(byName).map((name) => `${type}.${name}`));
  deployStack(account, 'baseline');
});

afterAll(async () => {
  await account?.emulator.stop();
});

test('the SECURITY alternate contact is the roster security contact', async () => {
  const { AlternateContact } = await new AccountClient(sdk()).send(new GetAlternateContactCommand({ AlternateContactType: 'SECURITY' }));
  expect(AlternateContact).toMatchObject({ Name: 'Security Team', EmailAddress: 'security-alerts@example.com', PhoneNumber: '+1 555 0100', Title: 'Security' });
});

test('the alert topic exists, is subscribed by the distribution list and lets EventBridge publish', async () => {
  const sns = new SNSClient(sdk());
  const { Topics } = await sns.send(new ListTopicsCommand({}));
  const topicArn = Topics?.map((t) => t.TopicArn).find((arn) => arn?.endsWith(':security-alerts')) as string;
  expect(topicArn).toBe(`arn:aws:sns:us-east-1:${ACCOUNT}:security-alerts`);
  const { Subscriptions } = await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArn }));
  expect(Subscriptions?.map((s) => [s.Protocol, s.Endpoint])).toEqual([['email', 'security-alerts@example.com']]);
  const { Attributes } = await sns.send(new GetTopicAttributesCommand({ TopicArn: topicArn }));
  const policy = JSON.parse(Attributes?.Policy as string);
  expect(policy.Statement).toEqual([expect.objectContaining({ Principal: { Service: 'events.amazonaws.com' }, Action: 'sns:Publish', Resource: topicArn })]);
});

test('three alert rules are enabled and each targets the alert topic', async () => {
  const events = new EventBridgeClient(sdk());
  const { Rules } = await events.send(new ListRulesCommand({ NamePrefix: 'security-alert-' }));
  expect(Rules?.map((r) => r.Name).sort()).toEqual(['security-alert-console-sign-in-without-mfa', 'security-alert-root-api-use', 'security-alert-root-console-sign-in']);
  for (const rule of Rules ?? []) {
    expect(rule.State).toBe('ENABLED');
    const { Targets } = await events.send(new ListTargetsByRuleCommand({ Rule: rule.Name }));
    expect(Targets?.map((t) => t.Arn)).toEqual([`arn:aws:sns:us-east-1:${ACCOUNT}:security-alerts`]);
  }
  const root = Rules?.find((r) => r.Name === 'security-alert-root-console-sign-in');
  expect(JSON.parse(root?.EventPattern as string).detail).toEqual({ userIdentity: { type: ['Root'] } });
});

test('the trail covers every region, validates log files and writes to the private, encrypted, versioned bucket', async () => {
  const { Trail } = await new CloudTrailClient(sdk()).send(new GetTrailCommand({ Name: 'account-trail' }));
  expect(Trail).toMatchObject({ IsMultiRegionTrail: true, LogFileValidationEnabled: true, IncludeGlobalServiceEvents: true, S3BucketName: trailBucketName(ACCOUNT) });
  const s3 = new S3Client({ ...sdk(), forcePathStyle: true });
  const Bucket = trailBucketName(ACCOUNT);
  const block = await s3.send(new GetPublicAccessBlockCommand({ Bucket }));
  expect(block.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true });
  expect((await s3.send(new GetBucketVersioningCommand({ Bucket }))).Status).toBe('Enabled');
  const encryption = await s3.send(new GetBucketEncryptionCommand({ Bucket }));
  expect(encryption.ServerSideEncryptionConfiguration?.Rules?.[0].ApplyServerSideEncryptionByDefault?.SSEAlgorithm).toBe('AES256');
  const policy = JSON.parse((await s3.send(new GetBucketPolicyCommand({ Bucket }))).Policy as string);
  expect(policy.Statement.map((s: { Sid: string }) => s.Sid)).toEqual(['AWSCloudTrailAclCheck', 'AWSCloudTrailWrite', 'DenyInsecureTransport']);
});

test('the support role has AWSSupportAccess, trusts only MFA sessions, and the admins group may assume it', async () => {
  const iam = new IAMClient(sdk());
  const { Role } = await iam.send(new GetRoleCommand({ RoleName: 'aws-support' }));
  expect(Role?.Path).toBe('/privileged/');
  const trust = JSON.parse(decodeURIComponent(Role?.AssumeRolePolicyDocument as string));
  expect(trust.Statement[0].Condition.Bool).toEqual({ 'aws:MultiFactorAuthPresent': 'true' });
  const { AttachedPolicies } = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'aws-support' }));
  expect(AttachedPolicies?.map((p) => p.PolicyArn)).toEqual(['arn:aws:iam::aws:policy/AWSSupportAccess']);
  const grant = await iam.send(new GetGroupPolicyCommand({ GroupName: 'admins', PolicyName: 'assume-aws-support' }));
  expect(JSON.parse(decodeURIComponent(grant.PolicyDocument as string)).Statement[0].Resource).toBe(Role?.Arn);
});

test('the account alias is the roster alias', async () => {
  const { AccountAliases } = await new IAMClient(sdk()).send(new ListAccountAliasesCommand({}));
  expect(AccountAliases).toEqual(['example-corp-identity']);
});

test('the emulator environment leaves out only the Access Analyzer, which the emulator lacks', () => {
  expect(addresses).not.toContain('aws_accessanalyzer_analyzer.access-analyzer');
  expect(addresses).toHaveLength(21);
});

test('a second plan of the deployed baseline has no changes', () => {
  const plan = account.terraform('baseline', ['plan', '-detailed-exitcode', '-no-color', '-input=false'], [0, 2]);
  expect(plan.stdout).toContain('No changes');
  expect(plan.code).toBe(0);
});
