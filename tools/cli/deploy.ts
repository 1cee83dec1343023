/**
 * npm run deploy: deploy the roster to the account the standard AWS environment
 * points at (real AWS, or the emulator when AWS_ENDPOINT_URL is set).
 * npm run adopt -- <employeeId...>: the same, taking over those people's hand-made users.
 */
import { Command } from 'commander';
import { configFromEnv } from '../../config/from-env';
import { deployRoster } from '../deploy/deploy';
import { runCommand } from './run-command';
import { FULL_REFRESH_OPTION, LOCK_TIMEOUT_OPTION, ROSTER_OPTION, STACK_OPTION, runOptionsFrom } from './run-options';

const program = new Command('deploy')
  .description('plan and apply the roster; applies exactly the plan it prints')
  .addOption(ROSTER_OPTION)
  .addOption(STACK_OPTION)
  .addOption(LOCK_TIMEOUT_OPTION)
  .addOption(FULL_REFRESH_OPTION)
  .option('--adopt <employeeIds...>', "import these people's existing (hand-made) IAM users instead of failing")
  .exitOverride();

runCommand({ name: 'deploy' }, async () => {
  const cli = (await program.parseAsync()).opts<{ roster?: string; stack?: string[]; lockTimeout: string; fullRefresh?: boolean; adopt?: string[] }>();
  const results = await deployRoster({ ...runOptionsFrom(cli, configFromEnv()), adopt: cli.adopt });
  const changed = results.filter((r) => r.applied).map((r) => r.stack);
  process.stdout.write(changed.length > 0 ? `\ndeployed: ${changed.join(', ')}\n` : '\nnothing to deploy: the account already matches the roster\n');
});
