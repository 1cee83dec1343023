/** npm run plan: show what a deploy would change. Exit 0: no changes, 2: changes pending, 1: error. */
import { Command } from 'commander';
import { configFromEnv } from '../../config/from-env';
import { planRoster } from '../deploy/deploy';
import { runCommand } from './run-command';
import { FULL_REFRESH_OPTION, LOCK_TIMEOUT_OPTION, ROSTER_OPTION, STACK_OPTION, runOptionsFrom } from './run-options';

const program = new Command('plan')
  .description('plan the roster against the account; exit 0 no changes, 2 changes pending, 1 error')
  .addOption(ROSTER_OPTION)
  .addOption(STACK_OPTION)
  .addOption(LOCK_TIMEOUT_OPTION)
  .addOption(FULL_REFRESH_OPTION)
  .option('--adopt <employeeIds...>', "preview importing these people's existing (hand-made) IAM users")
  .exitOverride();

runCommand({ name: 'plan' }, async () => {
  const cli = (await program.parseAsync()).opts<{ roster?: string; stack?: string[]; lockTimeout: string; fullRefresh?: boolean; adopt?: string[] }>();
  const plans = await planRoster({ ...runOptionsFrom(cli, configFromEnv()), adopt: cli.adopt });
  const pending = plans.filter((p) => p.changes).map((p) => p.stack);
  process.stdout.write(pending.length > 0 ? `\nchanges pending: ${pending.join(', ')}\n` : '\nno changes: the account matches the roster\n');
  for (const p of plans.filter((p) => p.retired && p.changes)) process.stdout.write(`DESTROYS ${p.stack}: ${p.reason}\n`);
  return pending.length > 0 ? 2 : 0;
});
