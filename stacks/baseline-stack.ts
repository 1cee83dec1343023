import { IamAccountAlias } from '@cdktf/provider-aws/lib/iam-account-alias';
import { TerraformOutput } from 'cdktf';
import { LiteralStack } from './terraform-literals';
import type { Construct } from 'constructs';
import type { Roster } from '../roster/model';
import { accountBaseline } from './account-baseline';
import type { AccountTrail } from './account-trail';
import { type AwsTargetProps, awsProvider } from './aws-provider';
import { configureState, type StateProps } from './backend';
import { BASELINE_REGION } from './baseline-names';
import { memberRoleArns } from './member-role-arns';
import { flatId } from './flat-id';
import type { SecurityAlerts } from './security-alerts';
import { SUPPORT_ROLE_NAME, type SupportRole } from './support-role';

export interface BaselineStackProps {
  /** The validated roster; its settings drive the baseline. */
  readonly roster: Roster;
  /** Plan without reaching AWS - default false. */
  readonly offline?: AwsTargetProps['offline'];
  /** Where state is kept - local state in the project root by default. */
  readonly state?: StateProps;
  /**
   * Create the IAM Access Analyzer - default true. false only for targets that
   * lack its API (the local emulator answers HTTP 500 and Terraform retries for minutes).
   */
  readonly accessAnalyzer?: boolean;
}

/**
 * The account-wide controls around the people: security contact, alerts on
 * root activity and sign-ins without MFA, the trail those alerts need, Access
 * Analyzer, a support role and the account alias. Without settings.securityContact
 * the contact and the alerts are left out.
 */
export class BaselineStack extends LiteralStack {
  readonly alerts?: SecurityAlerts;
  readonly trail: AccountTrail;

  constructor(scope: Construct, id: string, props: BaselineStackProps) {
    super(scope, id);
    const { settings } = props.roster;
    awsProvider(this, { accountId: settings.accountId, offline: props.offline, region: BASELINE_REGION });
    configureState(this, id, props.state ?? {});

    // The identity account's support-role grant also names the role in each member account that has one.
    const memberAccountArns = memberRoleArns(props.roster, SUPPORT_ROLE_NAME);
    const baseline = accountBaseline(this, {
      accountId: settings.accountId,
      identityAccountId: settings.accountId,
      securityContact: settings.securityContact,
      mfaMaxAgeSeconds: settings.mfaMaxAgeSeconds,
      accessAnalyzer: props.accessAnalyzer,
      supportRole: { grant: true, memberAccountArns },
    });
    this.alerts = baseline.alerts;
    this.trail = baseline.trail;
    if (this.alerts) {
      new TerraformOutput(this, 'security_alerts_topic_arn', { description: 'SNS topic that e-mails security alerts', value: this.alerts.topic.arn });
    }
    const support = baseline.support as SupportRole;
    if (settings.accountAlias) {
      flatId(new IamAccountAlias(this, 'account-alias', { accountAlias: settings.accountAlias }), 'account-alias');
    }
    new TerraformOutput(this, 'support_role_arn', { description: 'Role admins assume (with MFA) to open AWS Support cases', value: support.role.arn });
  }
}
