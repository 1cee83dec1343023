/**
 * The accounts a roster governs (issue 12). The identity account (settings.accountId, named
 * "identity" in account lists) holds the people's users, the groups and the password policy;
 * the member accounts of `accounts:` hold roles only. These pure functions are what the stacks,
 * the plan summary and the audit read; a roster without `accounts:` governs the identity
 * account alone and every role is in it, exactly as before.
 */
import { SUPPORT_ROLE_NAME } from '../stacks/built-in-names';
import { ADMIN_GROUP_NAME, ADMIN_ROLE_NAME, BASE_GROUP_NAME, type Person, type Roster, accountRoleGroupName, assumableRoles, roleGroupName } from './model';
import { IDENTITY_ACCOUNT, type RoleGrantEntry } from './schema';

/** One account the roster governs. */
export interface GovernedAccount {
  /** "identity" for the identity account, otherwise its key under accounts. */
  readonly name: string;
  /** The 12-digit AWS account ID. */
  readonly id: string;
  /** true only for the identity account (settings.accountId). */
  readonly identity: boolean;
  /** The member account's root e-mail - none when the roster gives none (and for the identity account). */
  readonly email?: string;
  /** What the member account is for - none when the roster gives none. */
  readonly description?: string;
}

/** A role a person may assume in one account. */
export interface RoleInAccount {
  readonly role: string;
  readonly account: string;
}

type AccountsOf = Pick<Roster, 'settings' | 'accounts'>;

/** Every governed account: the identity account first, then the member accounts by name. */
export function governedAccounts(roster: AccountsOf): GovernedAccount[] {
  const members = Object.keys(roster.accounts)
    .sort()
    .map((name): GovernedAccount => {
      const { id, email, description } = roster.accounts[name];
      return { name, id, identity: false, ...(email !== undefined ? { email } : {}), ...(description !== undefined ? { description } : {}) };
    });
  return [{ name: IDENTITY_ACCOUNT, id: roster.settings.accountId, identity: true }, ...members];
}

/** The named accounts in governed order (identity first, then by name), each once; unknown names are left out. */
function inAccountOrder(names: Iterable<string>, roster: AccountsOf): string[] {
  const wanted = new Set(names);
  return governedAccounts(roster)
    .map((a) => a.name)
    .filter((name) => wanted.has(name));
}

/**
 * The accounts a role exists in, in governed order: the built-in admin and aws-support roles
 * in settings.adminRoleAccounts / supportRoleAccounts (every governed account by default),
 * a roster role in roles.<name>.accounts (the identity account by default); [] for an unknown role.
 */
export function roleAccounts(role: string, roster: AccountsOf & Pick<Roster, 'roles'>): string[] {
  const all = governedAccounts(roster).map((a) => a.name);
  if (role === ADMIN_ROLE_NAME) return inAccountOrder(roster.settings.adminRoleAccounts ?? all, roster);
  if (role === SUPPORT_ROLE_NAME) return inAccountOrder(roster.settings.supportRoleAccounts ?? all, roster);
  if (!Object.hasOwn(roster.roles, role)) return [];
  return inAccountOrder(roster.roles[role].accounts ?? [IDENTITY_ACCOUNT], roster);
}

/**
 * What a list of grants (a team's or a person's roles) gives, by role: all of the role's
 * accounts for a plain name, or the accounts named; grants of one role add up.
 */
export function grantedAccounts(grants: readonly RoleGrantEntry[]): Map<string, 'all' | string[]> {
  const byRole = new Map<string, 'all' | string[]>();
  for (const grant of grants) {
    const role = typeof grant === 'string' ? grant : grant.role;
    const before = byRole.get(role) ?? [];
    if (typeof grant === 'string' || before === 'all') byRole.set(role, 'all');
    else byRole.set(role, [...new Set([...before, ...grant.accounts])]);
  }
  return byRole;
}

/** The account names in governed order: identity first, then the member accounts by name. Needs no settings. */
function accountNames(roster: Pick<Roster, 'accounts'>): string[] {
  return [IDENTITY_ACCOUNT, ...Object.keys(roster.accounts).sort()];
}

/** A roster role's accounts in governed order (the identity account when it lists none); read without settings, so validation can ask too. */
function rosterRoleAccounts(role: string, roster: Pick<Roster, 'roles' | 'accounts'>): string[] {
  const listed = new Set(Object.hasOwn(roster.roles, role) ? (roster.roles[role].accounts ?? [IDENTITY_ACCOUNT]) : [IDENTITY_ACCOUNT]);
  return accountNames(roster).filter((name) => listed.has(name));
}

type GrantsOf = Pick<Roster, 'teams' | 'roles' | 'accounts'>;
type GrantHolder = Pick<Person, 'team' | 'extraRoles' | 'extraRoleAccounts'>;

/** The accounts in which a person may assume one of their roster roles: their team's grant and their own add up. */
function grantedRoleAccounts(person: GrantHolder, role: string, roster: GrantsOf): string[] {
  const exists = rosterRoleAccounts(role, roster);
  const team = Object.hasOwn(roster.teams, person.team) ? grantedAccounts(roster.teams[person.team].roles).get(role) : undefined;
  const ownAccounts = person.extraRoleAccounts ?? {};
  const own = !person.extraRoles.includes(role) ? undefined : Object.hasOwn(ownAccounts, role) ? ownAccounts[role] : 'all';
  if (team === 'all' || own === 'all') return exists;
  const wanted = new Set([...(team ?? []), ...(own ?? [])]);
  return exists.filter((name) => wanted.has(name));
}

/**
 * The groups a person is in; suspended people are in none. A roster role granted in all of its
 * accounts is its own group, assume-<role>, exactly as in a roster without member accounts; a role
 * granted in some of its accounts only is one group per account granted, assume-<role>_in_<account>
 * (accountRoleGroupName), so that every group's policy names exactly the ARNs its members may assume.
 */
export function groupsOf(person: Pick<Person, 'team' | 'extraRoles' | 'extraRoleAccounts' | 'admin' | 'status'>, roster: GrantsOf): string[] {
  if (person.status !== 'active') return [];
  const groups = [BASE_GROUP_NAME];
  if (person.admin) groups.push(ADMIN_GROUP_NAME);
  for (const role of assumableRoles(person, roster)) {
    const granted = grantedRoleAccounts(person, role, roster);
    if (granted.length === rosterRoleAccounts(role, roster).length) groups.push(roleGroupName(role));
    else groups.push(...granted.map((account) => accountRoleGroupName(role, account)));
  }
  return groups;
}

/** A group the identity stack makes for a roster role, and the accounts its members may assume the role in. */
export interface RoleGroup {
  readonly group: string;
  readonly role: string;
  /** The accounts whose role ARN the group's policy names, in governed order. */
  readonly accounts: readonly string[];
}

/**
 * The groups of the roster's roles, in roster order: each role's own group (every account of the
 * role), then a group per account for each grant narrowed to that account that someone active holds.
 * A roster without member accounts has exactly one group per role, as before.
 */
export function roleGroups(roster: GrantsOf & Pick<Roster, 'people'>): RoleGroup[] {
  const narrowed = new Set(roster.people.flatMap((person) => groupsOf(person, roster)));
  return Object.keys(roster.roles).flatMap((role) => {
    const accounts = rosterRoleAccounts(role, roster);
    const own: RoleGroup = { group: roleGroupName(role), role, accounts };
    const perAccount = accounts.filter((account) => narrowed.has(accountRoleGroupName(role, account))).map((account) => ({ group: accountRoleGroupName(role, account), role, accounts: [account] }));
    return [own, ...perAccount];
  });
}

/**
 * The (role, account) pairs a person may assume, as the stacks grant them: for an admin the
 * admin role and the aws-support role in each of their accounts, then each roster role of
 * the team and the person (sorted, as assumableRoles) in the accounts it is granted in.
 * Suspended people assume nothing. In a roster without member accounts every account is
 * "identity", and the roles are exactly today's: admin and aws-support for admins, then assumableRoles.
 */
export function assumableRoleAccounts(
  person: Pick<Person, 'team' | 'extraRoles' | 'extraRoleAccounts' | 'admin' | 'status'>,
  roster: AccountsOf & Pick<Roster, 'roles' | 'teams'>,
): RoleInAccount[] {
  if (person.status !== 'active') return [];
  const pairs: RoleInAccount[] = [];
  if (person.admin) for (const role of [ADMIN_ROLE_NAME, SUPPORT_ROLE_NAME]) for (const account of roleAccounts(role, roster)) pairs.push({ role, account });
  for (const role of assumableRoles(person, roster)) for (const account of grantedRoleAccounts(person, role, roster)) pairs.push({ role, account });
  return pairs;
}
