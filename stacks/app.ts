import { App } from 'cdktf';
import type { Config } from '../config/config';
import type { Roster } from '../roster/model';
import { governedAccounts } from '../roster/accounts';
import { BOOTSTRAP_STACK, memberBootstrapStackName, memberStackName } from './addresses';
import { stateBucketName } from './backend';
import { BaselineStack } from './baseline-stack';
import { BootstrapStack } from './bootstrap-stack';
import { IdentityStack } from './identity-stack';
import { MemberAccountStack } from './member-account-stack';
import { MemberBootstrapStack } from './member-bootstrap-stack';

/** The part of the configuration the stacks use. */
export type AppConfig = Pick<Config, 'outdir' | 'offline' | 'state' | 'accessAnalyzer' | 'ci' | 'memberDeployRole' | 'memberBootstrapRole'>;

/**
 * The stacks of a validated roster, not yet synthesized: identity, baseline and bootstrap in the
 * identity account, and one per member account (account-<name>); with a GitHub repository for CI,
 * also one per member account for its CI roles (bootstrap-<name>). Call synth() on the result to
 * write them to config.outdir.
 */
export function buildApp(config: AppConfig, roster: Roster): App {
  const { accountId } = roster.settings;
  const { offline, state } = config;
  const app = new App({ outdir: config.outdir });
  const identity = new IdentityStack(app, 'identity', { roster, offline, state });
  const baseline = new BaselineStack(app, 'baseline', { roster, offline, state, accessAnalyzer: config.accessAnalyzer });
  // The support role's grant is a policy on the admin group the identity stack makes.
  baseline.addDependency(identity);
  const members = governedAccounts(roster).filter((a) => !a.identity);
  const bootstrap = new BootstrapStack(app, BOOTSTRAP_STACK, {
    accountId,
    stateBucketName: stateBucketName(accountId, state),
    region: state.s3?.region,
    offline,
    stateDir: state.stateDir,
    githubRepository: config.ci.githubRepository,
    deployEnvironment: config.ci.deployEnvironment,
    createGithubOidcProvider: config.ci.createGithubOidcProvider,
    memberAccountIds: members.map((a) => a.id),
  });
  for (const account of members) {
    // The CI roles there trust the identity account's, which exist only with a repository (and must exist first).
    if (config.ci.githubRepository) {
      const name = memberBootstrapStackName(account.name);
      new MemberBootstrapStack(app, name, { account, identityAccountId: accountId, bootstrapRole: config.memberBootstrapRole, offline, stateDir: state.stateDir }).addDependency(bootstrap);
    }
    new MemberAccountStack(app, memberStackName(account.name), { roster, account, deployRole: config.memberDeployRole, offline, state, accessAnalyzer: config.accessAnalyzer });
  }
  return app;
}
