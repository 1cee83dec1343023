import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { Construct } from 'constructs';
import { ALERT_TOPIC_NAME, alertRuleName } from './baseline-names';
import { flatId } from './flat-id';
import { MANAGED_BY_TAG } from './managed-by';
import { ALERT_INPUT_PATHS, ALERT_RULES, alertTopicPolicy } from './policies/baseline-documents';
import { policyJson } from './policies/terraform-json';

export interface SecurityAlertsProps {
  readonly accountId: string;
  /** Distribution list that receives the alerts by e-mail (it must confirm the subscription once). */
  readonly email: string;
}

/**
 * Root activity and sign-ins without MFA, e-mailed to the security list:
 * EventBridge rules (in us-east-1, where sign-in events arrive) publishing to one SNS topic.
 */
export class SecurityAlerts extends Construct {
  readonly topic: SnsTopic;
  readonly rules: Record<string, CloudwatchEventRule> = {};

  constructor(scope: Construct, id: string, props: SecurityAlertsProps) {
    super(scope, id);
    // Not KMS-encrypted: EventBridge cannot publish with the AWS-managed SNS key, and alerts carry no secrets.
    this.topic = flatId(new SnsTopic(this, 'topic', { name: ALERT_TOPIC_NAME, tags: { ...MANAGED_BY_TAG } }), 'security-alerts-topic');
    flatId(
      new SnsTopicPolicy(this, 'topic-policy', { arn: this.topic.arn, policy: policyJson(alertTopicPolicy(this.topic.arn, props.accountId)) }),
      'security-alerts-topic-policy',
    );
    flatId(new SnsTopicSubscription(this, 'email', { topicArn: this.topic.arn, protocol: 'email', endpoint: props.email }), 'security-alerts-email');

    for (const def of ALERT_RULES) {
      const key = `alert-${def.key}`;
      const rule = flatId(
        new CloudwatchEventRule(this, key, {
          name: alertRuleName(def.key),
          description: def.description,
          eventPattern: JSON.stringify(def.pattern),
          // Explicit: the attribute is computed, so left out, a deploy would keep a rule someone disabled.
          state: 'ENABLED',
          tags: { ...MANAGED_BY_TAG },
        }),
        key,
      );
      const used = [...def.message.matchAll(/<(\w+)>/g)].map((m) => m[1]);
      flatId(
        new CloudwatchEventTarget(this, `${key}-target`, {
          rule: rule.name,
          targetId: 'security-alerts-topic',
          arn: this.topic.arn,
          inputTransformer: {
            inputPaths: Object.fromEntries(used.map((name) => [name, ALERT_INPUT_PATHS[name]])),
            inputTemplate: JSON.stringify(def.message),
          },
        }),
        `${key}-target`,
      );
      this.rules[def.key] = rule;
    }
  }
}
