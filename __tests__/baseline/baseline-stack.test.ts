import { ADMIN_GROUP_NAME, ROLE_PATH } from '../../roster/model';
import { accessAnalyzerFromEnv } from '../../config/from-env';
import { trailBucketName } from '../../stacks/account-trail';
import { ALERT_RULES } from '../../stacks/policies/baseline-documents';
import { privilegedRoleTrustPolicy } from '../../stacks/policies/documents';
import { addresses, resourceAt } from '../stacks/synthesized';
import { EXAMPLE_ROSTER_TEXT, editedRoster, synthBaseline } from './synth-baseline';

const ACCOUNT = '123456789012';
const tf = synthBaseline();

/** Addresses are the contract with Terraform state; changing one recreates the resource. */
const EXAMPLE_ADDRESSES = [
  'aws_accessanalyzer_analyzer.access-analyzer',
  'aws_account_alternate_contact.security-contact',
  'aws_cloudtrail.trail',
  'aws_cloudwatch_event_rule.alert-console-sign-in-without-mfa',
  'aws_cloudwatch_event_rule.alert-root-api-use',
  'aws_cloudwatch_event_rule.alert-root-console-sign-in',
  'aws_cloudwatch_event_target.alert-console-sign-in-without-mfa-target',
  'aws_cloudwatch_event_target.alert-root-api-use-target',
  'aws_cloudwatch_event_target.alert-root-console-sign-in-target',
  'aws_iam_account_alias.account-alias',
  'aws_iam_group_policy.group-admins-assume-aws-support',
  'aws_iam_role.role-aws-support',
  'aws_iam_role_policy_attachment.role-aws-support-AWSSupportAccess',
  'aws_s3_bucket.trail-bucket',
  'aws_s3_bucket_ownership_controls.trail-bucket-ownership',
  'aws_s3_bucket_policy.trail-bucket-policy',
  'aws_s3_bucket_public_access_block.trail-bucket-public-access',
  'aws_s3_bucket_server_side_encryption_configuration.trail-bucket-encryption',
  'aws_s3_bucket_versioning.trail-bucket-versioning',
  'aws_sns_topic.security-alerts-topic',
  'aws_sns_topic_policy.security-alerts-topic-policy',
  'aws_sns_topic_subscription.security-alerts-email',
];

/** Terraform turns $${ into ${ before IAM sees a policy. */
function policyOf(json: string): any {
  return JSON.parse(json.replace(/\$\$\{/g, '${'));
}

describe('baseline stack of the example roster', () => {
  test('produces exactly the listed resource addresses', () => {
    expect(addresses(tf)).toEqual(EXAMPLE_ADDRESSES);
  });

  test('runs in us-east-1, where console sign-in events arrive, and only in the roster account', () => {
    expect(tf.provider.aws[0].region).toBe('us-east-1');
    const online = synthBaseline(EXAMPLE_ROSTER_TEXT, false);
    expect(online.provider.aws[0].allowed_account_ids).toEqual([ACCOUNT]);
  });

  test('sets the SECURITY alternate contact to the roster security contact', () => {
    expect(resourceAt(tf, 'aws_account_alternate_contact.security-contact')).toMatchObject({
      alternate_contact_type: 'SECURITY',
      name: 'Security Team',
      title: 'Security',
      email_address: 'security-alerts@example.com',
      phone_number: '+1 555 0100',
    });
  });

  test('e-mails alerts to the distribution list through one SNS topic', () => {
    expect(resourceAt(tf, 'aws_sns_topic.security-alerts-topic').name).toBe('security-alerts');
    expect(resourceAt(tf, 'aws_sns_topic_subscription.security-alerts-email')).toMatchObject({
      protocol: 'email',
      endpoint: 'security-alerts@example.com',
      topic_arn: '${aws_sns_topic.security-alerts-topic.arn}',
    });
  });

  test('lets only EventBridge rules of this account publish to the alert topic', () => {
    const policy = JSON.parse(resourceAt(tf, 'aws_sns_topic_policy.security-alerts-topic-policy').policy);
    expect(policy.Statement).toEqual([
      expect.objectContaining({
        Effect: 'Allow',
        Principal: { Service: 'events.amazonaws.com' },
        Action: 'sns:Publish',
        Resource: '${aws_sns_topic.security-alerts-topic.arn}',
        Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } },
      }),
    ]);
  });

  test('alerts on root console sign-in, root API use and console sign-in without MFA, each targeting the topic', () => {
    const patterns = Object.fromEntries(
      Object.values(tf.resource.aws_cloudwatch_event_rule).map((rule) => [rule.name, JSON.parse(rule.event_pattern)]),
    );
    expect(patterns['security-alert-root-console-sign-in']).toEqual({
      source: ['aws.signin'],
      'detail-type': ['AWS Console Sign In via CloudTrail'],
      detail: { userIdentity: { type: ['Root'] } },
    });
    expect(patterns['security-alert-root-api-use'].detail.userIdentity).toEqual({ type: ['Root'], invokedBy: [{ exists: false }] });
    expect(patterns['security-alert-root-api-use']['detail-type']).toEqual(['AWS API Call via CloudTrail']);
    expect(patterns['security-alert-console-sign-in-without-mfa'].detail).toEqual({
      userIdentity: { type: ['IAMUser'] },
      responseElements: { ConsoleLogin: ['Success'] },
      additionalEventData: { MFAUsed: [{ 'anything-but': 'Yes' }] },
    });
    for (const def of ALERT_RULES) {
      // state is computed: unless the stack sets it, a deploy keeps a rule disabled by hand.
      expect(resourceAt(tf, `aws_cloudwatch_event_rule.alert-${def.key}`).state).toBe('ENABLED');
      const target = resourceAt(tf, `aws_cloudwatch_event_target.alert-${def.key}-target`);
      expect(target.arn).toBe('${aws_sns_topic.security-alerts-topic.arn}');
      expect(target.rule).toBe(`\${aws_cloudwatch_event_rule.alert-${def.key}.name}`);
      // Every <placeholder> of the message has an input path, or the e-mail would show it literally.
      const placeholders = [...def.message.matchAll(/<(\w+)>/g)].map((m) => m[1]).sort();
      expect(Object.keys(target.input_transformer.input_paths).sort()).toEqual(placeholders);
    }
  });

  test('records every region in a trail with log file validation', () => {
    expect(resourceAt(tf, 'aws_cloudtrail.trail')).toMatchObject({
      name: 'account-trail',
      is_multi_region_trail: true,
      include_global_service_events: true,
      enable_log_file_validation: true,
      s3_bucket_name: '${aws_s3_bucket.trail-bucket.id}',
      depends_on: ['aws_s3_bucket_policy.trail-bucket-policy'],
    });
  });

  test('keeps trail logs in a private, encrypted, versioned bucket that only this trail writes to, over TLS', () => {
    expect(resourceAt(tf, 'aws_s3_bucket.trail-bucket').bucket).toBe(trailBucketName(ACCOUNT));
    expect(resourceAt(tf, 'aws_s3_bucket_public_access_block.trail-bucket-public-access')).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(resourceAt(tf, 'aws_s3_bucket_versioning.trail-bucket-versioning').versioning_configuration.status).toBe('Enabled');
    expect(resourceAt(tf, 'aws_s3_bucket_server_side_encryption_configuration.trail-bucket-encryption').rule[0].apply_server_side_encryption_by_default.sse_algorithm).toBe(
      'AES256',
    );
    const statements = JSON.parse(resourceAt(tf, 'aws_s3_bucket_policy.trail-bucket-policy').policy).Statement;
    const trailArn = `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/account-trail`;
    expect(statements.find((s: any) => s.Sid === 'AWSCloudTrailWrite')).toMatchObject({
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 's3:PutObject',
      Resource: `\${aws_s3_bucket.trail-bucket.arn}/AWSLogs/${ACCOUNT}/*`,
      Condition: { StringEquals: { 'aws:SourceArn': trailArn, 's3:x-amz-acl': 'bucket-owner-full-control' } },
    });
    expect(statements.find((s: any) => s.Sid === 'AWSCloudTrailAclCheck').Condition).toEqual({ StringEquals: { 'aws:SourceArn': trailArn } });
    expect(statements.find((s: any) => s.Sid === 'DenyInsecureTransport')).toMatchObject({
      Effect: 'Deny',
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    });
  });

  test('enables IAM Access Analyzer for external access to the account', () => {
    expect(resourceAt(tf, 'aws_accessanalyzer_analyzer.access-analyzer')).toMatchObject({ analyzer_name: 'account-external-access', type: 'ACCOUNT' });
  });

  test('gives the admin group, and only it, the MFA-gated support role with AWSSupportAccess', () => {
    const role = resourceAt(tf, 'aws_iam_role.role-aws-support');
    expect(role).toMatchObject({ name: 'aws-support', path: ROLE_PATH, max_session_duration: 3600 });
    expect(policyOf(role.assume_role_policy)).toEqual(privilegedRoleTrustPolicy({ accountId: ACCOUNT }, 3600));
    expect(resourceAt(tf, 'aws_iam_role_policy_attachment.role-aws-support-AWSSupportAccess').policy_arn).toBe('arn:aws:iam::aws:policy/AWSSupportAccess');
    const grant = resourceAt(tf, 'aws_iam_group_policy.group-admins-assume-aws-support');
    expect(grant.group).toBe(ADMIN_GROUP_NAME);
    expect(JSON.parse(grant.policy).Statement).toEqual([
      { Sid: 'AssumeThisRoleOnly', Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '${aws_iam_role.role-aws-support.arn}' },
    ]);
  });

  test('sets the account alias from the roster', () => {
    expect(resourceAt(tf, 'aws_iam_account_alias.account-alias').account_alias).toBe('example-corp-identity');
  });
});

describe('baseline stack of a roster without optional settings', () => {
  const bare = synthBaseline(
    editedRoster((doc) => {
      delete doc.settings.securityContact;
      delete doc.settings.accountAlias;
    }),
  );

  test('leaves out the contact, the alerts and the alias but keeps the trail, Access Analyzer and the support role', () => {
    const types = Object.keys(bare.resource);
    for (const absent of ['aws_account_alternate_contact', 'aws_sns_topic', 'aws_sns_topic_subscription', 'aws_cloudwatch_event_rule', 'aws_iam_account_alias']) {
      expect(types).not.toContain(absent);
    }
    expect(addresses(bare)).toEqual(
      expect.arrayContaining(['aws_cloudtrail.trail', 'aws_accessanalyzer_analyzer.access-analyzer', 'aws_iam_role.role-aws-support']),
    );
    expect(bare.output.security_alerts_topic_arn).toBeUndefined();
  });
});

describe('the Access Analyzer switch', () => {
  test('accessAnalyzer: false leaves out the analyzer and nothing else', () => {
    const without = synthBaseline(EXAMPLE_ROSTER_TEXT, true, { accessAnalyzer: false });
    expect(addresses(without)).toEqual(EXAMPLE_ADDRESSES.filter((a) => a !== 'aws_accessanalyzer_analyzer.access-analyzer'));
  });

  test('only IAM_ROSTER_ACCESS_ANALYZER=off turns it off', () => {
    expect(accessAnalyzerFromEnv({})).toBe(true);
    expect(accessAnalyzerFromEnv({ IAM_ROSTER_ACCESS_ANALYZER: '0' })).toBe(true);
    expect(accessAnalyzerFromEnv({ IAM_ROSTER_ACCESS_ANALYZER: 'off' })).toBe(false);
  });
});
