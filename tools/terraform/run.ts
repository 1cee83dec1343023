/**
 * Running Terraform, and the synth that feeds it, in one place: waiting (terraform,
 * terraformOk) or streaming (spawnTerraform), both started one way.
 */
import { type ChildProcess, type SpawnSyncReturns, spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { childEnv } from '../../config/child-env';
import { configFrom, configFromEnv } from '../../config/from-env';
import { terraformEnv } from './cli-config';
import { PROJECT_ROOT } from '../project-root';

export interface CommandResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function result(r: SpawnSyncReturns<string>): CommandResult {
  if (r.error) throw r.error;
  return { code: r.status ?? 1, stdout: r.stdout, stderr: r.stderr };
}

export interface SynthOptions {
  /** Roster to synthesize (ROSTER_FILE). */
  readonly rosterFile: string;
  /** Where cdktf writes stacks/<name>/cdk.tf.json (CDKTF_OUTDIR). */
  readonly outdir: string;
  /**
   * The app's other settings and its AWS target, such as ROSTER_STATE_DIR, IAM_ROSTER_OFFLINE or
   * AWS_ENDPOINT_URL. Only these reach main.ts: this process's own settings never do.
   */
  readonly env?: Record<string, string>;
}

/**
 * Synthesize the app exactly as cdktf does (the same main.ts), without the
 * cdktf CLI's start-up cost. Returns the process result: a roster error exits 1.
 * An invalid setting in env throws ConfigError before anything runs.
 */
export function synth(options: SynthOptions): CommandResult {
  return result(
    spawnSync(join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx'), [join(PROJECT_ROOT, 'main.ts')], {
      cwd: PROJECT_ROOT,
      encoding: 'utf8',
      env: childEnv(configFrom({ ...options.env, ROSTER_FILE: options.rosterFile, CDKTF_OUTDIR: options.outdir })),
    }),
  );
}

export function stackDir(outdir: string, stack = 'identity'): string {
  return join(outdir, 'stacks', stack);
}

/** How every terraform run starts: the project's CLI config (providers from the local mirror) over the given environment. */
function terraformSpawnOptions(cwd: string, env: NodeJS.ProcessEnv) {
  return { cwd, env: terraformEnv(env) };
}

/** Run terraform and wait, in this process's configuration with env laid over it. */
export function terraform(args: readonly string[], options: { cwd: string; env?: Record<string, string> }): CommandResult {
  return result(
    spawnSync('terraform', [...args], {
      ...terraformSpawnOptions(options.cwd, { ...childEnv(configFromEnv()), ...options.env }),
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    }),
  );
}

/** terraform, throwing with its output when it fails (exit codes in okCodes pass). */
export function terraformOk(args: readonly string[], options: { cwd: string; env?: Record<string, string>; okCodes?: readonly number[] }): CommandResult {
  const r = terraform(args, options);
  if (!(options.okCodes ?? [0]).includes(r.code)) throw new Error(`terraform ${args.join(' ')} exited ${r.code}\n${r.stderr}\n${r.stdout}`.trim());
  return r;
}

export interface TerraformProcess {
  readonly child: ChildProcess;
  readonly done: Promise<CommandResult>;
}

export interface SpawnTerraformOptions {
  readonly cwd: string;
  /** The whole environment terraform runs in (nothing of this process's is added). */
  readonly env: NodeJS.ProcessEnv;
  /** Called with each chunk of output as it arrives (to stream it to a terminal). */
  readonly onOutput?: (chunk: string) => void;
}

/**
 * Start terraform without waiting, so a caller can stream its output, run two
 * at once, or stop one mid-apply (the deploy).
 */
export function spawnTerraform(args: readonly string[], options: SpawnTerraformOptions): TerraformProcess {
  const child = spawn('terraform', [...args], { ...terraformSpawnOptions(options.cwd, options.env), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    options.onOutput?.(chunk);
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    options.onOutput?.(chunk);
  });
  const done = new Promise<CommandResult>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr }));
  });
  return { child, done };
}
