import { ADMIN_ROLE_NAME, type Person, type Roster, assumableRoleAccounts, assumableRoles, groupsOf } from '../../roster';

/** One line per person, aligned, for a quick review of what the roster derives. */
export function describeRoster(roster: Roster): string {
  const active = roster.people.filter((p) => p.status === 'active').length;
  const suspended = roster.people.length - active;
  const header = `${roster.file}: valid - ${roster.people.length} people (${active} active, ${suspended} suspended), ${Object.keys(roster.teams).length} teams, ${Object.keys(roster.roles).length} roles, naming ${roster.settings.naming}`;
  const rows = roster.people.map((p) => [
    p.employeeId,
    p.username + (p.usernameSource === 'explicit' ? ' (set)' : ''),
    p.team,
    p.status === 'active' ? groupsOf(p, roster).join(',') : 'suspended: no groups, no console',
    p.status === 'active' ? mayAssume(p, roster).join(',') || '-' : '-',
  ]);
  const table = [['employeeId', 'username', 'team', 'groups', 'may assume'], ...rows];
  const widths = table[0].map((_, c) => Math.max(...table.map((row) => row[c].length)));
  const lines = table.map((row) => `  ${row.map((cell, c) => (c === row.length - 1 ? cell : cell.padEnd(widths[c]))).join('  ')}`.trimEnd());
  return [header, ...lines].join('\n');
}

/** The roles a person may assume; with member accounts, each with its accounts (database-admin@prod+staging). */
function mayAssume(person: Person, roster: Roster): string[] {
  if (Object.keys(roster.accounts).length === 0) return [...(person.admin ? [ADMIN_ROLE_NAME] : []), ...assumableRoles(person, roster)];
  const byRole = new Map<string, string[]>();
  for (const { role, account } of assumableRoleAccounts(person, roster)) byRole.set(role, [...(byRole.get(role) ?? []), account]);
  return [...byRole].map(([role, accounts]) => `${role}@${accounts.join('+')}`);
}
