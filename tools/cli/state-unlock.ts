/**
 * npm run state:unlock -- <lockId> [--stack identity]: release a stale state lock
 * left by a run that was killed. Only when no deploy is running: a lock held by a
 * live run protects the state from being written twice.
 */
import { Command } from 'commander';
import { resolve } from 'node:path';
import { rosterFileFromEnv } from '../../roster';
import { outdirFromEnv } from '../deploy/run-options';
import { stackDir, synth, terraform } from '../terraform/run';

const program = new Command('state:unlock')
  .description('release a stale state lock (the lock ID is in the failed run\'s message)')
  .argument('<lockId>', 'the lock ID printed by the run that found the state locked')
  .option('--stack <name>', 'stack whose state is locked', 'identity')
  .option('--roster <file>', 'roster (default: ROSTER_FILE or users.yaml)')
  .action((lockId: string, cli: { stack: string; roster?: string }) => {
    const outdir = outdirFromEnv();
    const s = synth({ rosterFile: resolve(cli.roster ?? rosterFileFromEnv()), outdir });
    if (s.code !== 0) {
      process.stderr.write(s.stderr);
      process.exitCode = 1;
      return;
    }
    const dir = stackDir(outdir, cli.stack);
    const init = terraform(['init', '-input=false', '-no-color'], { cwd: dir });
    const unlock = init.code === 0 ? terraform(['force-unlock', '-force', '-no-color', lockId], { cwd: dir }) : init;
    process.stdout.write(unlock.stdout);
    process.stderr.write(unlock.stderr);
    if (unlock.code === 0) process.stdout.write(`released lock ${lockId} on the ${cli.stack} state; run npm run plan to see what the interrupted run left, then npm run deploy\n`);
    process.exitCode = unlock.code === 0 ? 0 : 1;
  });

program.parse();
