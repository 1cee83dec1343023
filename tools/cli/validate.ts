/**
 * npm run validate [-- file]: check the roster alone, fast, without loading cdktf.
 * Problems print as `file:line:col: message` on stderr with exit code 1; a valid
 * roster prints who gets which username and groups.
 */
import { Command } from 'commander';
import { ADMIN_ROLE_NAME, RosterError, type Roster, assumableRoles, groupsOf, loadRosterFile, rosterFileFromEnv } from '../../roster';

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
    p.status === 'active' ? [...(p.admin ? [ADMIN_ROLE_NAME] : []), ...assumableRoles(p, roster)].join(',') || '-' : '-',
  ]);
  const table = [['employeeId', 'username', 'team', 'groups', 'may assume'], ...rows];
  const widths = table[0].map((_, c) => Math.max(...table.map((row) => row[c].length)));
  const lines = table.map((row) => `  ${row.map((cell, c) => (c === row.length - 1 ? cell : cell.padEnd(widths[c]))).join('  ')}`.trimEnd());
  return [header, ...lines].join('\n');
}

function main(argv: string[]): void {
  const program = new Command()
    .name('validate')
    .description('Validate the roster (default: $ROSTER_FILE or users.yaml) and list what it derives')
    .argument('[file]', 'roster file')
    .option('-q, --quiet', 'print nothing when the roster is valid')
    .parse(argv);
  const file = program.args[0] ?? rosterFileFromEnv();
  try {
    const roster = loadRosterFile(file);
    if (!program.opts().quiet) process.stdout.write(`${describeRoster(roster)}\n`);
  } catch (err) {
    if (!(err instanceof RosterError)) throw err;
    process.stderr.write(`${err.message}\n${err.problems.length} problem${err.problems.length === 1 ? '' : 's'} in the roster\n`);
    process.exitCode = 1;
  }
}

if (require.main === module) main(process.argv);
