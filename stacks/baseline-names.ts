/**
 * The names and the region the baseline stack gives its account-level resources, as plain
 * data with no cdktf or provider import, so the audit reads exactly what the stack deploys
 * without loading the provider.
 */

/** Where the baseline lives: console sign-in events for the whole account are delivered to us-east-1 only. */
export const BASELINE_REGION = 'us-east-1';
/** The account's IAM Access Analyzer (type ACCOUNT). */
export const ACCESS_ANALYZER_NAME = 'account-external-access';
/** The SNS topic that carries security alerts. */
export const ALERT_TOPIC_NAME = 'security-alerts';
/** Prefix of every alert rule's name; the rest is the rule's key in ALERT_RULES. */
export const ALERT_RULE_PREFIX = 'security-alert-';
/** The multi-region trail the root-API alert depends on. */
export const TRAIL_NAME = 'account-trail';

/** The trail's bucket name: fixed per account, so it is predictable and globally unique. */
export function trailBucketName(accountId: string): string {
  return `iam-roster-cloudtrail-${accountId}`;
}

/** An alert rule's EventBridge name, from its key in ALERT_RULES. */
export function alertRuleName(key: string): string {
  return `${ALERT_RULE_PREFIX}${key}`;
}

/** The alert topic's ARN in an account. */
export function alertTopicArn(accountId: string, partition = 'aws'): string {
  return `arn:${partition}:sns:${BASELINE_REGION}:${accountId}:${ALERT_TOPIC_NAME}`;
}
