import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CommandResult, stackDir, synth } from '../terraform/run';
import { iamClient } from './aws-clients';
import { type ImportBlock, findImports, importsJson } from './imports';
import { spawnTerraform } from './terraform-process';

/** The stack that creates the state bucket; deployed on its own with `npm run bootstrap`. */
export const BOOTSTRAP_STACK = 'bootstrap';
/** The saved plan that apply executes, so what is applied is exactly what was shown. */
export const PLAN_FILE = 'tfplan';
/** Import blocks for objects that exist but are missing from state (see imports.ts). */
export const IMPORTS_FILE = 'imports.tf.json';

export interface RunOptions {
  /** The roster to deploy. */
  readonly rosterFile: string;
  /** Where the stacks are synthesized (cdktf.out unless CDKTF_OUTDIR says otherwise). */
  readonly outdir: string;
  /** The whole environment for synth, terraform and the SDK: AWS_*, ROSTER_STATE_DIR, STATE_BUCKET... */
  readonly env: NodeJS.ProcessEnv;
  /** Stacks to plan or deploy - default every stack except bootstrap. */
  readonly stacks?: readonly string[];
  /** Employee IDs whose hand-made IAM users are taken over (imported) - default none. */
  readonly adopt?: readonly string[];
  /** How long to wait for another run's state lock (Terraform duration) - default 0s: fail at once. */
  readonly lockTimeout?: string;
  /** Progress lines and, with echo, Terraform's output as it runs - default: discarded. */
  readonly log?: (text: string) => void;
  /** Stream Terraform's output through log - default false. */
  readonly echo?: boolean;
  /** Told when each terraform process starts (tests use it to interrupt an apply). */
  readonly onTerraform?: (stack: string, command: string, child: ChildProcess) => void;
}

export interface StackPlan {
  readonly stack: string;
  readonly dir: string;
  /** true when the plan has changes (terraform plan -detailed-exitcode 2). */
  readonly changes: boolean;
  readonly imports: readonly ImportBlock[];
  /** terraform plan's output. */
  readonly output: string;
}

export interface StackDeploy extends StackPlan {
  readonly applied: boolean;
  /** terraform apply's output, empty when there was nothing to apply. */
  readonly applyOutput: string;
}

/** A failure a person can act on; `output` keeps Terraform's full text. */
export class DeployError extends Error {
  constructor(
    message: string,
    readonly output = '',
  ) {
    super(message);
    this.name = 'DeployError';
  }
}

/** Synthesize, then plan every selected stack (saving the plan). Nothing is changed. */
export async function planRoster(options: RunOptions): Promise<StackPlan[]> {
  const log = options.log ?? (() => undefined);
  const stacks = synthesize(options);
  const plans: StackPlan[] = [];
  for (const stack of stacks) plans.push(await planStack(stack, options, log));
  return plans;
}

/**
 * Deploy the roster: synthesize, and for each stack plan and, when the plan has
 * changes, apply exactly that saved plan. A roster error stops before anything runs.
 */
export async function deployRoster(options: RunOptions): Promise<StackDeploy[]> {
  const log = options.log ?? (() => undefined);
  const stacks = synthesize(options);
  const results: StackDeploy[] = [];
  for (const stack of stacks) {
    const plan = await planStack(stack, options, log);
    if (!plan.changes) {
      log(`${stack}: no changes - the account already matches the roster\n`);
      results.push({ ...plan, applied: false, applyOutput: '' });
      continue;
    }
    log(`${stack}: applying the plan above\n`);
    const apply = await terraformIn(stack, plan.dir, ['apply', '-input=false', '-no-color', '-auto-approve', `-lock-timeout=${options.lockTimeout ?? '0s'}`, PLAN_FILE], options);
    if (apply.code !== 0) throw new DeployError(explainFailure(stack, 'apply', apply), apply.stdout + apply.stderr);
    results.push({ ...plan, applied: true, applyOutput: apply.stdout });
  }
  return results;
}

function synthesize(options: RunOptions): string[] {
  mkdirSync(options.outdir, { recursive: true });
  const result = synth({ rosterFile: options.rosterFile, outdir: options.outdir, env: stringEnv(options.env) });
  if (result.code !== 0) {
    throw new DeployError(`${result.stderr.trim()}\nnothing was planned or deployed.`, result.stdout + result.stderr);
  }
  const manifest = JSON.parse(readFileSync(join(options.outdir, 'manifest.json'), 'utf8')) as Manifest;
  const all = dependencyOrder(manifest);
  const wanted = options.stacks ?? all.filter((s) => s !== BOOTSTRAP_STACK);
  const unknown = wanted.filter((s) => !all.includes(s));
  if (unknown.length > 0) throw new DeployError(`unknown stack ${unknown.map((s) => `"${s}"`).join(', ')} (known: ${all.join(', ')})`);
  return all.filter((s) => wanted.includes(s));
}

interface Manifest {
  readonly stacks: Record<string, { readonly dependencies?: readonly string[] }>;
}

/** Stack names with every stack after the stacks it depends on (the baseline grants on the identity stack's group). */
export function dependencyOrder(manifest: Manifest): string[] {
  const order: string[] = [];
  const visit = (name: string, path: readonly string[]): void => {
    if (order.includes(name)) return;
    if (path.includes(name)) throw new DeployError(`stack dependency cycle: ${[...path, name].join(' -> ')}`);
    for (const dep of manifest.stacks[name]?.dependencies ?? []) visit(dep, [...path, name]);
    order.push(name);
  };
  for (const name of Object.keys(manifest.stacks)) visit(name, []);
  return order;
}

async function planStack(stack: string, options: RunOptions, log: (text: string) => void): Promise<StackPlan> {
  const dir = stackDir(options.outdir, stack);
  const init = await terraformIn(stack, dir, ['init', '-input=false', '-no-color'], { ...options, echo: false });
  if (init.code !== 0) throw new DeployError(explainFailure(stack, 'init', init, dir), init.stdout + init.stderr);

  const importsFile = join(dir, IMPORTS_FILE);
  rmSync(importsFile, { force: true });
  rmSync(join(dir, PLAN_FILE), { force: true });
  let imports: readonly ImportBlock[] = [];
  if (options.env.IAM_ROSTER_OFFLINE !== '1') {
    const found = await findImports(readStackJson(dir), await stateAddresses(stack, dir, options), iamClient(options.env), new Set(options.adopt ?? []));
    if (found.conflicts.length > 0) {
      throw new DeployError(`${stack}: ${found.conflicts.join(`\n${stack}: `)}\nnothing was planned or deployed.`);
    }
    imports = found.imports;
    if (imports.length > 0) {
      writeFileSync(importsFile, importsJson(imports));
      for (const i of imports) log(`${stack}: importing ${i.to} (${i.id}): ${i.reason}\n`);
    }
  }
  log(`${stack}: planning\n`);
  const plan = await terraformIn(
    stack,
    dir,
    ['plan', '-input=false', '-no-color', '-detailed-exitcode', `-lock-timeout=${options.lockTimeout ?? '0s'}`, `-out=${PLAN_FILE}`],
    options,
  );
  if (plan.code !== 0 && plan.code !== 2) throw new DeployError(explainFailure(stack, 'plan', plan), plan.stdout + plan.stderr);
  return { stack, dir, changes: plan.code === 2, imports, output: plan.stdout };
}

function readStackJson(dir: string) {
  return JSON.parse(readFileSync(join(dir, 'cdk.tf.json'), 'utf8'));
}

/** Addresses recorded in the stack's state (empty before the first deploy). */
async function stateAddresses(stack: string, dir: string, options: RunOptions): Promise<Set<string>> {
  const list = await terraformIn(stack, dir, ['state', 'list', '-no-color'], { ...options, echo: false });
  if (list.code !== 0 && /No state file was found/.test(list.stderr)) return new Set();
  if (list.code !== 0) throw new DeployError(explainFailure(stack, 'state list', list), list.stdout + list.stderr);
  return new Set(list.stdout.split('\n').map((l) => l.trim()).filter(Boolean));
}

async function terraformIn(stack: string, dir: string, args: string[], options: RunOptions): Promise<CommandResult> {
  if (!existsSync(dir)) throw new DeployError(`${stack}: no synthesized stack at ${dir}`);
  const log = options.log;
  const proc = spawnTerraform(args, { cwd: dir, env: options.env, onOutput: options.echo && log ? log : undefined });
  options.onTerraform?.(stack, args[0], proc.child);
  return proc.done;
}

/** One paragraph a person can act on, for the failures that have a known remedy. */
export function explainFailure(stack: string, command: string, result: CommandResult, dir = `cdktf.out/stacks/${stack}`): string {
  const text = `${result.stderr}\n${result.stdout}`;
  if (/Error acquiring the state lock/.test(text)) {
    // Anchored: the S3 error above the lock info carries "RequestID: ..." and "HostID: ...".
    const id = /^\s*ID:\s+(\S+)/m.exec(text)?.[1];
    const who = /Who:\s+(.+)/.exec(text)?.[1]?.trim();
    const since = /Created:\s+(.+)/.exec(text)?.[1]?.trim();
    return [
      `${stack}: the state is locked by another run${who ? ` (${who}` : ''}${since ? `, since ${since}` : ''}${who ? ')' : ''}; nothing was changed.`,
      'Wait for it to finish and run again, or pass --lock-timeout 5m to wait.',
      `If no run is in progress any more (it was killed), release the stale lock: npm run state:unlock -- ${id ?? '<lock ID>'}${stack === 'identity' ? '' : ` --stack ${stack}`}`,
    ].join('\n');
  }
  if (/Saved plan is stale/.test(text)) {
    return `${stack}: the state changed after this run planned (another deploy finished first); nothing was applied. Run the deploy again to plan against the new state.`;
  }
  if (/EntityAlreadyExists/.test(text)) {
    const what = /EntityAlreadyExists: ([^\n]+)/.exec(text)?.[1] ?? 'an IAM object already exists';
    return `${stack}: ${what}.\nIf it is a person's hand-made user, adopt it: npm run adopt -- <employeeId>.\n${tail(text)}`;
  }
  if (/Backend configuration changed|Backend initialization required/.test(text)) {
    return `${stack}: the state location changed since the last run (local <-> S3, or another bucket or key). Move the state with: (cd ${dir} && terraform init -migrate-state), see docs/state.md.\n${tail(text)}`;
  }
  return `${stack}: terraform ${command} failed (exit ${result.code})\n${tail(text)}`;
}

function tail(text: string): string {
  const errors = text.split('\n').filter((l) => l.trim() !== '');
  const first = errors.findIndex((l) => l.startsWith('Error'));
  return (first >= 0 ? errors.slice(first) : errors.slice(-20)).join('\n');
}

function stringEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
}
