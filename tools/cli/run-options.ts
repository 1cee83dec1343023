import { Option } from 'commander';
import { resolve } from 'node:path';
import { rosterFileFromEnv } from '../../roster';
import { PROJECT_ROOT } from '../terraform/cli-config';
import type { RunOptions } from './deploy';

/** Options shared by deploy, plan and adopt. */
export const ROSTER_OPTION = new Option('--roster <file>', 'roster to deploy (default: ROSTER_FILE or users.yaml)');
export const STACK_OPTION = new Option('--stack <names...>', 'stacks to run (default: every stack except bootstrap)');
export const LOCK_TIMEOUT_OPTION = new Option('--lock-timeout <duration>', "wait this long for another run's state lock, e.g. 5m").default('0s');

export interface CliOptions {
  readonly roster?: string;
  readonly stack?: string[];
  readonly lockTimeout: string;
}

/** Where the stacks are synthesized: CDKTF_OUTDIR, or cdktf.out in the project. */
export function outdirFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.CDKTF_OUTDIR || `${PROJECT_ROOT}/cdktf.out`);
}

/** Run options from the command line and the standard environment (AWS_*, STATE_*, ROSTER_STATE_DIR, CDKTF_OUTDIR). */
export function runOptionsFrom(cli: CliOptions, env: NodeJS.ProcessEnv = process.env): RunOptions {
  return {
    rosterFile: resolve(cli.roster ?? rosterFileFromEnv(env)),
    outdir: outdirFromEnv(env),
    env,
    stacks: cli.stack,
    lockTimeout: cli.lockTimeout,
    log: (text) => process.stdout.write(text),
    echo: true,
  };
}
