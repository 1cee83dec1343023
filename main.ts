/**
 * Entry point for cdktf: the configuration from the environment, the validated roster, the app, synth.
 * A roster or configuration error prints its lines and exits 1; nothing is synthesized.
 */
import { configFromEnv } from './config/from-env';
import { loadRosterFile } from './roster/load';
import { buildApp } from './stacks/app';
import { runCommand } from './tools/cli/run-command';

runCommand({ name: 'synth', rosterFooter: (err) => `${err.problems.length} problem(s) in the roster; nothing was synthesized.` }, () => {
  const config = configFromEnv();
  const roster = loadRosterFile(config.rosterFile);
  buildApp(config, roster).synth();
});
