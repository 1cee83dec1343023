/**
 * terraform init, once per configuration. A second init of a folder already initialized for the
 * same `terraform` block (backend and required providers), the same provider lock file, the same
 * CLI configuration (the provider mirror) and the same Terraform changes nothing, yet costs more
 * than a second of every plan. A marker in `.terraform` holds a hash of what the last successful
 * init saw; when anything differs, or the marker or the installed providers are missing, init runs.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { terraformEnv } from './cli-config';
import type { CommandResult } from './run';

export const INIT_MARKER = join('.terraform', 'iam-roster-init.sha256');

const readIfExists = (file: string): string | null => (existsSync(file) ? readFileSync(file, 'utf8') : null);

/** The hash of everything init depends on in dir, or undefined when init has not run (no lock file, no providers). */
async function initInputs(dir: string, env: NodeJS.ProcessEnv, run: (args: string[]) => Promise<CommandResult>): Promise<string | undefined> {
  const lock = readIfExists(join(dir, '.terraform.lock.hcl'));
  if (lock === null || !existsSync(join(dir, '.terraform', 'providers'))) return undefined;
  const version = await run(['version', '-json']);
  if (version.code !== 0) return undefined;
  const cliConfig = terraformEnv(env).TF_CLI_CONFIG_FILE;
  const inputs = {
    terraform: (JSON.parse(readFileSync(join(dir, 'cdk.tf.json'), 'utf8')) as { terraform?: unknown }).terraform ?? null,
    lock,
    cliConfig: cliConfig ? readIfExists(cliConfig) : null,
    version: (JSON.parse(version.stdout) as { terraform_version: string }).terraform_version,
  };
  return createHash('sha256').update(JSON.stringify(inputs)).digest('hex');
}

/**
 * Run `terraform init` in dir through run, unless the marker says the folder is initialized for
 * exactly this configuration. Returns init's result, or undefined when it was not needed.
 */
export async function initOnce(dir: string, env: NodeJS.ProcessEnv, run: (args: string[]) => Promise<CommandResult>): Promise<CommandResult | undefined> {
  const marker = join(dir, INIT_MARKER);
  const before = await initInputs(dir, env, run);
  if (before !== undefined && readIfExists(marker) === before) return undefined;
  rmSync(marker, { force: true });
  const init = await run(['init', '-input=false', '-no-color']);
  if (init.code !== 0) return init;
  const after = await initInputs(dir, env, run);
  if (after !== undefined) writeFileSync(marker, after);
  return init;
}
