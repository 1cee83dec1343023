import { App } from 'cdktf';
import type { Config } from '../config/config';
import type { Roster } from '../roster/model';
import { stateBucketName } from './backend';
import { BaselineStack } from './baseline-stack';
import { BootstrapStack } from './bootstrap-stack';
import { IdentityStack } from './identity-stack';

/** The part of the configuration the stacks use. */
export type AppConfig = Pick<Config, 'outdir' | 'offline' | 'state' | 'accessAnalyzer' | 'ci'>;

/** The three stacks of a validated roster, not yet synthesized: call synth() on the result to write them to config.outdir. */
export function buildApp(config: AppConfig, roster: Roster): App {
  const { accountId } = roster.settings;
  const { offline, state } = config;
  const app = new App({ outdir: config.outdir });
  const identity = new IdentityStack(app, 'identity', { roster, offline, state });
  const baseline = new BaselineStack(app, 'baseline', { roster, offline, state, accessAnalyzer: config.accessAnalyzer });
  // The support role's grant is a policy on the admin group the identity stack makes.
  baseline.addDependency(identity);
  new BootstrapStack(app, 'bootstrap', {
    accountId,
    stateBucketName: stateBucketName(accountId, state),
    region: state.s3?.region,
    offline,
    stateDir: state.stateDir,
    githubRepository: config.ci.githubRepository,
    deployEnvironment: config.ci.deployEnvironment,
    createGithubOidcProvider: config.ci.createGithubOidcProvider,
  });
  return app;
}
