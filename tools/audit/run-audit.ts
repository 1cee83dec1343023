/** The audit: read the account, compare it with the roster, return findings. */
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { ROLE_PATH, type Roster } from '../../roster/model';
import { endpointFor, iamClient, organizationsClient, stsClient } from '../aws/clients';
import { checkAdminWildcards, checkRolesOutsideRoster } from './access-outside-roster';
import type { AuditContext } from './audit-context';
import { type IamRoleDetails, type IamUserDetails, fetchGroupsAndPolicies, fetchRoleDetails, fetchUserDetails } from './authorization-details';
import { checkBaseline } from './baseline-checks';
import { type CredentialCheckOptions, checkCredentialReport } from './credential-checks';
import { type CredentialReportRow, type FetchReportOptions, fetchCredentialReport } from './credential-report';
import { checkDrift } from './drift';
import { AuditError, ORGANIZATION_AUDIT_PERMISSIONS, describeAwsError } from './errors';
import { type Finding, sortFindings } from './findings';
import { checkIdentityObjects } from './identity-objects';
import { auditMemberAccounts } from './member-accounts';
import { accountsOutsideOrganization, checkOrganization, fetchOrganization } from './organization';
import { checkPasswordPolicy, fetchPasswordPolicy } from './password-policy-check';
import { checkPersonKeys } from './person-keys';
import { checkRoles } from './role-checks';

export interface AuditOptions extends Omit<CredentialCheckOptions, 'now'> {
  readonly roster: Roster;
  /** The time findings are judged against - default now. */
  readonly now?: Date;
  /** Environment with the standard AWS variables (tools/aws/clients.ts) - default process.env. */
  readonly env?: NodeJS.ProcessEnv;
  /** Progress of the credential report generation. */
  readonly onProgress?: FetchReportOptions['onProgress'];
  /** Longest delay between credential report polls - default 2000 ms (the first comes after 250 ms). */
  readonly pollIntervalMs?: number;
  /** Whether the target has Access Analyzer - default true; false on the emulator, which lacks it. */
  readonly accessAnalyzer?: boolean;
  /**
   * Audit the organization (where the credentials may list it) and each member account of the roster
   * too, through these roles - default: the identity account only.
   */
  readonly memberAccounts?: {
    /** Assumed in each member account to read it (config.memberAuditRole). */
    readonly auditRole: string;
    /** The member stacks' deploy role (config.memberDeployRole), which trusts the identity account by design - default none. */
    readonly deployRole?: string;
  };
}

export interface AuditResult {
  readonly accountId: string;
  readonly auditedAt: Date;
  /** When AWS generated the credential report (it may be up to 4 hours old). */
  readonly reportGeneratedAt?: Date;
  readonly userCount: number;
  readonly findings: readonly Finding[];
  /** The credential report's rows, root's included where AWS writes it (the emulator does not). */
  readonly report: readonly CredentialReportRow[];
  /** Every IAM user with groups, policies and tags. */
  readonly users: readonly IamUserDetails[];
  /** Every IAM role with trust policy and policies. */
  readonly roles: readonly IamRoleDetails[];
}

async function step<T>(name: string, endpoint: string | undefined, run: () => Promise<T>, permissions?: readonly string[]): Promise<T> {
  try {
    return await run();
  } catch (err) {
    throw describeAwsError(err, name, endpoint, permissions);
  }
}

export async function runAudit(options: AuditOptions): Promise<AuditResult> {
  const env = options.env ?? process.env;
  const iam = iamClient(env);
  const iamEndpoint = endpointFor(env, 'IAM');
  const identity = await step('sts:GetCallerIdentity', endpointFor(env, 'STS'), () => stsClient(env).send(new GetCallerIdentityCommand({})));
  const expected = options.roster.settings.accountId;
  if (identity.Account !== expected) {
    throw new AuditError(`the credentials are for account ${identity.Account}, but ${options.roster.file} governs account ${expected}`);
  }
  // Independent reads, made at once: the audit's time is round trips (and the report's generation).
  const members = options.memberAccounts;
  const [report, users, roles, { groups, others }, passwordPolicy, organization] = await Promise.all([
    step('iam:GenerateCredentialReport', iamEndpoint, () => fetchCredentialReport(iam, { onProgress: options.onProgress, pollIntervalMs: options.pollIntervalMs })),
    step('iam:GetAccountAuthorizationDetails', iamEndpoint, () => fetchUserDetails(iam)),
    step('iam:GetAccountAuthorizationDetails (roles)', iamEndpoint, () => fetchRoleDetails(iam, ROLE_PATH)),
    step('iam:GetAccountAuthorizationDetails (groups and policies)', iamEndpoint, () => fetchGroupsAndPolicies(iam)),
    step('iam:GetAccountPasswordPolicy', iamEndpoint, () => fetchPasswordPolicy(iam)),
    members
      ? step('organizations:ListAccounts', endpointFor(env, 'ORGANIZATIONS'), () => fetchOrganization(organizationsClient(env), expected), [...ORGANIZATION_AUDIT_PERMISSIONS])
      : Promise.resolve(undefined),
  ]);
  const { settings } = options.roster;
  const now = options.now ?? new Date();
  const context: AuditContext = {
    roster: options.roster,
    accountId: expected,
    now,
    env,
    iam,
    accessAnalyzer: options.accessAnalyzer ?? true,
    report: report.rows,
    users,
    roles,
    groups,
    others,
    step: (name, run, endpoint = iamEndpoint) => step(name, endpoint, run),
  };
  const people = new Set(options.roster.people.map((p) => p.username.toLowerCase()));
  const findings = [
    ...checkCredentialReport(report.rows, {
      now,
      rootWindowDays: options.rootWindowDays,
      unusedDays: options.unusedDays,
      keyMaxAgeDays: options.keyMaxAgeDays,
      mfaGraceDays: options.mfaGraceDays,
      hasMfaGrace: (user) => people.has(user.toLowerCase()),
    }),
    ...checkDrift(options.roster, users, report.rows),
    ...checkPersonKeys(options.roster, report.rows),
    ...checkRoles(options.roster, { accountId: expected, mfaMaxAgeSeconds: settings.mfaMaxAgeSeconds }, roles),
    ...checkPasswordPolicy(settings.passwordPolicy, passwordPolicy),
    ...checkRolesOutsideRoster(options.roster, roles),
    ...checkAdminWildcards({ users, roles, others }),
    ...checkIdentityObjects(context),
    ...(await checkBaseline(context)),
    ...(organization ? checkOrganization(options.roster, organization) : []),
    ...(members
      ? await auditMemberAccounts(options.roster, env, { ...members, accessAnalyzer: context.accessAnalyzer, skip: new Set(accountsOutsideOrganization(options.roster, organization).map((a) => a.name)) })
      : []),
  ];
  return {
    accountId: expected,
    auditedAt: now,
    reportGeneratedAt: report.generatedAt,
    userCount: users.length,
    findings: sortFindings(findings),
    report: report.rows,
    users,
    roles,
  };
}

