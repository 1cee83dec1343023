/**
 * The baseline stack's account-level controls (tools/audit/baseline-checks.ts), each read
 * with one call or one paginated list, in the stack's region, and compared with
 * what the stack deploys for the roster. All of it is in Terraform state, so a deploy
 * repairs it, except a subscription only the distribution list can confirm.
 */
import { ALERT_RULE_PREFIX, BASELINE_REGION, TRAIL_NAME } from '../../../stacks/baseline-names';
import { SUPPORT_ROLE_NAME } from '../../../stacks/built-in-names';
import type { RuleSection } from './rule';

export const BASELINE_RULES: RuleSection = {
  key: 'baseline',
  rules: [
    {
      id: 'account-alias-drift',
      severity: 'low',
      deployRepairs: 'yes',
      when: 'the account has no alias, or another one than `settings.accountAlias` (`iam:ListAccountAliases`); people sign in at a URL the roster does not name. Not checked when the roster sets no alias',
    },
    {
      id: 'security-contact-missing',
      severity: 'medium',
      cis: '1.2',
      deployRepairs: 'yes',
      when: 'the account has no SECURITY alternate contact (`account:GetAlternateContact` answers ResourceNotFound): AWS sends security notices to the root address only. Not checked when the roster sets no `settings.securityContact`',
    },
    {
      id: 'security-contact-drift',
      severity: 'medium',
      cis: '1.2',
      deployRepairs: 'yes',
      when: "the SECURITY contact's e-mail address differs from `settings.securityContact.email`: AWS's security notices go elsewhere",
    },
    {
      id: 'security-contact-drift',
      severity: 'low',
      cis: '1.2',
      deployRepairs: 'yes',
      when: "the SECURITY contact's name, title or phone number differs from `settings.securityContact`; one finding per field",
    },
    {
      id: 'access-analyzer-missing',
      severity: 'high',
      cis: '1.20',
      deployRepairs: 'yes',
      when: `no active external-access analyzer (type \`ACCOUNT\` or \`ORGANIZATION\`, status \`ACTIVE\`) in the baseline region, ${BASELINE_REGION} (\`access-analyzer:ListAnalyzers\`): nobody is told when a bucket, key or role is shared outside the account`,
    },
    {
      id: 'access-analyzer-not-checked',
      severity: 'info',
      cis: '1.20',
      deployRepairs: 'no',
      when: 'the target lacks the Access Analyzer API (`IAM_ROSTER_ACCESS_ANALYZER=off`, as on the local emulator), so the analyzer was not read',
    },
    {
      id: 'alert-rule-missing',
      severity: 'medium',
      cis: '4.2, 4.3',
      deployRepairs: 'yes',
      when: `an alert rule of the stack (root console sign-in, root API use, console sign-in without MFA: \`${ALERT_RULE_PREFIX}*\`, from \`events:ListRules\`) does not exist: that activity is no longer e-mailed. Not checked when the roster sets no \`settings.securityContact\``,
    },
    {
      id: 'alert-rule-drift',
      severity: 'medium',
      cis: '4.2, 4.3',
      deployRepairs: 'yes',
      when: 'an alert rule is disabled, its event pattern differs from the stack\'s (compared as JSON, key order ignored), or no target of it (`events:ListTargetsByRule`) is the alert topic; one finding per difference',
    },
    {
      id: 'alert-subscription-missing',
      severity: 'medium',
      cis: '4.2, 4.3',
      deployRepairs: 'yes',
      when: 'the alert topic has no `email` subscription for `settings.securityContact.email` (`sns:ListSubscriptionsByTopic`), or the topic does not exist: alerts reach nobody',
    },
    {
      id: 'alert-subscription-pending',
      severity: 'low',
      cis: '4.2, 4.3',
      deployRepairs: 'no: the distribution list confirms the subscription e-mail',
      when: 'the e-mail subscription exists but is still `PendingConfirmation`: no alert is delivered until the list clicks the link AWS sent',
    },
    {
      id: 'cloudtrail-missing',
      severity: 'high',
      cis: '3.1',
      deployRepairs: 'yes',
      when: `the stack's trail (\`${TRAIL_NAME}\`) does not exist in ${BASELINE_REGION} (\`cloudtrail:DescribeTrails\`): API activity is not recorded and the root-API alert cannot fire`,
    },
    {
      id: 'cloudtrail-not-logging',
      severity: 'high',
      cis: '3.1',
      deployRepairs: 'yes',
      when: 'the trail exists but is not logging (`cloudtrail:GetTrailStatus`: someone called StopLogging)',
    },
    {
      id: 'cloudtrail-drift',
      severity: 'high',
      cis: '3.1',
      deployRepairs: 'yes',
      when: 'the trail is not multi-region, or leaves out global service events (IAM, STS and sign-in)',
    },
    {
      id: 'cloudtrail-drift',
      severity: 'medium',
      cis: '3.2',
      deployRepairs: 'yes',
      when: 'the trail does not validate log files',
    },
    {
      id: 'support-role-missing',
      severity: 'low',
      cis: '1.17',
      deployRepairs: 'yes',
      when: `the support role \`${SUPPORT_ROLE_NAME}\` does not exist (from the role details the role checks read): opening an AWS Support case takes the admin role. The role checks compare it when it exists`,
    },
  ],
};
