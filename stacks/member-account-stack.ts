import { TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import { type GovernedAccount, roleAccounts } from '../roster/accounts';
import { ADMIN_ROLE_NAME, ROLE_PATH, type Roster } from '../roster/model';
import { accountBaseline } from './account-baseline';
import { ADMIN_ROLE_DESCRIPTION, ADMINISTRATOR_ACCESS_ARN } from './admin-group';
import { type AwsTargetProps, awsProvider } from './aws-provider';
import { configureState, type StateProps } from './backend';
import { BASELINE_REGION } from './baseline-names';
import { SUPPORT_ROLE_NAME } from './built-in-names';
import { iamRole } from './iam-role';
import { deployRoleArn } from './member-role-arns';
import { PasswordPolicy } from './password-policy';
import { privilegedRoleTrustPolicy } from './policies/documents';
import { LiteralStack } from './terraform-literals';

export interface MemberAccountStackProps {
  /** The validated roster. */
  readonly roster: Roster;
  /** The member account this stack deploys to (from governedAccounts). */
  readonly account: GovernedAccount;
  /** The role assumed in the account to deploy, a name after an optional path (config.memberDeployRole). */
  readonly deployRole: string;
  /** Plan without reaching AWS - default false. */
  readonly offline?: AwsTargetProps['offline'];
  /** Where state is kept - local state in the project root by default. */
  readonly state?: StateProps;
  /** Create the IAM Access Analyzer - default true (see BaselineStackProps.accessAnalyzer). */
  readonly accessAnalyzer?: boolean;
}

/**
 * One member account: the privileged roles the roster places there (and admin and aws-support
 * unless narrowed away), each trusting only the identity account's people with MFA, as
 * themselves; and the account's baseline and password policy. Never a user or a group: people
 * sign in to the identity account only, and their groups there name these roles by ARN.
 */
export class MemberAccountStack extends LiteralStack {
  /** Each role's ARN, by role name. */
  readonly roleArns: Record<string, string> = {};

  constructor(scope: Construct, id: string, props: MemberAccountStackProps) {
    super(scope, id);
    const { roster, account } = props;
    const { settings } = roster;
    awsProvider(this, { accountId: account.id, offline: props.offline, region: BASELINE_REGION, assumeRoleArn: deployRoleArn(account.id, props.deployRole) });
    configureState(this, id, props.state ?? {});

    const trustPolicy = privilegedRoleTrustPolicy({ accountId: settings.accountId }, settings.mfaMaxAgeSeconds);
    const here = (role: string) => roleAccounts(role, roster).includes(account.name);
    if (here(ADMIN_ROLE_NAME)) {
      const role = iamRole(new Construct(this, 'admin-role'), 'role', {
        name: ADMIN_ROLE_NAME,
        path: ROLE_PATH,
        description: ADMIN_ROLE_DESCRIPTION,
        trustPolicy,
        managedPolicyArns: [ADMINISTRATOR_ACCESS_ARN],
      });
      this.roleArns[ADMIN_ROLE_NAME] = role.arn;
    }
    for (const [roleName, role] of Object.entries(roster.roles)) {
      if (!here(roleName)) continue;
      // A construct per role: iamRole names each attachment construct by policy, and two roles may hold one policy.
      this.roleArns[roleName] = iamRole(new Construct(this, `role-${roleName}`), 'role', {
        name: roleName,
        path: ROLE_PATH,
        description: role.description,
        maxSessionHours: role.maxSessionHours,
        trustPolicy,
        managedPolicyArns: role.managedPolicyArns,
      }).arn;
    }
    new PasswordPolicy(this, 'password-policy', { standard: settings.passwordPolicy });
    const baseline = accountBaseline(this, {
      accountId: account.id,
      identityAccountId: settings.accountId,
      securityContact: settings.securityContact,
      mfaMaxAgeSeconds: settings.mfaMaxAgeSeconds,
      accessAnalyzer: props.accessAnalyzer,
      // The admin group lives in the identity account; its grant there (baseline stack) names this role.
      supportRole: here(SUPPORT_ROLE_NAME) ? { grant: false } : false,
    });
    if (baseline.support) this.roleArns[SUPPORT_ROLE_NAME] = baseline.support.role.arn;
    if (baseline.alerts) {
      new TerraformOutput(this, 'security_alerts_topic_arn', { description: 'SNS topic that e-mails security alerts', value: baseline.alerts.topic.arn });
    }
    new TerraformOutput(this, 'role_arns', { description: `ARN of each privileged role in ${account.name}`, value: this.roleArns });
  }
}
