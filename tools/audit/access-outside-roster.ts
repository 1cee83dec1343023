/**
 * Access the roster does not grant: roles it does not define that anyone can
 * assume without MFA, and policies granting every IAM or every action.
 * Neither is in Terraform state, so a deploy repairs neither.
 */
import { ADMIN_ROLE_NAME, type Roster } from '../../roster/model';
import type { IamRoleDetails, IamUserDetails, OwnedPolicyDocument } from './authorization-details';
import type { Finding } from './findings';
import { type NormalStatement, expectedRoles, normaliseStatements, parsePolicy } from './role-checks';

/** Service-linked roles live here and only AWS services assume them. */
const SERVICE_LINKED_PATH = '/aws-service-role/';
const ASSUME_ACTIONS = ['sts:assumerole', 'sts:*', '*'];

function statementsOf(document: string): NormalStatement[] | undefined {
  try {
    return normaliseStatements(parsePolicy(document));
  } catch {
    return undefined;
  }
}

/** Only a plain Bool true enforces MFA: BoolIfExists lets a caller without the key (long-term keys) through. */
const requiresMfa = (s: NormalStatement) => s.Condition.Bool?.['aws:multifactorauthpresent']?.includes('true') === true;
const letsAccountsAssume = (s: NormalStatement) =>
  s.Effect === 'Allow' && s.Principal.AWS !== undefined && (s.NotAction.length > 0 || s.Action.some((a) => ASSUME_ACTIONS.includes(a.toLowerCase())));

/** Whose roles are ours: the account's (default the identity account), and the tools' own roles there. */
export interface OursIn {
  /** The account, as expectedRoles takes it - default the identity account. */
  readonly account?: Parameters<typeof expectedRoles>[1];
  /** Roles the tools assume in a member account (the deploy and audit roles, the bootstrap's CI roles), trusting the identity account by design. */
  readonly toolRoles?: readonly string[];
}

export function checkRolesOutsideRoster(roster: Pick<Roster, 'roles'>, roles: readonly IamRoleDetails[], oursIn: OursIn = {}): Finding[] {
  const ours = new Set([...expectedRoles(roster, oursIn.account).map((r) => r.roleName), ...(oursIn.toolRoles ?? [])].map((name) => name.toLowerCase()));
  const findings: Finding[] = [];
  for (const role of roles) {
    if (ours.has(role.roleName.toLowerCase()) || role.path.startsWith(SERVICE_LINKED_PATH)) continue;
    const open = (statementsOf(role.trustPolicy) ?? []).filter((s) => letsAccountsAssume(s) && !requiresMfa(s));
    if (open.length === 0) continue;
    const principals = [...new Set(open.flatMap((s) => s.Principal.AWS))].join(', ');
    findings.push({
      id: 'role-trust-no-mfa',
      severity: 'high',
      user: `role/${role.roleName}`,
      message: `a role the roster does not define lets ${principals} assume it without MFA`,
      expected: 'no role outside the roster that accounts can assume without MFA',
      found: principals,
      action: `add the condition Bool aws:MultiFactorAuthPresent true to its trust policy, or delete the role (aws iam delete-role --role-name ${role.roleName}); npm run deploy does not repair it`,
    });
  }
  return findings;
}

/** Every action, or every IAM action (which lets the holder grant themselves every action). */
const isWildcard = (action: string) => action === '*' || action === '*:*' || action.toLowerCase() === 'iam:*';

export interface PolicySources {
  readonly users: readonly IamUserDetails[];
  readonly roles: readonly IamRoleDetails[];
  /** Groups' inline policies and customer-managed policies. */
  readonly others: readonly OwnedPolicyDocument[];
}

export function checkAdminWildcards({ users, roles, others }: PolicySources): Finding[] {
  const docs: OwnedPolicyDocument[] = [
    ...users.flatMap((u) => (u.inlinePolicies ?? []).map((p) => ({ ...p, owner: `user/${u.userName}` }))),
    // The admin role is where administrator access belongs.
    ...roles.filter((r) => r.roleName !== ADMIN_ROLE_NAME).flatMap((r) => (r.inlinePolicies ?? []).map((p) => ({ ...p, owner: `role/${r.roleName}` }))),
    ...others,
  ];
  const findings: Finding[] = [];
  for (const doc of docs) {
    const allows = (statementsOf(doc.document) ?? []).filter((s) => s.Effect === 'Allow');
    const actions = [...new Set(allows.flatMap((s) => s.Action.filter(isWildcard)))];
    if (actions.length === 0) continue;
    const inline = !doc.owner.startsWith('policy/');
    findings.push({
      id: 'policy-admin-wildcard',
      severity: 'high',
      user: doc.owner,
      message: `${inline ? `inline policy ${doc.name}` : `customer-managed policy ${doc.name}`} allows ${actions.join(' and ')}; only the admin role may hold administrator access`,
      expected: 'iam:* and * only through the admin role',
      found: actions.join(', '),
      action: 'narrow the policy to the actions needed, or delete it; administrators assume the admin role; npm run deploy does not repair it',
    });
  }
  return findings;
}
