/**
 * npm run state:unlock -- <lockId> [--stack identity]: release a stale state lock
 * left by a run that was killed. Only when no deploy is running: a lock held by a
 * live run protects the state from being written twice.
 */
import { Command } from 'commander';
import { resolve } from 'node:path';
import { childEnv } from '../../config/child-env';
import { configFromEnv } from '../../config/from-env';
import { stackDir, synth, terraform } from '../terraform/run';
import { CommandError, runCommand } from './run-command';

const program = new Command('state:unlock')
  .description("release a stale state lock (the lock ID is in the failed run's message)")
  .argument('<lockId>', 'the lock ID printed by the run that found the state locked')
  .option('--stack <name>', 'stack whose state is locked', 'identity')
  .option('--roster <file>', 'roster (default: ROSTER_FILE or users.yaml)')
  .exitOverride();

runCommand({ name: 'state:unlock' }, () => {
  program.parse();
  const [lockId] = program.args;
  const cli = program.opts<{ stack: string; roster?: string }>();
  const config = configFromEnv();
  const env = childEnv(config);
  const s = synth({ rosterFile: resolve(cli.roster ?? config.rosterFile), outdir: config.outdir, env });
  if (s.code !== 0) throw new CommandError(s.stderr.trimEnd());
  const dir = stackDir(config.outdir, cli.stack);
  const init = terraform(['init', '-input=false', '-no-color'], { cwd: dir, env });
  const unlock = init.code === 0 ? terraform(['force-unlock', '-force', '-no-color', lockId], { cwd: dir, env }) : init;
  process.stdout.write(unlock.stdout);
  process.stderr.write(unlock.stderr);
  if (unlock.code !== 0) return 1;
  process.stdout.write(`released lock ${lockId} on the ${cli.stack} state; run npm run plan to see what the interrupted run left, then npm run deploy\n`);
  return 0;
});
