import { type ChildProcess, spawn } from 'node:child_process';
import { terraformEnv } from '../terraform/cli-config';
import type { CommandResult } from '../terraform/run';

export interface TerraformProcess {
  readonly child: ChildProcess;
  readonly done: Promise<CommandResult>;
}

export interface TerraformRunOptions {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** Called with each chunk of output as it arrives (to stream it to a terminal). */
  readonly onOutput?: (chunk: string) => void;
}

/**
 * Start terraform asynchronously with the project's CLI config, so a caller can
 * stream its output, run two at once, or stop one mid-apply.
 */
export function spawnTerraform(args: readonly string[], options: TerraformRunOptions): TerraformProcess {
  const child = spawn('terraform', [...args], { cwd: options.cwd, env: terraformEnv(options.env), stdio: ['ignore', 'pipe', 'pipe'] });
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

export function runTerraform(args: readonly string[], options: TerraformRunOptions): Promise<CommandResult> {
  return spawnTerraform(args, options).done;
}
