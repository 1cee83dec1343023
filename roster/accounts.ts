/**
 * The accounts a roster governs (issue 12). The identity account (settings.accountId, named
 * "identity" in account lists) holds the people's users, the groups and the password policy;
 * the member accounts of `accounts:` hold roles only. These pure functions are what the stacks,
 * the plan summary and the audit read; a roster without `accounts:` governs the identity
 * account alone and every role is in it, exactly as before.
 */
import { SUPPORT_ROLE_NAME } from '../stacks/built-in-names';
import { ADMIN_ROLE_NAME, type Person, type Roster, assumableRoles } from './model';
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
  const add = (role: string, accounts: 'all' | readonly string[]) => {
    const exists = roleAccounts(role, roster);
    for (const account of accounts === 'all' ? exists : exists.filter((a) => accounts.includes(a))) pairs.push({ role, account });
  };
  if (person.admin) {
    add(ADMIN_ROLE_NAME, 'all');
    add(SUPPORT_ROLE_NAME, 'all');
  }
  const byTeam = Object.hasOwn(roster.teams, person.team) ? grantedAccounts(roster.teams[person.team].roles) : new Map<string, 'all' | string[]>();
  const own = person.extraRoleAccounts ?? {};
  const byPerson = grantedAccounts(person.extraRoles.map((role) => (Object.hasOwn(own, role) ? { role, accounts: [...own[role]] } : role)));
  for (const role of assumableRoles(person, roster)) {
    const team = byTeam.get(role) ?? [];
    const personal = byPerson.get(role) ?? [];
    add(role, team === 'all' || personal === 'all' ? 'all' : [...team, ...personal]);
  }
  return pairs;
}
