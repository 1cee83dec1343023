/** Turn SDK and network failures into one line a person can act on. */
import { AUDIT_BASELINE_READS } from '../../stacks/policies/ci-roles';

/** An error that ends the audit with exit code 2 and this message. */
export class AuditError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuditError';
  }
}

/** Every action the audit calls; the minimum policy it needs (the CI audit role's policy allows each). */
export const AUDIT_PERMISSIONS = [
  'sts:GetCallerIdentity',
  'iam:GenerateCredentialReport',
  'iam:GetCredentialReport',
  'iam:GetAccountAuthorizationDetails',
  'iam:ListRoles',
  'iam:GetAccountPasswordPolicy',
  'iam:ListAccountAliases',
  ...AUDIT_BASELINE_READS,
] as const;

/** In the identity account, beside those, when the roster names member accounts or the organization is read. */
export const ORGANIZATION_AUDIT_PERMISSIONS = [
  // A denial is an info finding, not an error: only the management account or a delegated administrator may list.
  'organizations:ListAccounts',
  // On the audit role in each member account (IAM_ROSTER_MEMBER_AUDIT_ROLE).
  'sts:AssumeRole',
] as const;

/** Every action the audit calls in a member account: what its audit role there must allow. */
export { MEMBER_AUDIT_READS as MEMBER_AUDIT_PERMISSIONS } from '../../stacks/policies/member-audit-reads';

interface SdkLikeError {
  name?: string;
  code?: string;
  message?: string;
  errors?: SdkLikeError[];
  cause?: SdkLikeError;
  $metadata?: { httpStatusCode?: number };
}

const NETWORK_CODES = ['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH', 'EAI_AGAIN'];

function networkCode(err: SdkLikeError | undefined, depth = 0): string | undefined {
  if (!err || depth > 4) return undefined;
  if (err.code && NETWORK_CODES.includes(err.code)) return err.code;
  for (const inner of err.errors ?? []) {
    const code = networkCode(inner, depth + 1);
    if (code) return code;
  }
  return networkCode(err.cause, depth + 1);
}

/** Describe a failure of `step` (such as "iam:GenerateCredentialReport") in one line; `permissions`: what a denial says the audit needs there. */
export function describeAwsError(err: unknown, step: string, endpoint: string | undefined, permissions: readonly string[] = AUDIT_PERMISSIONS): AuditError {
  if (err instanceof AuditError) return err;
  const e = (err ?? {}) as SdkLikeError;
  const where = endpoint ? `AWS at ${endpoint}` : 'AWS';
  const code = networkCode(e);
  if (code) return new AuditError(`cannot reach ${where} (${code}) during ${step}; is the endpoint up${endpoint ? ' (the local emulator: npm run emulator -- start)' : ''}?`);
  if (e.name === 'TimeoutError' || e.name === 'RequestTimeout') return new AuditError(`${where} did not answer during ${step} (timeout)`);
  if (e.name === 'CredentialsProviderError' || /could not load credentials/i.test(e.message ?? '')) {
    return new AuditError('no AWS credentials: set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or assume the audit role');
  }
  if (['InvalidClientTokenId', 'ExpiredToken', 'ExpiredTokenException', 'SignatureDoesNotMatch', 'UnrecognizedClientException'].includes(e.name ?? '')) {
    return new AuditError(`AWS rejected the credentials (${e.name}): refresh them (aws sso login, or a new session) and try again`);
  }
  if (e.name === 'AccessDenied' || e.name === 'AccessDeniedException' || e.$metadata?.httpStatusCode === 403) {
    return new AuditError(`permission denied for ${step}: the audit needs ${permissions.join(', ')}`);
  }
  const status = notAnAwsResponse(err);
  if (status !== undefined) return new AuditError(`${step} failed: ${where} answered HTTP ${status} with a body that is not an AWS response; does it implement this API?`);
  const message = (e.message ?? String(err)).split('\n')[0];
  return new AuditError(`${step} failed: ${e.name && e.name !== 'Error' ? `${e.name}: ` : ''}${message}`);
}

/**
 * The HTTP status of an answer the SDK could not read as AWS's (an HTML error page: an endpoint
 * without this API, such as the local emulator for Access Analyzer); undefined for any other error.
 */
export function notAnAwsResponse(err: unknown): number | undefined {
  const e = (err ?? {}) as SdkLikeError;
  return e.name === 'SyntaxError' ? e.$metadata?.httpStatusCode : undefined;
}
