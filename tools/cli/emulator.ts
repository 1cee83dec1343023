/** npm run emulator -- start|stop|status|env: the local AWS emulator the demo deploys to. */
import { Command } from 'commander';
import { configFromEnv } from '../../config/from-env';
import { demoEnv, ensureEmulator, runningEmulator, stopEmulator } from '../emulator/session';
import { exportLines } from './export-lines';
import { CommandError, runCommand } from './run-command';

/** Exit code of status and env when no emulator is running. */
const NOT_RUNNING = 3;

// Before the subcommands: they inherit the exit override.
const program = new Command('emulator').description('control the local AWS emulator (moto server on a loopback port)').exitOverride();
let exitCode = 0;

program
  .command('start')
  .description('start the emulator, or reuse the one already running')
  .action(async () => {
    const { session, reused } = await ensureEmulator(configFromEnv());
    process.stdout.write(`${reused ? 'already running' : 'started'}: ${session.endpoint} (pid ${session.pid})\n`);
  });

program
  .command('stop')
  .description('stop the emulator; its account (and the demo state describing it) is gone')
  .action(async () => {
    process.stdout.write((await stopEmulator(configFromEnv().localDir)) ? 'stopped\n' : 'not running\n');
  });

program
  .command('status')
  .description('exit 0 and print the endpoint when running, exit 3 otherwise')
  .action(async () => {
    const session = await runningEmulator(configFromEnv().localDir);
    if (session) process.stdout.write(`running: ${session.endpoint} (pid ${session.pid}, since ${session.startedAt})\n`);
    else {
      process.stdout.write('not running (start it with: npm run emulator -- start)\n');
      exitCode = NOT_RUNNING;
    }
  });

program
  .command('env')
  .description('print export lines for the AWS CLI, the SDK and npm run plan/deploy: eval "$(npm run -s emulator -- env)"')
  .action(async () => {
    const config = configFromEnv();
    const session = await runningEmulator(config.localDir);
    if (!session) throw new CommandError('the emulator is not running (start it with: npm run emulator -- start)', NOT_RUNNING);
    process.stdout.write(exportLines(demoEnv(config, session)));
  });

runCommand({ name: 'emulator' }, async () => {
  await program.parseAsync();
  return exitCode;
});
