/**
 * npm run validate [-- file]: check the roster alone, fast, without loading cdktf.
 * Problems print as `file:line:col: message` on stderr with exit code 1; a valid
 * roster prints who gets which username and groups.
 */
import { Command } from 'commander';
import { configFromEnv } from '../../config/from-env';
import { formatProblem, loadRosterFile } from '../../roster';
import { describeRoster } from '../roster/describe';
import { runCommand } from './run-command';

const program = new Command()
  .name('validate')
  .description('Validate the roster (default: $ROSTER_FILE or users.yaml) and list what it derives')
  .argument('[file]', 'roster file')
  .option('-q, --quiet', 'print nothing when the roster is valid')
  .exitOverride();

runCommand({ name: 'validate', rosterFooter: (err) => `${err.problems.length} problem${err.problems.length === 1 ? '' : 's'} in the roster` }, () => {
  program.parse();
  const roster = loadRosterFile(program.args[0] ?? configFromEnv().rosterFile);
  if (program.opts().quiet) return;
  process.stdout.write(`${describeRoster(roster)}\n`);
  // Notes do not fail validation; like problems they go to stderr, with their position.
  for (const note of roster.notes) process.stderr.write(`${formatProblem({ ...note, message: `note: ${note.message}` })}\n`);
});
