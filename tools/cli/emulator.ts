/** npm run emulator -- start|stop|status|env: the local AWS emulator the demo deploys to. */
import { Command } from 'commander';
import { exportLines } from './export-lines';
import { demoEnv, ensureEmulator, runningEmulator, stopEmulator } from '../deploy/emulator-session';

const program = new Command('emulator').description('control the local AWS emulator (moto server on a loopback port)');

program
  .command('start')
  .description('start the emulator, or reuse the one already running')
  .action(async () => {
    const { session, reused } = await ensureEmulator();
    process.stdout.write(`${reused ? 'already running' : 'started'}: ${session.endpoint} (pid ${session.pid})\n`);
  });

program
  .command('stop')
  .description('stop the emulator; its account (and the demo state describing it) is gone')
  .action(async () => {
    process.stdout.write((await stopEmulator()) ? 'stopped\n' : 'not running\n');
  });

program
  .command('status')
  .description('exit 0 and print the endpoint when running, exit 3 otherwise')
  .action(async () => {
    const session = await runningEmulator();
    if (session) process.stdout.write(`running: ${session.endpoint} (pid ${session.pid}, since ${session.startedAt})\n`);
    else {
      process.stdout.write('not running (start it with: npm run emulator -- start)\n');
      process.exitCode = 3;
    }
  });

program
  .command('env')
  .description('print export lines for the AWS CLI, the SDK and npm run plan/deploy: eval "$(npm run -s emulator -- env)"')
  .action(async () => {
    const session = await runningEmulator();
    if (!session) {
      process.stderr.write('the emulator is not running (start it with: npm run emulator -- start)\n');
      process.exitCode = 3;
      return;
    }
    process.stdout.write(exportLines(demoEnv(session)));
  });

program.parseAsync().catch((err: Error) => {
  process.stderr.write(`emulator: ${err.message}\n`);
  process.exitCode = 1;
});
