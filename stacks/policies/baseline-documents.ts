/**
 * Policy documents and event patterns of the account baseline, as plain data
 * (no cdktf import) so tests and tools read exactly what the stack deploys.
 */
import type { PolicyDocument, PolicyStatement } from './documents';

/** Deny every request to a bucket or its objects that does not use TLS (state and trail buckets alike). */
export function denyInsecureTransport(bucketArn: string): PolicyStatement {
  return {
    Sid: 'DenyInsecureTransport',
    Effect: 'Deny',
    Principal: { AWS: '*' },
    Action: 's3:*',
    Resource: [bucketArn, `${bucketArn}/*`],
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  };
}

/** Lets EventBridge publish to the alert topic, only for this account's rules. */
export function alertTopicPolicy(topicArn: string, accountId: string): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AllowEventBridgeRulesOfThisAccount',
        Effect: 'Allow',
        Principal: { Service: 'events.amazonaws.com' },
        Action: 'sns:Publish',
        Resource: topicArn,
        Condition: { StringEquals: { 'aws:SourceAccount': accountId } },
      },
    ],
  };
}

/**
 * The trail bucket's policy: CloudTrail (this trail only) may check the ACL
 * and write under AWSLogs/<account>/; nobody may use it without TLS.
 */
export function trailBucketPolicy(bucketArn: string, trailArn: string, accountId: string): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AWSCloudTrailAclCheck',
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 's3:GetBucketAcl',
        Resource: bucketArn,
        Condition: { StringEquals: { 'aws:SourceArn': trailArn } },
      },
      {
        Sid: 'AWSCloudTrailWrite',
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: `${bucketArn}/AWSLogs/${accountId}/*`,
        Condition: { StringEquals: { 'aws:SourceArn': trailArn, 's3:x-amz-acl': 'bucket-owner-full-control' } },
      },
      denyInsecureTransport(bucketArn),
    ],
  };
}

/** An EventBridge event pattern (JSON object). */
export type EventPattern = Record<string, unknown>;

export interface AlertRuleDefinition {
  /** Rule name suffix and address key. */
  readonly key: string;
  readonly description: string;
  readonly pattern: EventPattern;
  /** One-line text of the alert e-mail; <name> placeholders come from the event. */
  readonly message: string;
}

const CONSOLE_SIGN_IN = 'AWS Console Sign In via CloudTrail';
const API_CALL = 'AWS API Call via CloudTrail';

/**
 * What the security list is alerted on. Sign-in events are delivered only in
 * us-east-1, and API events only when a trail records them.
 */
export const ALERT_RULES: readonly AlertRuleDefinition[] = [
  {
    key: 'root-console-sign-in',
    description: 'Root user signed in to the console',
    pattern: { source: ['aws.signin'], 'detail-type': [CONSOLE_SIGN_IN], detail: { userIdentity: { type: ['Root'] } } },
    message: 'Root user console sign-in to account <account> from <ip> at <time> (MFA used: <mfa>). Confirm who did this.',
  },
  {
    key: 'root-api-use',
    // CIS 4.3 (3.3 in CIS v1.2): calls made by root itself, not by AWS services acting for it.
    description: 'Root user called an AWS API',
    pattern: {
      'detail-type': [API_CALL],
      detail: { userIdentity: { type: ['Root'], invokedBy: [{ exists: false }] }, eventType: [{ 'anything-but': 'AwsServiceEvent' }] },
    },
    message: 'Root user called <event> in account <account> from <ip> at <time>. Confirm who did this.',
  },
  {
    key: 'console-sign-in-without-mfa',
    description: 'IAM user signed in to the console without MFA',
    pattern: {
      source: ['aws.signin'],
      'detail-type': [CONSOLE_SIGN_IN],
      detail: {
        userIdentity: { type: ['IAMUser'] },
        responseElements: { ConsoleLogin: ['Success'] },
        additionalEventData: { MFAUsed: [{ 'anything-but': 'Yes' }] },
      },
    },
    message: 'User <user> signed in to account <account> without MFA from <ip> at <time>. Have them enrol MFA.',
  },
];

/** Event fields the alert messages use. */
export const ALERT_INPUT_PATHS: Readonly<Record<string, string>> = {
  account: '$.account',
  time: '$.time',
  ip: '$.detail.sourceIPAddress',
  event: '$.detail.eventName',
  user: '$.detail.userIdentity.userName',
  mfa: '$.detail.additionalEventData.MFAUsed',
};
