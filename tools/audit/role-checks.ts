/**
 * The roles the stacks own (the admin role, every roster role, the support
 * role) compared with what the stacks synthesize: trust policy, policies,
 * maximum session and path. All of them are in Terraform state, so a deploy repairs them.
 */
import { ADMIN_ROLE_NAME, ROLE_PATH, type Roster } from '../../roster/model';
import { IDENTITY_ACCOUNT } from '../../roster/schema';
import { ADMINISTRATOR_ACCESS_ARN } from '../../stacks/addresses';
import { AWS_SUPPORT_ACCESS_ARN, SUPPORT_ROLE_NAME } from '../../stacks/built-in-names';
import { type PolicyDocument, privilegedRoleTrustPolicy } from '../../stacks/policies/documents';
import type { IamRoleDetails } from './authorization-details';
import type { Finding } from './findings';

export interface ExpectedRole {
  readonly roleName: string;
  readonly managedPolicyArns: readonly string[];
  readonly maxSessionHours: number;
  /**
   * Whether a missing role is a finding. The support role belongs to the baseline
   * stack, which not every target deploys (the emulator lacks Access Analyzer);
   * its absence is left to the baseline checks, and it is compared only when present.
   */
  readonly reportMissing: boolean;
}

/**
 * Every role the stacks make for people in one account, as the roster configures it: by default the
 * identity account (a role of member accounts only is not there); for a member account, its name and
 * which built-in roles it has (roleAccounts).
 */
export function expectedRoles(roster: Pick<Roster, 'roles'>, account: { readonly name: string; readonly admin: boolean; readonly support: boolean } = { name: IDENTITY_ACCOUNT, admin: true, support: true }): ExpectedRole[] {
  const here = ([, r]: [string, { readonly accounts?: readonly string[] }]) => (r.accounts ?? [IDENTITY_ACCOUNT]).includes(account.name);
  return [
    ...(account.admin ? [{ roleName: ADMIN_ROLE_NAME, managedPolicyArns: [ADMINISTRATOR_ACCESS_ARN], maxSessionHours: 1, reportMissing: true }] : []),
    ...Object.entries(roster.roles).filter(here).map(([roleName, r]) => ({ roleName, managedPolicyArns: r.managedPolicyArns, maxSessionHours: r.maxSessionHours, reportMissing: true })),
    // In the identity account the support role belongs to the baseline stack, which not every target deploys; a member account's stack always makes it.
    ...(account.support ? [{ roleName: SUPPORT_ROLE_NAME, managedPolicyArns: [AWS_SUPPORT_ACCESS_ARN], maxSessionHours: 1, reportMissing: account.name !== IDENTITY_ACCOUNT }] : []),
  ];
}

type Values = readonly string[];
/** A statement with every single value turned into a sorted array, and no Sid (it changes nothing). */
export interface NormalStatement {
  readonly Effect: string;
  readonly Action: Values;
  readonly NotAction: Values;
  readonly Principal: Readonly<Record<string, Values>>;
  readonly Condition: Readonly<Record<string, Readonly<Record<string, Values>>>>;
  /** Only where the statement has one (identity policies; trust policies have none). */
  readonly Resource?: Values;
  readonly NotResource?: Values;
}

const values = (v: unknown): string[] => (v === undefined ? [] : (Array.isArray(v) ? v : [v]).map(String).sort());
const sortedRecord = <T>(o: Record<string, T>): Record<string, T> => Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));

/** Parse a policy as IAM returns it: URL-encoded JSON from AWS, plain JSON from some emulators. */
export function parsePolicy(text: string): { Statement?: unknown } {
  try {
    return JSON.parse(text);
  } catch {
    return JSON.parse(decodeURIComponent(text));
  }
}

export function normaliseStatements(doc: { Statement?: unknown } | PolicyDocument): NormalStatement[] {
  const statements = Array.isArray(doc.Statement) ? doc.Statement : doc.Statement ? [doc.Statement] : [];
  return (statements as Record<string, unknown>[])
    .map((s) => {
      // "Principal": "*" means anyone, the same as {"AWS": "*"}.
      const principal = typeof s.Principal === 'string' ? { AWS: s.Principal } : ((s.Principal ?? {}) as Record<string, unknown>);
      const condition = (s.Condition ?? {}) as Record<string, Record<string, unknown>>;
      return {
        Effect: String(s.Effect),
        Action: values(s.Action),
        NotAction: values(s.NotAction),
        Principal: sortedRecord(Object.fromEntries(Object.entries(principal).map(([k, v]) => [k, values(v)]))),
        Condition: sortedRecord(
          Object.fromEntries(Object.entries(condition).map(([op, keys]) => [op, sortedRecord(Object.fromEntries(Object.entries(keys).map(([k, v]) => [k.toLowerCase(), values(v)])))])),
        ),
        ...(s.Resource !== undefined ? { Resource: values(s.Resource) } : {}),
        ...(s.NotResource !== undefined ? { NotResource: values(s.NotResource) } : {}),
      };
    })
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

/** The trust conditions the stacks set, by name, as [operator, key] (keys lower-case: IAM compares them so). */
const TRUST_CONDITIONS = {
  'MFA-present': ['Bool', 'aws:multifactorauthpresent'],
  'MFA-age': ['NumericLessThan', 'aws:multifactorauthage'],
  'session-name': ['StringLike', 'sts:rolesessionname'],
  'principal-ARN': ['ArnLike', 'aws:principalarn'],
} as const;

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Which parts of the expected single statement the found trust policy lacks or changes. */
function trustDifferences(expected: NormalStatement, found: readonly NormalStatement[]): string[] {
  const allows = found.filter((s) => s.Effect === 'Allow');
  if (allows.length !== 1) return [`${allows.length} Allow statements instead of 1`];
  const [s] = allows;
  const parts: string[] = [];
  if (!same(s.Principal, expected.Principal)) parts.push('principal');
  if (!same(s.Action, expected.Action) || s.NotAction.length > 0) parts.push('action');
  for (const [name, [op, key]] of Object.entries(TRUST_CONDITIONS)) {
    if (!same(s.Condition[op]?.[key], expected.Condition[op]?.[key])) parts.push(`${name} condition`);
  }
  const expectedKeys = Object.values(TRUST_CONDITIONS).map(([op, key]) => `${op} ${key}`);
  const extra = Object.entries(s.Condition).flatMap(([op, keys]) => Object.keys(keys).map((k) => `${op} ${k}`)).filter((k) => !expectedKeys.includes(k));
  if (extra.length > 0) parts.push(`extra conditions (${extra.join(', ')})`);
  if (found.length !== allows.length) parts.push('Deny statements');
  return parts;
}

export interface RoleCheckContext {
  readonly accountId: string;
  readonly mfaMaxAgeSeconds: number;
}

/** The roles of one account against the roster; expected: that account's roles - default the identity account's. */
export function checkRoles(roster: Pick<Roster, 'roles'>, ctx: RoleCheckContext, roles: readonly IamRoleDetails[], expected: readonly ExpectedRole[] = expectedRoles(roster)): Finding[] {
  const byName = new Map(roles.map((r) => [r.roleName.toLowerCase(), r]));
  const expectedTrust = normaliseStatements(privilegedRoleTrustPolicy({ accountId: ctx.accountId }, ctx.mfaMaxAgeSeconds));
  const findings: Finding[] = [];
  for (const want of expected) {
    const object = `role/${want.roleName}`;
    const role = byName.get(want.roleName.toLowerCase());
    if (!role) {
      if (want.reportMissing) {
        findings.push({
          id: 'role-missing',
          severity: 'medium',
          user: object,
          message: 'the roster defines this role but the account has no such role',
          expected: `role ${want.roleName} under ${ROLE_PATH}`,
          found: 'no role',
          action: 'deploy the roster (npm run deploy) to recreate it; if it was deleted by hand, find out who did it',
        });
      }
      continue;
    }
    findings.push(...checkTrust(object, role, expectedTrust), ...checkPolicies(object, role, want), ...checkSessionAndPath(object, role, want));
  }
  return findings;
}

function checkTrust(object: string, role: IamRoleDetails, expected: readonly NormalStatement[]): Finding[] {
  let found: NormalStatement[];
  try {
    found = normaliseStatements(parsePolicy(role.trustPolicy));
  } catch {
    found = [];
  }
  if (same(found, expected)) return [];
  const parts = trustDifferences(expected[0], found);
  // Without the MFA conditions anyone in the account who can call sts:AssumeRole gets the role with a password alone.
  const mfaLost = parts.some((p) => p.startsWith('MFA-') || p.includes('Allow statements'));
  return [
    {
      id: 'role-trust-drift',
      severity: mfaLost ? 'critical' : 'high',
      user: object,
      message: `trust policy differs from what the stacks deploy: ${parts.join(', ') || 'statements'}`,
      expected: 'this account root as principal, MFA present, MFA age limit, session named after the caller, callers under /people/',
      found: JSON.stringify(found),
      action: 'deploy the roster (npm run deploy) to restore the trust policy (it is in Terraform state), and find out who changed it (CloudTrail UpdateAssumeRolePolicy)',
    },
  ];
}

function checkPolicies(object: string, role: IamRoleDetails, want: ExpectedRole): Finding[] {
  const findings: Finding[] = [];
  const extra = role.attachedPolicyArns.filter((a) => !want.managedPolicyArns.includes(a)).sort();
  const missing = want.managedPolicyArns.filter((a) => !role.attachedPolicyArns.includes(a));
  const expected = [...want.managedPolicyArns].sort().join(', ');
  const found = [...role.attachedPolicyArns].sort().join(', ') || 'none';
  if (missing.length > 0) {
    findings.push({
      id: 'role-policy-drift',
      severity: 'high',
      user: object,
      message: `on the roster but not attached: ${missing.join(', ')}`,
      expected,
      found,
      action: "deploy the roster (npm run deploy) to restore the attachments; change a role's policies only in users.yaml",
    });
  }
  // Each attachment is its own Terraform resource, so a deploy never sees one it did not make.
  if (extra.length > 0) {
    findings.push({
      id: 'role-policy-extra',
      severity: 'high',
      user: object,
      message: `attached but not on the roster: ${extra.join(', ')}`,
      expected,
      found,
      action: `detach it (aws iam detach-role-policy --role-name ${object.slice(5)} --policy-arn <arn>): npm run deploy does not remove it; grant access only in users.yaml`,
    });
  }
  for (const name of role.inlinePolicyNames) {
    findings.push({
      id: 'role-policy-extra',
      severity: 'high',
      user: object,
      message: `inline policy ${name} is on the role; the stacks give roles managed policies only`,
      expected: 'no inline policy',
      found: `inline policy ${name}`,
      action: `delete it (aws iam delete-role-policy --role-name ${object.slice(5)} --policy-name ${name}): npm run deploy does not remove it`,
    });
  }
  return findings;
}

function checkSessionAndPath(object: string, role: IamRoleDetails, want: ExpectedRole): Finding[] {
  const findings: Finding[] = [];
  if (role.path !== ROLE_PATH) {
    findings.push({
      id: 'role-path-drift',
      severity: 'medium',
      user: object,
      message: `role is under path ${role.path}, not ${ROLE_PATH}`,
      expected: ROLE_PATH,
      found: role.path,
      action: 'deploy the roster (npm run deploy): it replaces the role under the right path',
    });
  }
  const expectedSeconds = want.maxSessionHours * 3600;
  if (role.maxSessionDuration !== undefined && role.maxSessionDuration !== expectedSeconds) {
    findings.push({
      id: 'role-session-drift',
      severity: 'medium',
      user: object,
      message: `maximum session is ${role.maxSessionDuration / 3600} h; the roster says ${want.maxSessionHours} h`,
      expected: `${expectedSeconds} s`,
      found: `${role.maxSessionDuration} s`,
      action: 'deploy the roster (npm run deploy) to restore it; change it only through maxSessionHours in users.yaml',
    });
  }
  return findings;
}
