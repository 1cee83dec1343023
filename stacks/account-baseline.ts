import { AccessanalyzerAnalyzer } from '@cdktf/provider-aws/lib/accessanalyzer-analyzer';
import type { Construct } from 'constructs';
import type { Settings } from '../roster/schema';
import { AccountTrail } from './account-trail';
import { ACCESS_ANALYZER_NAME } from './baseline-names';
import { flatId } from './flat-id';
import { SecurityAlerts } from './security-alerts';
import { SecurityContact } from './security-contact';
import { SupportRole } from './support-role';

export interface AccountBaselineProps {
  /** The account the controls are for. */
  readonly accountId: string;
  /** The identity account, whose people may assume the support role. */
  readonly identityAccountId: string;
  /** settings.securityContact - none: no SECURITY contact and no alerts. */
  readonly securityContact?: Settings['securityContact'];
  /** Longest time since MFA sign-in for which the support role may be assumed. */
  readonly mfaMaxAgeSeconds: number;
  /** Create the IAM Access Analyzer - default true (see BaselineStackProps.accessAnalyzer). */
  readonly accessAnalyzer?: boolean;
  /** The support role, and whether this account's stack grants it to the admin group - default: the role, granted here. */
  readonly supportRole?: false | { readonly grant: boolean; readonly memberAccountArns?: readonly string[] };
}

export interface AccountBaseline {
  readonly alerts?: SecurityAlerts;
  readonly trail: AccountTrail;
  readonly support?: SupportRole;
}

/**
 * The account-wide controls every governed account gets, in the scope given (a stack), so that
 * the identity account's baseline stack and each member account's stack make the same resources
 * at the same addresses: SECURITY contact, alerts on root activity and sign-ins without MFA,
 * the trail those alerts need, Access Analyzer and the support role.
 */
export function accountBaseline(scope: Construct, props: AccountBaselineProps): AccountBaseline {
  let alerts: SecurityAlerts | undefined;
  if (props.securityContact) {
    new SecurityContact(scope, 'security-contact', { contact: props.securityContact });
    alerts = new SecurityAlerts(scope, 'security-alerts', { accountId: props.accountId, email: props.securityContact.email });
  }
  const trail = new AccountTrail(scope, 'trail', { accountId: props.accountId });
  if (props.accessAnalyzer ?? true) {
    flatId(new AccessanalyzerAnalyzer(scope, 'access-analyzer', { analyzerName: ACCESS_ANALYZER_NAME, type: 'ACCOUNT' }), 'access-analyzer');
  }
  const supportRole = props.supportRole ?? { grant: true };
  const support = supportRole
    ? new SupportRole(scope, 'support-role', {
        accountId: props.identityAccountId,
        mfaMaxAgeSeconds: props.mfaMaxAgeSeconds,
        grant: supportRole.grant,
        memberAccountArns: supportRole.memberAccountArns,
      })
    : undefined;
  return { ...(alerts ? { alerts } : {}), trail, ...(support ? { support } : {}) };
}
