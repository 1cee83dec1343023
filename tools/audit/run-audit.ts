/** The audit: read the account, compare it with the roster, return findings. */
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { IAMClient } from '@aws-sdk/client-iam';
import type { Roster } from '../../roster/model';
import { fetchUserDetails } from './authorization-details';
import { type CredentialCheckOptions, checkCredentialReport } from './credential-checks';
import { type FetchReportOptions, fetchCredentialReport } from './credential-report';
import { checkDrift } from './drift';
import { AuditError, describeAwsError } from './errors';
import { type Finding, sortFindings } from './findings';

export interface AuditOptions extends Omit<CredentialCheckOptions, 'now'> {
  readonly roster: Roster;
  /** The time findings are judged against - default now. */
  readonly now?: Date;
  /** Environment with the standard AWS variables - default process.env. */
  readonly env?: NodeJS.ProcessEnv;
  /** Progress of the credential report generation. */
  readonly onProgress?: FetchReportOptions['onProgress'];
  /** Longest delay between credential report polls - default 2000 ms (the first comes after 250 ms). */
  readonly pollIntervalMs?: number;
}

export interface AuditResult {
  readonly accountId: string;
  readonly auditedAt: Date;
  /** When AWS generated the credential report (it may be up to 4 hours old). */
  readonly reportGeneratedAt?: Date;
  readonly userCount: number;
  readonly findings: readonly Finding[];
}

/** Clients from the standard AWS environment (AWS_ENDPOINT_URL, AWS_PROFILE, AWS_REGION...). */
function clients(env: NodeJS.ProcessEnv) {
  const config = {
    region: env.AWS_REGION || env.AWS_DEFAULT_REGION || 'us-east-1',
    ...(env.AWS_ENDPOINT_URL ? { endpoint: env.AWS_ENDPOINT_URL } : {}),
    maxAttempts: 3,
    // Keys in a given environment are used as is; otherwise the SDK's default chain (profiles, SSO, instance roles).
    ...(env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY
      ? { credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY, sessionToken: env.AWS_SESSION_TOKEN || undefined } }
      : {}),
  };
  return { iam: new IAMClient(config), sts: new STSClient(config) };
}

async function step<T>(name: string, endpoint: string | undefined, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    throw describeAwsError(err, name, endpoint);
  }
}

export async function runAudit(options: AuditOptions): Promise<AuditResult> {
  const env = options.env ?? process.env;
  const endpoint = env.AWS_ENDPOINT_URL || undefined;
  const { iam, sts } = clients(env);
  const identity = await step('sts:GetCallerIdentity', endpoint, () => sts.send(new GetCallerIdentityCommand({})));
  const expected = options.roster.settings.accountId;
  if (identity.Account !== expected) {
    throw new AuditError(`the credentials are for account ${identity.Account}, but ${options.roster.file} governs account ${expected}`);
  }
  const report = await step('iam:GenerateCredentialReport', endpoint, () =>
    fetchCredentialReport(iam, { onProgress: options.onProgress, pollIntervalMs: options.pollIntervalMs }),
  );
  const users = await step('iam:GetAccountAuthorizationDetails', endpoint, () => fetchUserDetails(iam));
  const now = options.now ?? new Date();
  const findings = [
    ...checkCredentialReport(report.rows, {
      now,
      rootWindowDays: options.rootWindowDays,
      unusedDays: options.unusedDays,
      keyMaxAgeDays: options.keyMaxAgeDays,
      mfaGraceDays: options.mfaGraceDays,
    }),
    ...checkDrift(options.roster, users, report.rows),
  ];
  return { accountId: expected, auditedAt: now, reportGeneratedAt: report.generatedAt, userCount: users.length, findings: sortFindings(findings) };
}
