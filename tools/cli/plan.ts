/** npm run plan: show what a deploy would change. Exit 0: no changes, 2: changes pending, 1: error. */
import { Command } from 'commander';
import { DeployError, planRoster } from '../deploy/deploy';
import { LOCK_TIMEOUT_OPTION, ROSTER_OPTION, STACK_OPTION, runOptionsFrom } from '../deploy/run-options';

const program = new Command('plan')
  .description('plan the roster against the account; exit 0 no changes, 2 changes pending, 1 error')
  .addOption(ROSTER_OPTION)
  .addOption(STACK_OPTION)
  .addOption(LOCK_TIMEOUT_OPTION)
  .option('--adopt <employeeIds...>', "preview importing these people's existing (hand-made) IAM users")
  .action(async (cli: { roster?: string; stack?: string[]; lockTimeout: string; adopt?: string[] }) => {
    try {
      const plans = await planRoster({ ...runOptionsFrom(cli), adopt: cli.adopt });
      const pending = plans.filter((p) => p.changes).map((p) => p.stack);
      process.stdout.write(pending.length > 0 ? `\nchanges pending: ${pending.join(', ')}\n` : '\nno changes: the account matches the roster\n');
      process.exitCode = pending.length > 0 ? 2 : 0;
    } catch (err) {
      if (!(err instanceof DeployError)) throw err;
      process.stderr.write(`\n${err.message}\n`);
      process.exitCode = 1;
    }
  });

program.parseAsync().catch((err: Error) => {
  process.stderr.write(`plan: ${err.message}\n`);
  process.exitCode = 1;
});
