/**
 * Terraform addresses of the identity stack, built and parsed in this one module.
 * An address is a resource's identity in state: changing one destroys and
 * recreates the real resource (__tests__/stacks/addresses.test.ts lists them).
 *
 * Plain strings with no cdktf import, on purpose: roster validation imports this
 * module to compute every address a roster would produce, and rejects two entries
 * that would share one, without loading the AWS provider. The constructs name
 * their resources with the same functions, and the plan summary parses plan
 * addresses with them, so no one re-derives an address with a regex of their own.
 */
import { ACCOUNT_GROUP_SEPARATOR, ADMIN_GROUP_NAME, ADMIN_ROLE_NAME, BASE_GROUP_NAME, roleGroupName } from '../roster/model';

/** Managed policies of the built-in groups and the admin role. */
export const ADMINISTRATOR_ACCESS_ARN = 'arn:aws:iam::aws:policy/AdministratorAccess';
export const READ_ONLY_POLICY_ARN = 'arn:aws:iam::aws:policy/ReadOnlyAccess';

/** A path into the roster document, as roster validation reports it. */
export type RosterOrigin = readonly (string | number)[];

export const userId = (employeeId: string): string => `user-${employeeId}`;
export const loginId = (employeeId: string): string => `login-${employeeId}`;
export const membershipId = (employeeId: string): string => `groups-${employeeId}`;
export const roleId = (roleName: string): string => `role-${roleName}`;
/** role-<role>-<suffix>, the suffix from attachmentIds. */
export const roleAttachmentId = (roleName: string, suffix: string): string => `${roleId(roleName)}-${suffix}`;
/** A role's own inline policy (the CI roles'): role-<role>-policy. */
export const roleInlinePolicyId = (roleName: string): string => `${roleId(roleName)}-policy`;
export const groupId = (groupName: string): string => `group-${groupName}`;
/** The inline policy on a group that lets its members assume one role. */
const ASSUME_POLICY_PREFIX = 'assume-';
export const groupAssumeId = (groupName: string, roleName: string): string => `${groupId(groupName)}-${ASSUME_POLICY_PREFIX}${roleName}`;
/** A managed policy attached to a group (suffix from attachmentIds) or a group's other inline policy. */
export const groupPolicyId = (groupName: string, suffix: string): string => `${groupId(groupName)}-${suffix}`;
export const BASE_GROUP_MFA_POLICY_ID = groupPolicyId(BASE_GROUP_NAME, 'self-service-mfa');
export const PASSWORD_POLICY_ID = 'password-policy';

/** The stack of a member account: its name in cdktf.out/stacks/, its state file and state key. */
const MEMBER_STACK_PREFIX = 'account-';
export const memberStackName = (account: string): string => `${MEMBER_STACK_PREFIX}${account}`;
/** The member account a stack belongs to (account-prod -> prod), or undefined for the identity account's stacks. */
export const accountOfStack = (stack: string): string | undefined => after(stack, MEMBER_STACK_PREFIX);

/** The identity account's bootstrap stack (the state bucket, the CI roles): deployed by npm run bootstrap only. */
export const BOOTSTRAP_STACK = 'bootstrap';
/** A member account's bootstrap stack (its CI roles): bootstrap-<account>, also npm run bootstrap's only. */
const MEMBER_BOOTSTRAP_PREFIX = `${BOOTSTRAP_STACK}-`;
export const memberBootstrapStackName = (account: string): string => `${MEMBER_BOOTSTRAP_PREFIX}${account}`;
/** Whether a stack is one npm run bootstrap deploys, and plan and deploy leave out unless named. */
export const isBootstrapStack = (stack: string): boolean => stack === BOOTSTRAP_STACK || stack.startsWith(MEMBER_BOOTSTRAP_PREFIX);

/** A managed resource's address in state: type.name (aws_iam_user.user-1001). */
export const resourceAddress = (type: string, name: string): string => `${type}.${name}`;
export const BASE_GROUP_MFA_POLICY_ADDRESS = resourceAddress('aws_iam_group_policy', BASE_GROUP_MFA_POLICY_ID);

/** Terraform resource names this module builds: letters, digits, "_" and "-". */
const RESOURCE_NAME = /^[A-Za-z0-9_-]+$/;
const RESOURCE_TYPE = /^[a-z][a-z0-9_]*$/;

/** The type and name of a root-module managed resource address; undefined for data sources, modules, indexes. */
export function splitAddress(address: string): { type: string; name: string } | undefined {
  const dot = address.indexOf('.');
  const type = address.slice(0, dot);
  const name = address.slice(dot + 1);
  return dot > 0 && type !== 'data' && type !== 'module' && RESOURCE_TYPE.test(type) && RESOURCE_NAME.test(name) ? { type, name } : undefined;
}

const ROLE_GROUP_PREFIX = roleGroupName('');

/** The role a group's members may assume: admin for the admin group, r for assume-r and for assume-r_in_<account>; undefined for other groups. */
export function roleOfGroup(groupName: string): string | undefined {
  if (groupName === ADMIN_GROUP_NAME) return ADMIN_ROLE_NAME;
  const rest = groupName.startsWith(ROLE_GROUP_PREFIX) && groupName.length > ROLE_GROUP_PREFIX.length ? groupName.slice(ROLE_GROUP_PREFIX.length) : undefined;
  return rest?.split(ACCOUNT_GROUP_SEPARATOR)[0] || undefined;
}

/** The one account a group of a narrowed grant covers (assume-r_in_prod -> prod); undefined for every other group. */
export function accountOfGroup(groupName: string): string | undefined {
  const at = groupName.indexOf(ACCOUNT_GROUP_SEPARATOR);
  return groupName.startsWith(ROLE_GROUP_PREFIX) && at > 0 ? groupName.slice(at + ACCOUNT_GROUP_SEPARATOR.length) || undefined : undefined;
}

/** The per-person resources, keyed by employee ID: what the plan summary maps back to people. */
const PERSON_PREFIXES: Readonly<Record<string, string>> = {
  aws_iam_user: 'user-',
  aws_iam_user_login_profile: 'login-',
  aws_iam_user_group_membership: 'groups-',
};

/** The employee ID of a per-person resource (aws_iam_user user-1001 -> 1001), or undefined. */
export function employeeIdOf(type: string, name: string): string | undefined {
  if (!Object.hasOwn(PERSON_PREFIXES, type)) return undefined;
  const prefix = PERSON_PREFIXES[type];
  return name.startsWith(prefix) && name.length > prefix.length ? name.slice(prefix.length) : undefined;
}

/** Every kind of address the identity stack builds (and the baseline's grant on the admin group), as data. */
export type IdentityAddress =
  | { readonly kind: 'user' | 'login' | 'membership'; readonly employeeId: string }
  | { readonly kind: 'role'; readonly roleName: string }
  /** A managed policy on a role; suffix as attachmentIds gives it. */
  | { readonly kind: 'role-attachment'; readonly roleName: string; readonly suffix: string }
  | { readonly kind: 'group'; readonly groupName: string }
  /** The inline policy that lets a group's members assume a role. */
  | { readonly kind: 'group-assume'; readonly groupName: string; readonly roleName: string }
  /** A group's other inline policy (the base group's MFA policy). */
  | { readonly kind: 'group-policy'; readonly groupName: string; readonly suffix: string }
  /** A managed policy on a group; suffix as attachmentIds gives it. */
  | { readonly kind: 'group-attachment'; readonly groupName: string; readonly suffix: string }
  | { readonly kind: 'password-policy' };

const TYPE_OF: Readonly<Record<IdentityAddress['kind'], string>> = {
  user: 'aws_iam_user',
  login: 'aws_iam_user_login_profile',
  membership: 'aws_iam_user_group_membership',
  role: 'aws_iam_role',
  'role-attachment': 'aws_iam_role_policy_attachment',
  group: 'aws_iam_group',
  'group-assume': 'aws_iam_group_policy',
  'group-policy': 'aws_iam_group_policy',
  'group-attachment': 'aws_iam_group_policy_attachment',
  'password-policy': 'aws_iam_account_password_policy',
};

function nameOf(a: IdentityAddress): string {
  switch (a.kind) {
    case 'user': return userId(a.employeeId);
    case 'login': return loginId(a.employeeId);
    case 'membership': return membershipId(a.employeeId);
    case 'role': return roleId(a.roleName);
    case 'role-attachment': return roleAttachmentId(a.roleName, a.suffix);
    case 'group': return groupId(a.groupName);
    case 'group-assume': return groupAssumeId(a.groupName, a.roleName);
    case 'group-policy':
    case 'group-attachment': return groupPolicyId(a.groupName, a.suffix);
    case 'password-policy': return PASSWORD_POLICY_ID;
  }
}

/** The address (type.name) of a resource of the identity stack. */
export function buildAddress(a: IdentityAddress): string {
  return resourceAddress(TYPE_OF[a.kind], nameOf(a));
}

/** The roster roles an address may name, to tell a role's name from its policy's in role-<role>-<policy>. */
export type KnownRoles = AddressInput['roles'];

/** The rest of name after prefix, when there is a rest. */
const after = (name: string, prefix: string): string | undefined => (name.startsWith(prefix) && name.length > prefix.length ? name.slice(prefix.length) : undefined);

/**
 * An address of the identity stack read back as data; undefined for any other
 * address (another stack's, a data source, a name this module never builds).
 * Role and group names may contain "-", so the addresses that join a role or
 * group name to a policy are read against the known roles (and the built-in
 * admin role and groups): role-ops-db-admin is ops's db-admin attachment only
 * if ops holds a policy named db-admin. A role's own group (assume-r) and its
 * assume policy (group-assume-r-assume-r) read without them.
 */
export function parseAddress(address: string, roles: KnownRoles = {}): IdentityAddress | undefined {
  const parts = splitAddress(address);
  if (!parts) return undefined;
  const { type, name } = parts;
  const roleList: [string, readonly string[]][] = [[ADMIN_ROLE_NAME, [ADMINISTRATOR_ACCESS_ARN]], ...Object.entries(roles).map(([r, role]): [string, readonly string[]] => [r, role.managedPolicyArns])];
  const groups = [BASE_GROUP_NAME, ADMIN_GROUP_NAME, ...Object.keys(roles).map(roleGroupName)];
  /** Known group g and suffix s with name = group-g-s, longest group first. */
  const groupAndSuffix = () =>
    groups
      .map((g) => [g, after(name, `${groupId(g)}-`)] as const)
      .filter((gs): gs is readonly [string, string] => gs[1] !== undefined)
      .sort(([a], [b]) => b.length - a.length);
  switch (type) {
    case 'aws_iam_user':
    case 'aws_iam_user_login_profile':
    case 'aws_iam_user_group_membership': {
      const employeeId = employeeIdOf(type, name);
      const kind = type === 'aws_iam_user' ? 'user' : type === 'aws_iam_user_login_profile' ? 'login' : 'membership';
      return employeeId === undefined ? undefined : { kind, employeeId };
    }
    case 'aws_iam_role': {
      const roleName = after(name, roleId(''));
      return roleName === undefined ? undefined : { kind: 'role', roleName };
    }
    case 'aws_iam_role_policy_attachment': {
      for (const [roleName, arns] of roleList) {
        for (const suffix of attachmentIds(arns).values()) if (roleAttachmentId(roleName, suffix) === name) return { kind: 'role-attachment', roleName, suffix };
      }
      return undefined;
    }
    case 'aws_iam_group': {
      const groupName = after(name, groupId(''));
      return groupName === undefined ? undefined : { kind: 'group', groupName };
    }
    case 'aws_iam_group_policy': {
      // A narrowed grant's group: group-assume-r_in_a-assume-r ("_" is in no role or account name).
      const narrowed = after(name, groupId(ROLE_GROUP_PREFIX))?.split(ACCOUNT_GROUP_SEPARATOR);
      if (narrowed?.length === 2) {
        const [roleName, rest] = narrowed;
        const account = rest.endsWith(`-${ASSUME_POLICY_PREFIX}${roleName}`) ? rest.slice(0, -`-${ASSUME_POLICY_PREFIX}${roleName}`.length) : '';
        const groupName = `${roleGroupName(roleName)}${ACCOUNT_GROUP_SEPARATOR}${account}`;
        return roleName && account && name === groupAssumeId(groupName, roleName) ? { kind: 'group-assume', groupName, roleName } : undefined;
      }
      // A role's own group: group-assume-r-assume-r, whatever r is.
      const own = after(name, groupId(ROLE_GROUP_PREFIX));
      const half = own === undefined ? 0 : (own.length - `-${ASSUME_POLICY_PREFIX}`.length) / 2;
      if (own !== undefined && Number.isInteger(half) && half > 0) {
        const roleName = own.slice(0, half);
        if (name === groupAssumeId(roleGroupName(roleName), roleName)) return { kind: 'group-assume', groupName: roleGroupName(roleName), roleName };
      }
      const [found] = groupAndSuffix();
      if (!found) return undefined;
      const [groupName, suffix] = found;
      const roleName = after(suffix, ASSUME_POLICY_PREFIX);
      return roleName !== undefined ? { kind: 'group-assume', groupName, roleName } : { kind: 'group-policy', groupName, suffix };
    }
    case 'aws_iam_group_policy_attachment': {
      const [found] = groupAndSuffix();
      return found ? { kind: 'group-attachment', groupName: found[0], suffix: found[1] } : undefined;
    }
    case 'aws_iam_account_password_policy':
      return name === PASSWORD_POLICY_ID ? { kind: 'password-policy' } : undefined;
    default:
      return undefined;
  }
}

/** Terraform names allow letters, digits, "_" and "-"; IAM policy names also allow +=,.@ */
const terraformName = (text: string) => text.replace(/[^A-Za-z0-9_-]/g, '_');

/** Every character outside [A-Za-z0-9-] as _<hex>_, so no two texts give one name ("_" itself is escaped). */
function escapedName(text: string): string {
  return text.replace(/[^A-Za-z0-9-]/gu, (c) => `_${(c.codePointAt(0) as number).toString(16)}_`);
}

/**
 * The address suffix of each managed-policy attachment, in first-listed order:
 * the policy's name (role-x-PowerUserAccess) made a valid Terraform name. When
 * two ARNs share that name (an AWS and a customer policy), both are told apart
 * by account and path; when even that is shared (team.admin and team_admin both
 * become team_admin), by the whole ARN escaped so that no two ARNs meet.
 * Listing one ARN twice attaches it once.
 */
export function attachmentIds(arns: readonly string[]): Map<string, string> {
  const unique = [...new Set(arns)];
  const byName = (arn: string) => terraformName(arn.split('/').pop() as string);
  const byAccount = (arn: string) => {
    const [, , , , account = '', resource = ''] = arn.split(':');
    return terraformName(`${account}-${resource.replace(/^policy\//, '')}`);
  };
  const counts = (names: readonly string[]) => names.reduce((m, n) => m.set(n, (m.get(n) ?? 0) + 1), new Map<string, number>());
  const names = unique.map(byName);
  const nameCounts = counts(names);
  const second = unique.map((arn, i) => (nameCounts.get(names[i]) === 1 ? names[i] : byAccount(arn)));
  const secondCounts = counts(second);
  return new Map(unique.map((arn, i) => [arn, secondCounts.get(second[i]) === 1 ? second[i] : escapedName(arn)]));
}

/** The suffix of a lone policy attachment (AdministratorAccess for arn:aws:iam::aws:policy/AdministratorAccess). */
export function attachmentId(arn: string): string {
  return attachmentIds([arn]).get(arn) as string;
}

/** One address the identity stack would create, and the roster entry it comes from. */
export interface PlannedAddress {
  /** type.name, as in Terraform state. */
  readonly address: string;
  /** Where in the roster it comes from - none for the stack's own resources. */
  readonly origin?: RosterOrigin;
  /** What it is, for messages: 'role "ops" with policy "arn:..."'. */
  readonly owner: string;
}

/** The parts of a roster that decide the identity stack's addresses. */
export interface AddressInput {
  readonly adminAccess: 'assume-role' | 'direct';
  readonly roles: Readonly<Record<string, { readonly managedPolicyArns: readonly string[] }>>;
  /** People in roster order; an undefined entry (one that failed the schema) is skipped. */
  readonly people: readonly ({ readonly employeeId: string; readonly status: 'active' | 'suspended'; readonly console: boolean } | undefined)[];
  /** Roles that exist in member accounts only: the identity stack makes their group, not the role - default none. */
  readonly memberOnlyRoles?: readonly string[];
  /** The groups of grants narrowed to one account (roster/accounts.ts roleGroups), after their role's own - default none. */
  readonly accountGroups?: readonly { readonly groupName: string; readonly roleName: string }[];
}

/**
 * Every address the identity stack creates for a roster, in construction order.
 * A test holds it equal to the synthesized stack's addresses.
 */
export function identityAddresses(input: AddressInput): PlannedAddress[] {
  const out: PlannedAddress[] = [];
  const add = (type: string, name: string, owner: string, origin?: RosterOrigin) => out.push({ address: `${type}.${name}`, owner, ...(origin ? { origin } : {}) });
  const memberOnly = new Set(input.memberOnlyRoles ?? []);
  /** A PrivilegedRole: the role, its attachments, its group unless it grants an existing one, and the assume policy; only the group and its policy for a role of member accounts. */
  const role = (roleName: string, groupName: string, arns: readonly string[], createsGroup: boolean, origin?: RosterOrigin) => {
    const owner = origin ? `role "${roleName}"` : `the built-in ${roleName} role`;
    if (memberOnly.has(roleName)) {
      add('aws_iam_group', groupId(groupName), `the group of ${owner}`, origin);
      add('aws_iam_group_policy', groupAssumeId(groupName, roleName), `the assume policy of ${owner}`, origin);
      return;
    }
    add('aws_iam_role', roleId(roleName), owner, origin);
    const firstIndex = new Map<string, number>();
    arns.forEach((arn, i) => firstIndex.has(arn) || firstIndex.set(arn, i));
    for (const [arn, suffix] of attachmentIds(arns)) {
      const at = origin ? [...origin, 'managedPolicyArns', firstIndex.get(arn) as number] : undefined;
      add('aws_iam_role_policy_attachment', roleAttachmentId(roleName, suffix), `${owner} with policy "${arn}"`, at);
    }
    if (createsGroup) add('aws_iam_group', groupId(groupName), `the group of ${owner}`, origin);
    add('aws_iam_group_policy', groupAssumeId(groupName, roleName), `the assume policy of ${owner}`, origin);
  };

  add('aws_iam_group', groupId(BASE_GROUP_NAME), `the built-in ${BASE_GROUP_NAME} group`);
  add('aws_iam_group_policy_attachment', groupPolicyId(BASE_GROUP_NAME, attachmentId(READ_ONLY_POLICY_ARN)), `the built-in ${BASE_GROUP_NAME} group's read-only policy`);
  add('aws_iam_group_policy', BASE_GROUP_MFA_POLICY_ID, `the built-in ${BASE_GROUP_NAME} group's MFA policy`);
  add('aws_iam_group', groupId(ADMIN_GROUP_NAME), `the built-in ${ADMIN_GROUP_NAME} group`);
  role(ADMIN_ROLE_NAME, ADMIN_GROUP_NAME, [ADMINISTRATOR_ACCESS_ARN], false);
  if (input.adminAccess === 'direct') {
    add('aws_iam_group_policy_attachment', groupPolicyId(ADMIN_GROUP_NAME, attachmentId(ADMINISTRATOR_ACCESS_ARN)), `the built-in ${ADMIN_GROUP_NAME} group's direct administrator access`);
  }
  for (const roleName of Object.keys(input.roles)) {
    role(roleName, roleGroupName(roleName), input.roles[roleName].managedPolicyArns, true, ['roles', roleName]);
    for (const { groupName } of (input.accountGroups ?? []).filter((g) => g.roleName === roleName)) {
      add('aws_iam_group', groupId(groupName), `the group of role "${roleName}" in one account`, ['roles', roleName]);
      add('aws_iam_group_policy', groupAssumeId(groupName, roleName), `the assume policy of role "${roleName}" in one account`, ['roles', roleName]);
    }
  }
  add('aws_iam_account_password_policy', PASSWORD_POLICY_ID, 'the account password policy');
  input.people.forEach((person, i) => {
    if (person === undefined) return;
    const origin = ['people', i, 'employeeId'];
    const owner = `people[${i}] (employee ID "${person.employeeId}")`;
    add('aws_iam_user', userId(person.employeeId), owner, origin);
    if (person.status === 'active' && person.console) add('aws_iam_user_login_profile', loginId(person.employeeId), owner, origin);
    if (person.status === 'active') add('aws_iam_user_group_membership', membershipId(person.employeeId), owner, origin);
  });
  return out;
}

/** Pairs of planned addresses that are the same: the later one would silently replace the earlier. */
export function addressCollisions(planned: readonly PlannedAddress[]): { first: PlannedAddress; second: PlannedAddress }[] {
  const seen = new Map<string, PlannedAddress>();
  const collisions: { first: PlannedAddress; second: PlannedAddress }[] = [];
  for (const a of planned) {
    const first = seen.get(a.address);
    if (first) collisions.push({ first, second: a });
    else seen.set(a.address, a);
  }
  return collisions;
}
