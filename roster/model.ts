import type { AccountEntry, NamingStandard, RoleEntry, RoleGrantEntry, Settings, TeamEntry } from './schema';
import type { RosterProblem } from './problem';

/** Every active person is in this group: read-only access plus self-service password and MFA. */
export const BASE_GROUP_NAME = 'readonly-base';
/** Members may assume the built-in admin role (or, with adminAccess: direct, are administrators). */
export const ADMIN_GROUP_NAME = 'admins';
/** The built-in privileged role for administrators; rosters cannot redefine it. */
export const ADMIN_ROLE_NAME = 'admin';
/** IAM path of every role this repository manages, so policies and audits can tell them apart. */
export const ROLE_PATH = '/privileged/';
/** IAM path of every user and group this repository manages. */
export const PEOPLE_PATH = '/people/';
/** IAM allows a user to be in at most 10 groups. */
export const MAX_GROUPS_PER_USER = 10;

/** The group whose members may assume a roster role, in every account it exists in. */
export function roleGroupName(role: string): string {
  return `assume-${role}`;
}

/**
 * Between a role and an account in the group of a grant narrowed to that account. "_" is in no
 * role or account name (both kebab-case), so no role's own group can ever take this name.
 */
export const ACCOUNT_GROUP_SEPARATOR = '_in_';

/** The group whose members may assume a role in one named account only (a grant narrowed to named accounts). */
export function accountRoleGroupName(role: string, account: string): string {
  return `${roleGroupName(role)}${ACCOUNT_GROUP_SEPARATOR}${account}`;
}

export interface Person {
  readonly name: string;
  readonly employeeId: string;
  readonly team: string;
  readonly admin: boolean;
  /** Roles listed on the person themselves, beyond their team's, by name (whatever accounts they are granted in). */
  readonly extraRoles: readonly string[];
  /**
   * The personal roles granted in named accounts only, with those accounts - none when omitted:
   * every role of extraRoles not listed here is granted in all of the role's accounts.
   */
  readonly extraRoleAccounts?: Readonly<Record<string, readonly string[]>>;
  readonly username: string;
  /** explicit when the roster sets username:, derived from the naming standard otherwise. */
  readonly usernameSource: 'derived' | 'explicit';
  readonly console: boolean;
  readonly status: 'active' | 'suspended';
  readonly pgpKey?: string;
}

export interface Roster {
  /** The file the roster was read from, for messages. */
  readonly file: string;
  readonly settings: Settings & { readonly naming: NamingStandard };
  /** Member accounts by name, governed beside the identity account (settings.accountId); see accounts.ts. */
  readonly accounts: Readonly<Record<string, AccountEntry>>;
  readonly teams: Readonly<Record<string, TeamEntry>>;
  readonly roles: Readonly<Record<string, RoleEntry>>;
  readonly people: readonly Person[];
  /** What validation says of this valid roster without refusing it (npm run validate prints them). */
  readonly notes: readonly RosterProblem[];
}

/** The role a team or person grants, whether by plain name or in named accounts. */
export function grantedRole(grant: RoleGrantEntry): string {
  return typeof grant === 'string' ? grant : grant.role;
}

/** The roster roles a person may assume: their team's and their own, sorted. */
export function assumableRoles(person: Pick<Person, 'team' | 'extraRoles'>, roster: Pick<Roster, 'teams'>): string[] {
  // Own keys only: a team called "constructor" is not Object.prototype's.
  const teamRoles = Object.hasOwn(roster.teams, person.team) ? roster.teams[person.team].roles.map(grantedRole) : [];
  return [...new Set([...teamRoles, ...person.extraRoles])].sort();
}

/** Who may assume each role, by username: the admin role first, then the roster's roles. */
export function roleMembers(roster: Roster): Record<string, string[]> {
  const members = new Map<string, string[]>([[ADMIN_ROLE_NAME, []], ...Object.keys(roster.roles).map((role): [string, string[]] => [role, []])]);
  for (const person of roster.people) {
    if (person.status !== 'active') continue;
    if (person.admin) members.get(ADMIN_ROLE_NAME)?.push(person.username);
    for (const role of assumableRoles(person, roster)) members.get(role)?.push(person.username);
  }
  return Object.fromEntries(members);
}
