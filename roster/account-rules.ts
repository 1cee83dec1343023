/**
 * Rules over the governed accounts (issue 12) that a schema cannot express: each account
 * listed once, the identity account never again as a member, every account a role or a
 * grant names is governed, and a grant names only accounts its role exists in.
 */
import { formatPath } from './problem';
import { IDENTITY_ACCOUNT, type RoleGrantEntry, type RosterDocument } from './schema';
import type { PartialRosterDocument, PathProblem } from './validate';

type Doc = RosterDocument | PartialRosterDocument;

function known(values: Iterable<string>): string {
  return [...values].sort().join(', ');
}

/** The account lists of a role and of a grant, in the identity-first order messages use. */
function listed(names: readonly string[]): string {
  return names.join(', ');
}

/** The names an account list may use: the identity account and every member account. */
export function accountNames(doc: Pick<Doc, 'accounts'>): string[] {
  return [IDENTITY_ACCOUNT, ...Object.keys(doc.accounts)];
}

/** The accounts a roster role exists in as written (identity when omitted), or undefined for an unknown role. */
export function writtenRoleAccounts(doc: Pick<Doc, 'roles'>, role: string): readonly string[] | undefined {
  return Object.hasOwn(doc.roles, role) ? (doc.roles[role].accounts ?? [IDENTITY_ACCOUNT]) : undefined;
}

export function accountProblems(doc: Doc): PathProblem[] {
  const problems: PathProblem[] = [];
  const names = new Set(accountNames(doc));
  const unknown = (path: (string | number)[], name: string) => {
    if (!names.has(name)) problems.push({ path, message: `${formatPath(path)}: unknown account "${name}" (known: ${known(names)})` });
  };

  const byId = new Map<string, string>();
  const byEmail = new Map<string, string>();
  if (doc.settings !== undefined) byId.set(doc.settings.accountId, IDENTITY_ACCOUNT);
  for (const [name, account] of Object.entries(doc.accounts)) {
    if (name === IDENTITY_ACCOUNT) {
      problems.push({
        path: ['accounts', name],
        atKey: true,
        message: `accounts.${name}: "${IDENTITY_ACCOUNT}" is the name account lists give the identity account (settings.accountId), so no member account may take it; pick another name`,
      });
    }
    const previous = byId.get(account.id);
    if (previous === IDENTITY_ACCOUNT) {
      problems.push({
        path: ['accounts', name, 'id'],
        message: `accounts.${name}.id: "${account.id}" is settings.accountId, the identity account, which is always governed (as "${IDENTITY_ACCOUNT}" in account lists); remove this entry`,
      });
    } else if (previous !== undefined) {
      problems.push({ path: ['accounts', name, 'id'], message: `accounts.${name}.id: account ID "${account.id}" is also accounts.${previous}; list each account once` });
    } else {
      byId.set(account.id, name);
    }
    if (account.email === undefined) continue;
    const sameEmail = byEmail.get(account.email.toLowerCase());
    if (sameEmail !== undefined) {
      problems.push({ path: ['accounts', name, 'email'], message: `accounts.${name}.email: "${account.email}" is also the root e-mail of accounts.${sameEmail}; every AWS account has its own` });
    } else {
      byEmail.set(account.email.toLowerCase(), name);
    }
  }

  for (const setting of ['adminRoleAccounts', 'supportRoleAccounts'] as const) {
    const list = doc.settings?.[setting];
    if (list === undefined) continue;
    list.forEach((name, i) => unknown(['settings', setting, i], name));
    if (!list.includes(IDENTITY_ACCOUNT)) {
      const role = setting === 'adminRoleAccounts' ? 'the admin role (identity stack)' : 'the aws-support role (baseline stack)';
      problems.push({
        path: ['settings', setting],
        message: `settings.${setting}: [${listed(list)}] leaves out ${IDENTITY_ACCOUNT}, where the stacks always create ${role}; add ${IDENTITY_ACCOUNT} to the list`,
      });
    }
  }
  for (const [role, entry] of Object.entries(doc.roles)) entry.accounts?.forEach((name, i) => unknown(['roles', role, 'accounts', i], name));

  const grants = (path: (string | number)[], entries: readonly RoleGrantEntry[]) =>
    entries.forEach((grant, i) => {
      if (typeof grant === 'string') return;
      const exists = writtenRoleAccounts(doc, grant.role);
      grant.accounts.forEach((name, a) => {
        const at = [...path, i, 'accounts', a];
        if (!names.has(name)) unknown(at, name);
        else if (exists !== undefined && !exists.includes(name)) {
          problems.push({
            path: at,
            message: `${formatPath(at)}: role "${grant.role}" does not exist in account "${name}" (its accounts: ${listed(exists)}); add ${name} to roles.${grant.role}.accounts, or grant it only where it exists`,
          });
        }
      });
    });
  for (const [team, entry] of Object.entries(doc.teams)) grants(['teams', team, 'roles'], entry.roles);
  doc.people.forEach((person, i) => person && grants(['people', i, 'roles'], person.roles));
  return problems;
}
