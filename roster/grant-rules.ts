/**
 * Rules that keep a valid roster granting exactly what it says: no role takes a
 * name the stacks already use, no two entries share a Terraform address (one would
 * silently replace the other), and a role that can make itself an administrator
 * says so. Addresses and built-in names come from the stacks' own pure modules.
 */
import { addressCollisions, identityAddresses } from '../stacks/addresses';
import { BUILT_IN_GROUPS, BUILT_IN_ROLES } from '../stacks/built-in-names';
import { ADMIN_ROLE_NAME, roleGroupName } from './model';
import { formatPath } from './problem';
import type { RoleEntry, RosterDocument } from './schema';
import type { PartialRosterDocument, PathProblem } from './validate';

/**
 * AWS managed policies with which a role can give itself, or anyone, any
 * permission: attaching one is administrator access whatever the role is called.
 * Keyed by the part of the ARN after arn:aws:iam::aws:policy/.
 *
 * Left out on purpose, with reasons:
 * - PowerUserAccess: its NotAction excludes iam:*, organizations:* and account:*
 *   (only service-linked roles and a few reads come back), so it cannot write IAM
 *   or pass a role; and it cannot chain into the privileged roles, whose trust
 *   requires an IAM user under /people/ as the caller (stacks/policies/documents.ts).
 * - job-function/SystemAdministrator, NetworkAdministrator, DatabaseAdministrator,
 *   DataScientist: iam:PassRole only to fixed role-name patterns or services,
 *   no IAM write. They widen what those roles can do, not the caller's own grants.
 * A customer managed policy can be just as strong; declare such a role with
 * adminEquivalent: true and the plan summary treats it the same way.
 */
export const ADMIN_EQUIVALENT_POLICIES: ReadonlyMap<string, string> = new Map([
  ['AdministratorAccess', 'it allows every action on every resource'],
  ['IAMFullAccess', 'it allows iam:*, so the role can attach AdministratorAccess to itself'],
  ['AWSOrganizationsFullAccess', 'it allows organizations:*; from the management account that controls every account of the organization, this one included'],
  ['AWSSSOMasterAccountAdministrator', 'it manages IAM Identity Center, so it can assign itself AdministratorAccess in any account of the organization'],
  ['AWSSSOMemberAccountAdministrator', 'it manages IAM Identity Center, so it can assign itself AdministratorAccess in any account of the organization'],
]);

const AWS_MANAGED_PREFIX = 'arn:aws:iam::aws:policy/';

/** Why a managed policy makes a role administrator-equivalent, or undefined. */
export function adminEquivalentReason(policyArn: string): string | undefined {
  if (!policyArn.startsWith(AWS_MANAGED_PREFIX)) return undefined;
  return ADMIN_EQUIVALENT_POLICIES.get(policyArn.slice(AWS_MANAGED_PREFIX.length));
}

/** Whether a roster role is administrator-equivalent: declared so, or holding such a policy. */
export function isAdminEquivalentRole(role: Pick<RoleEntry, 'managedPolicyArns' | 'adminEquivalent'>): boolean {
  return role.adminEquivalent === true || role.managedPolicyArns.some((arn) => adminEquivalentReason(arn) !== undefined);
}

/** Every built-in role and group name, sorted: none may be a roster role's name. */
export const RESERVED_ROLE_NAMES: readonly string[] = [...new Set([...BUILT_IN_ROLES.keys(), ...BUILT_IN_GROUPS.keys()])].sort();

/** Why a roster role name clashes with a built-in name, or undefined. */
function reservedReason(role: string): string | undefined {
  const key = role.toLowerCase();
  const builtInRole = BUILT_IN_ROLES.get(key);
  if (builtInRole) return `the name of ${builtInRole}`;
  const builtInGroup = BUILT_IN_GROUPS.get(key);
  if (builtInGroup) return `the name of ${builtInGroup}`;
  const group = BUILT_IN_GROUPS.get(roleGroupName(key));
  if (group) return `a name whose group "${roleGroupName(key)}" is ${group}`;
  return undefined;
}

export function grantProblems(doc: RosterDocument | PartialRosterDocument): PathProblem[] {
  const problems: PathProblem[] = [];
  for (const [role, entry] of Object.entries(doc.roles)) {
    const reserved = reservedReason(role);
    if (reserved) {
      const hint = role === ADMIN_ROLE_NAME ? '; admins get it with "admin: true" on a person' : '';
      problems.push({
        path: ['roles', role],
        atKey: true,
        message: `roles.${role}: "${role}" is ${reserved}, which the stacks create themselves; pick another role name (reserved: ${RESERVED_ROLE_NAMES.join(', ')})${hint}`,
      });
    }
    if (entry.adminEquivalent === true) continue;
    entry.managedPolicyArns.forEach((arn, i) => {
      const why = adminEquivalentReason(arn);
      if (!why) return;
      problems.push({
        path: ['roles', role, 'managedPolicyArns', i],
        message: `roles.${role}.managedPolicyArns[${i}]: "${arn}" makes role "${role}" equivalent to an administrator (${why}); declare it with "adminEquivalent: true" on the role so reviewers see it as such, or attach a narrower policy`,
      });
    });
  }
  problems.push(...collisionProblems(doc));
  return problems;
}

/** Two entries that would share a Terraform address: in state, one would silently replace the other. */
function collisionProblems(doc: RosterDocument | PartialRosterDocument): PathProblem[] {
  // A repeated employee ID is reported as such; its addresses are counted once.
  const seenIds = new Set<string>();
  const people = doc.people.map((person) => {
    if (person === undefined || seenIds.has(person.employeeId.toLowerCase())) return undefined;
    seenIds.add(person.employeeId.toLowerCase());
    return person;
  });
  // A role with a built-in name is reported as such, not again as the built-in's addresses.
  const roles = Object.fromEntries(Object.entries(doc.roles).filter(([role]) => reservedReason(role) === undefined));
  const planned = identityAddresses({ adminAccess: doc.settings?.adminAccess ?? 'assume-role', roles, people });
  return addressCollisions(planned).map(({ first, second }) => {
    const where = second.origin ?? first.origin ?? [];
    const other = first.origin ? `${first.owner} (${formatPath(first.origin)})` : first.owner;
    return {
      path: where,
      message: `${formatPath(where)}: ${second.owner} would have the terraform address ${second.address}, which ${other} already has; one would silently replace the other, so rename one of the roles`,
    };
  });
}
