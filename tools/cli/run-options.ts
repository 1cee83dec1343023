import { Option } from 'commander';
import { resolve } from 'node:path';
import type { Config } from '../../config/config';
import { childEnv } from '../../config/child-env';
import type { RunOptions } from '../deploy/deploy';

/** Options shared by deploy, plan and adopt. */
export const ROSTER_OPTION = new Option('--roster <file>', 'roster to deploy (default: ROSTER_FILE or users.yaml)');
export const STACK_OPTION = new Option('--stack <names...>', 'stacks to run, "account-*" for every member account\'s (default: every stack except the bootstrap stacks)');
export const LOCK_TIMEOUT_OPTION = new Option('--lock-timeout <duration>', "wait this long for another run's state lock, e.g. 5m").default('0s');
export const FULL_REFRESH_OPTION = new Option('--full-refresh', 'refresh and plan every resource instead of the fast plan (docs/fast-plan.md)');

export interface CliOptions {
  readonly roster?: string;
  readonly stack?: string[];
  readonly lockTimeout: string;
  readonly fullRefresh?: boolean;
}

/** Run options from the command line and the configuration; synth, terraform and the SDK get the environment built from it. */
export function runOptionsFrom(cli: CliOptions, config: Config): RunOptions {
  return {
    rosterFile: resolve(cli.roster ?? config.rosterFile),
    outdir: config.outdir,
    env: childEnv(config),
    stacks: cli.stack,
    lockTimeout: cli.lockTimeout,
    fullRefresh: cli.fullRefresh ?? false,
    log: (text) => process.stdout.write(text),
    echo: true,
  };
}
