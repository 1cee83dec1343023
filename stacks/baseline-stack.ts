import { AccessanalyzerAnalyzer } from '@cdktf/provider-aws/lib/accessanalyzer-analyzer';
import { IamAccountAlias } from '@cdktf/provider-aws/lib/iam-account-alias';
import { TerraformOutput } from 'cdktf';
import { LiteralStack } from './terraform-literals';
import type { Construct } from 'constructs';
import type { Roster } from '../roster/model';
import { AccountTrail } from './account-trail';
import { type AwsTargetProps, awsProvider } from './aws-provider';
import { configureState, type StateProps } from './backend';
import { ACCESS_ANALYZER_NAME, BASELINE_REGION } from './baseline-names';
import { flatId } from './flat-id';
import { SecurityAlerts } from './security-alerts';
import { SecurityContact } from './security-contact';
import { SupportRole } from './support-role';

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

    if (settings.securityContact) {
      new SecurityContact(this, 'security-contact', { contact: settings.securityContact });
      this.alerts = new SecurityAlerts(this, 'security-alerts', { accountId: settings.accountId, email: settings.securityContact.email });
      new TerraformOutput(this, 'security_alerts_topic_arn', { description: 'SNS topic that e-mails security alerts', value: this.alerts.topic.arn });
    }
    this.trail = new AccountTrail(this, 'trail', { accountId: settings.accountId });
    if (props.accessAnalyzer ?? true) {
      flatId(new AccessanalyzerAnalyzer(this, 'access-analyzer', { analyzerName: ACCESS_ANALYZER_NAME, type: 'ACCOUNT' }), 'access-analyzer');
    }
    const support = new SupportRole(this, 'support-role', { accountId: settings.accountId, mfaMaxAgeSeconds: settings.mfaMaxAgeSeconds });
    if (settings.accountAlias) {
      flatId(new IamAccountAlias(this, 'account-alias', { accountAlias: settings.accountAlias }), 'account-alias');
    }
    new TerraformOutput(this, 'support_role_arn', { description: 'Role admins assume (with MFA) to open AWS Support cases', value: support.role.arn });
  }
}
