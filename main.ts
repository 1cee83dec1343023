/**
 * Entry point for cdktf: load and validate the roster, then synthesize.
 * A roster error prints `file:line:col: message` lines and exits 1; nothing is synthesized.
 */
import { App } from 'cdktf';
import { RosterError, loadRosterFile, rosterFileFromEnv } from './roster';
import { BaselineStack, accessAnalyzerFromEnv } from './stacks/baseline-stack';
import { stateBucketName, stateFromEnv } from './stacks/backend';
import { BootstrapStack } from './stacks/bootstrap-stack';
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
  const { accountId } = roster.settings;
  const offline = process.env.IAM_ROSTER_OFFLINE === '1';
  const state = stateFromEnv(process.env);
  const app = new App();
  const identity = new IdentityStack(app, 'identity', { roster, offline, state });
  const baseline = new BaselineStack(app, 'baseline', { roster, offline, state, accessAnalyzer: accessAnalyzerFromEnv() });
  // The support role's grant is a policy on the admin group the identity stack makes.
  baseline.addDependency(identity);
  new BootstrapStack(app, 'bootstrap', {
    accountId,
    stateBucketName: stateBucketName(accountId),
    region: state.s3?.region,
    offline,
    stateDir: state.stateDir,
    githubRepository: process.env.IAM_ROSTER_GITHUB_REPOSITORY || undefined,
    deployEnvironment: process.env.IAM_ROSTER_DEPLOY_ENVIRONMENT || undefined,
    createGithubOidcProvider: process.env.IAM_ROSTER_GITHUB_OIDC_PROVIDER !== 'existing',
  });
  app.synth();
}

main();
