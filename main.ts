/**
 * Entry point for cdktf: load and validate the roster, then synthesize.
 * A roster error prints `file:line:col: message` lines and exits 1; nothing is synthesized.
 */
import { App } from 'cdktf';
import { RosterError, loadRosterFile, rosterFileFromEnv } from './roster';
import { BaselineStack, accessAnalyzerFromEnv } from './stacks/baseline-stack';
import { IdentityStack } from './stacks/identity-stack';

function main(): void {
  let roster;
  try {
    roster = loadRosterFile(rosterFileFromEnv());
  } catch (err) {
    if (!(err instanceof RosterError)) throw err;
    process.stderr.write(`${err.message}\n${err.problems.length} problem(s) in the roster; nothing was synthesized.\n`);
    process.exit(1);
  }
  const app = new App();
  new IdentityStack(app, 'identity', {
    roster,
    offline: process.env.IAM_ROSTER_OFFLINE === '1',
    state: { stateDir: process.env.ROSTER_STATE_DIR || undefined },
  });
  new BaselineStack(app, 'baseline', {
    roster,
    offline: process.env.IAM_ROSTER_OFFLINE === '1',
    state: { stateDir: process.env.ROSTER_STATE_DIR || undefined },
    accessAnalyzer: accessAnalyzerFromEnv(),
  });
  app.synth();
}

main();
