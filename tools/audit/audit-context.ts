/** What every group of checks gets: the roster, the account read once in bulk, and a way to make more calls. */
import type { IAMClient } from '@aws-sdk/client-iam';
import type { Roster } from '../../roster/model';
import type { IamGroupDetails, IamRoleDetails, IamUserDetails, OwnedPolicyDocument } from './authorization-details';
import type { CredentialReportRow } from './credential-report';

export interface AuditContext {
  readonly roster: Roster;
  /** The account the roster governs, checked against the credentials. */
  readonly accountId: string;
  /** The time findings are judged against. */
  readonly now: Date;
  /** Standard AWS environment for more clients (tools/aws/clients.ts). */
  readonly env: NodeJS.ProcessEnv;
  readonly iam: IAMClient;
  /** Whether the target has Access Analyzer (IAM_ROSTER_ACCESS_ANALYZER; off on the emulator). */
  readonly accessAnalyzer: boolean;
  readonly report: readonly CredentialReportRow[];
  readonly users: readonly IamUserDetails[];
  readonly roles: readonly IamRoleDetails[];
  readonly groups: readonly IamGroupDetails[];
  readonly others: readonly OwnedPolicyDocument[];
  /** Run one AWS call, turning a failure into an AuditError that names the call. */
  step<T>(name: string, run: () => Promise<T>, endpoint?: string): Promise<T>;
}
