import { grantedAccounts, groupsOf } from './accounts';
import { accountProblems } from './account-rules';
import { ADMIN_ROLE_NAME, MAX_GROUPS_PER_USER, type Person, grantedRole } from './model';
import { grantProblems } from './grant-rules';
import { IAM_USERNAME_MAX, IAM_USERNAME_PATTERN, deriveUsername, suggestUsername, transliterate, usernameKey } from './naming';
import { PersonNameRules } from './person-names';
import { providerLimitProblems } from './provider-limits';
import type { AccountEntry, PersonEntry, RoleEntry, RoleGrantEntry, RosterDocument, Settings, TeamEntry } from './schema';

export type RosterPath = readonly (string | number)[];

/** One thing wrong with the roster, located by its path in the document. */
export interface PathProblem {
  readonly path: RosterPath;
  readonly message: string;
  /** Point at the key itself rather than its value (unknown keys). */
  readonly atKey?: boolean;
}

function known(values: Iterable<string>): string {
  const list = [...values].sort();
  return list.length ? list.join(', ') : 'none defined';
}

/**
 * A roster whose schema check found problems: the parts that did parse, so the
 * cross-field rules still run and every problem is reported in one pass.
 * A missing settings skips username checks; an undefined person entry is skipped.
 */
export interface PartialRosterDocument {
  readonly settings?: Settings;
  readonly accounts: Readonly<Record<string, AccountEntry>>;
  readonly teams: Readonly<Record<string, TeamEntry>>;
  readonly roles: Readonly<Record<string, RoleEntry>>;
  readonly people: readonly (PersonEntry | undefined)[];
}

/** Where a grant's role is: the list item for a plain name, its role: field for a mapping. */
function grantAt(path: RosterPath, label: string, grant: RoleGrantEntry): { path: RosterPath; label: string } {
  return typeof grant === 'string' ? { path, label } : { path: [...path, 'role'], label: `${label}.role` };
}

/** A person's roles granted in named accounts only, as Person.extraRoleAccounts; nothing when every role is granted everywhere. */
function extraRoleAccounts(grants: readonly RoleGrantEntry[]): Pick<Person, 'extraRoleAccounts'> {
  const narrowed = [...grantedAccounts(grants)].filter((entry): entry is [string, string[]] => entry[1] !== 'all');
  return narrowed.length > 0 ? { extraRoleAccounts: Object.fromEntries(narrowed) } : {};
}

/**
 * Cross-field rules that a schema cannot express. Returns every problem found
 * and, when there are none, the people with their usernames resolved.
 */
export function validateDocument(doc: RosterDocument | PartialRosterDocument): { problems: PathProblem[]; people: Person[] } {
  const problems: PathProblem[] = [];
  const { settings, teams, roles } = doc;
  const teamNames = Object.keys(teams);
  const roleNames = Object.keys(roles);

  if (settings?.naming === 'company-id' && !settings.companyInitials) {
    problems.push({ path: ['settings', 'naming'], message: 'settings.naming: company-id needs settings.companyInitials (for example companyInitials: SF)' });
  }
  // Reserved names, shared addresses, admin-equivalent roles and provider limits.
  problems.push(...grantProblems(doc), ...providerLimitProblems(doc), ...accountProblems(doc));
  for (const [team, entry] of Object.entries(teams)) {
    entry.roles.forEach((grant, i) => {
      const role = grantedRole(grant);
      const { path, label } = grantAt(['teams', team, 'roles', i], `teams.${team}.roles[${i}]`, grant);
      if (!Object.hasOwn(roles, role)) problems.push({ path, message: `${label}: unknown role "${role}" (known: ${known(roleNames)})` });
    });
  }

  const names = new PersonNameRules(teamNames, roleNames);
  const people: Person[] = [];
  const byEmployeeId = new Map<string, number>();
  const byUsername = new Map<string, { index: number; name: string; username: string }>();
  doc.people.forEach((entry: PersonEntry | undefined, i) => {
    if (entry === undefined) return;
    const at = (field: string) => ['people', i, field];
    const label = `people[${i}]`;
    const previousId = byEmployeeId.get(entry.employeeId.toLowerCase());
    if (previousId !== undefined) {
      problems.push({ path: at('employeeId'), message: `${label}.employeeId: duplicate employee ID "${entry.employeeId}" (also people[${previousId}] "${doc.people[previousId]?.name}"); each person has exactly one entry` });
    } else {
      byEmployeeId.set(entry.employeeId.toLowerCase(), i);
    }
    if (!Object.hasOwn(teams, entry.team)) problems.push({ path: at('team'), message: `${label}.team: unknown team "${entry.team}" (known: ${known(teamNames)})` });
    const extraRoles = entry.roles.map(grantedRole);
    entry.roles.forEach((grant, r) => {
      const role = grantedRole(grant);
      const { path, label: where } = grantAt(['people', i, 'roles', r], `${label}.roles[${r}]`, grant);
      if (role === ADMIN_ROLE_NAME) problems.push({ path, message: `${where}: "${ADMIN_ROLE_NAME}" is given with "admin: true", not listed in roles` });
      else if (!Object.hasOwn(roles, role)) problems.push({ path, message: `${where}: unknown role "${role}" (known: ${known(roleNames)})` });
    });

    const groups = groupsOf({ admin: entry.admin, extraRoles, ...extraRoleAccounts(entry.roles), team: entry.team, status: 'active' }, doc);
    if (groups.length > MAX_GROUPS_PER_USER) {
      problems.push({ path: ['people', i], message: `${label}: "${entry.name}" would be in ${groups.length} groups (${groups.join(', ')}); IAM allows ${MAX_GROUPS_PER_USER} per user, so move roles to the team or drop some` });
    }

    problems.push(...names.checkName(i, entry));
    if (settings === undefined) return;
    const explicit = entry.username !== undefined;
    const username = explicit ? entry.username : deriveUsername(entry, settings.naming, settings.companyInitials);
    const usernamePath = explicit ? at('username') : at('name');
    if (username === undefined) {
      problems.push({ path: at('name'), message: `${label}.name: cannot derive a username from "${entry.name}" (no Latin letters); set "username:" for this person` });
      return;
    }
    const dropped = explicit ? undefined : names.checkDerivation(i, entry, username, settings.naming);
    if (dropped) {
      problems.push(dropped);
      return;
    }
    const what = explicit ? `username "${username}"` : `derived username "${username}" (from "${entry.name}", naming ${settings.naming})`;
    if (!IAM_USERNAME_PATTERN.test(username)) {
      const ascii = transliterate(username).replace(/[^A-Za-z0-9+=,.@_-]/g, '');
      const why =
        username.length > IAM_USERNAME_MAX
          ? `is ${username.length} characters, IAM allows ${IAM_USERNAME_MAX}${explicit ? '' : '; set a shorter "username:"'}`
          : username.length === 0
            ? 'is empty; IAM usernames are 1 to 64 letters, digits and +=,.@_-'
            : `has characters IAM does not allow (letters, digits and +=,.@_- only)${ascii && ascii.length <= IAM_USERNAME_MAX ? `, for example username: ${ascii}` : ''}`;
      problems.push({ path: usernamePath, message: `${label}: ${what} ${why}` });
    }
    problems.push(...names.checkUsername(i, entry, username, what, usernamePath));
    const previous = byUsername.get(usernameKey(username));
    if (previous !== undefined) {
      problems.push({
        path: usernamePath,
        message: `${label}: ${what} collides with people[${previous.index}] "${previous.name}" (${previous.username}; IAM names are case-insensitive); set "username:" on one of them, for example username: ${suggestUsername(username, entry.employeeId)}`,
      });
    } else {
      byUsername.set(usernameKey(username), { index: i, name: entry.name, username });
    }

    const person: Person = {
      name: entry.name,
      employeeId: entry.employeeId,
      team: entry.team,
      admin: entry.admin,
      extraRoles,
      ...extraRoleAccounts(entry.roles),
      username,
      usernameSource: explicit ? 'explicit' : 'derived',
      console: entry.console,
      status: entry.status,
      ...(entry.pgpKey ? { pgpKey: entry.pgpKey } : {}),
    };
    people.push(person);
  });
  return { problems, people };
}
