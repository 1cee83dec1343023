import type { ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { configFrom } from '../../config/from-env';
import { loadRosterFile } from '../../roster/load';
import { accountOfStack } from '../../stacks/addresses';
import type { RetiredAccount } from '../../stacks/retired-account';
import type { IAMClient } from '@aws-sdk/client-iam';
import { assumeRoleEnv } from '../aws/assume-role';
import { iamClient } from '../aws/clients';
import { type Decision, type FastPlanContext, choosePlan, recordApplied } from '../plan/fast-plan';
import { cannotPrune, prunedConfig } from '../plan/fast-plan/pruned-config';
import { type RawState, stateAddresses } from '../plan/fast-plan/terraform-state';
import { parsePlan } from '../plan-summary';
import { initOnce } from '../terraform/init';
import { type CommandResult, spawnTerraform, stackDir, synth, terraform } from '../terraform/run';
import { assumedRoleArn, readStack } from '../terraform/synthesized';
import { applyErrors } from './apply-errors';
import { DeployError } from './deploy-error';
import { type ImportBlock, findImports, importsJson } from './imports';
import { alreadyExistingAddresses, decideRecovery, recoveryLimit } from './recover-existing';
import { mapConcurrently } from '../map-concurrently';
import { type RetiredStack, memberStates, retiredStacks } from './retired-stacks';
import { MEMBER_PLAN_CONCURRENCY, type Manifest, dependencyOrder, selectStacks } from './stack-order';

/** The saved plan that apply executes, so what is applied is exactly what was shown. */
export const PLAN_FILE = 'tfplan';
/**
 * What the fast plan leaves instead of PLAN_FILE when it found nothing to plan: the plan JSON of
 * no changes, which plan:summary reads when there is no saved plan.
 */
export const NO_CHANGES_PLAN_JSON = 'no-changes.plan.json';
/** Import blocks for objects that exist but are missing from state (see imports.ts). */
export const IMPORTS_FILE = 'imports.tf.json';
/** Holds back user tag changes while users are renamed (see applyRenamesFirst). */
export const RENAME_FIRST_OVERRIDE = 'rename_first_override.tf.json';

export interface RunOptions {
  /** The roster to deploy. */
  readonly rosterFile: string;
  /** Where the stacks are synthesized (cdktf.out unless CDKTF_OUTDIR says otherwise). */
  readonly outdir: string;
  /** The whole environment for synth, terraform and the SDK: AWS_*, ROSTER_STATE_DIR, STATE_BUCKET... */
  readonly env: NodeJS.ProcessEnv;
  /** Stacks to plan or deploy, a trailing * naming every stack it starts (account-*) - default every stack except the bootstrap stacks. */
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
  /** Always refresh and plan every resource (today's full plan) - default false: the fast plan decides (tools/plan/fast-plan). */
  readonly fullRefresh?: boolean;
}

export interface StackPlan {
  readonly stack: string;
  readonly dir: string;
  /** true when the plan has changes (terraform plan -detailed-exitcode 2). */
  readonly changes: boolean;
  readonly imports: readonly ImportBlock[];
  /** terraform plan's output. */
  readonly output: string;
  /** Which plan ran: full (refresh and plan everything), targeted (the fast plan's), none (the fast plan found nothing to plan). */
  readonly mode: Decision['mode'];
  /** Why that plan. */
  readonly reason: string;
  /** The member account this stack retires: no longer on the roster, its plan destroys what its state holds - none for every stack of the roster. */
  readonly retired?: RetiredAccount;
  /** A targeted plan made with the configuration of only its targets and what they refer to: how many resources that holds (pruned-config.ts). */
  readonly prunedTo?: number;
}

export interface StackDeploy extends StackPlan {
  readonly applied: boolean;
  /** terraform apply's output (every apply's, failed ones included), empty when there was nothing to apply. */
  readonly applyOutput: string;
  /** Objects an apply failed to create because they already existed, and that were then imported as ours (recover-existing.ts). */
  readonly recovered: readonly ImportBlock[];
}

export { DeployError } from './deploy-error';

/**
 * Synthesize, then plan every selected stack (saving the plan). Nothing is changed. The identity
 * account's stacks are planned one after the other, then the member accounts' (independent of each
 * other, each with its own state and credentials) up to MEMBER_PLAN_CONCURRENCY at once.
 */
export async function planRoster(options: RunOptions): Promise<StackPlan[]> {
  const log = options.log ?? (() => undefined);
  const { stacks, retired } = await synthesize(options);
  const plans: StackPlan[] = [];
  for (const stack of stacks.filter((s) => accountOfStack(s) === undefined)) plans.push(await planStack(stack, options, log));
  const members = [...stacks.filter((s) => accountOfStack(s) !== undefined), ...retired];
  plans.push(...(await mapConcurrently(members, MEMBER_PLAN_CONCURRENCY, (stack) => (typeof stack === 'string' ? planStack(stack, options, log) : planRetired(stack, options, log)))));
  return plans;
}

/**
 * Deploy the roster: synthesize, and for each stack plan and, when the plan has
 * changes, apply exactly that saved plan. A roster error stops before anything runs.
 */
export async function deployRoster(options: RunOptions): Promise<StackDeploy[]> {
  const log = options.log ?? (() => undefined);
  const { stacks, retired } = await synthesize(options);
  const results: StackDeploy[] = [];
  for (const stack of stacks) results.push(await deployStack(stack, options, log));
  // Last: the identity account's groups have stopped naming these accounts' roles by now.
  for (const r of retired) results.push(await deployRetired(r, options, log));
  return results;
}

/**
 * Plan the destruction of everything a retired account's state holds, through its provider and
 * state alone (stacks/retired-account-stack.ts). Never imports, never a fast plan.
 */
async function planRetired(retired: RetiredStack, options: RunOptions, log: (text: string) => void): Promise<StackPlan> {
  const { stack, account } = retired;
  const dir = stackDir(options.outdir, stack);
  await initStack(stack, dir, options);
  for (const file of [PLAN_FILE, NO_CHANGES_PLAN_JSON, IMPORTS_FILE, RENAME_FIRST_OVERRIDE]) rmSync(join(dir, file), { force: true });
  const reason = `account ${account.name} (${account.id}) is no longer on the roster: every resource its state holds (${retired.resources}, ${retired.where}) is planned for destruction`;
  log(`${stack}: ${reason}\n`);
  const { changes, output } = await terraformPlan(stack, dir, options, log, ['-destroy']);
  return { stack, dir, changes, imports: [], output, mode: 'full', reason, retired: account };
}

/** Apply exactly the saved destroy plan of a retired account. */
async function deployRetired(retired: RetiredStack, options: RunOptions, log: (text: string) => void): Promise<StackDeploy> {
  const plan = await planRetired(retired, options, log);
  if (!plan.changes) return { ...plan, applied: false, applyOutput: '', recovered: [] };
  const applyOutput = await applyPlan(plan.stack, plan.dir, PLAN_FILE, options, log);
  log(`${plan.stack}: account ${retired.account.name} retired; its state (${retired.where}) now holds nothing and may be deleted\n`);
  return { ...plan, applied: true, applyOutput, recovered: [] };
}

/**
 * Plan and apply one stack. An apply that fails only because objects it was creating
 * already exist (an earlier request made them and its answer was lost) imports them,
 * when they are ours, plans again and applies that plan (recover-existing.ts).
 */
async function deployStack(stack: string, options: RunOptions, log: (text: string) => void): Promise<StackDeploy> {
  let plan = await planStack(stack, options, log);
  if (!plan.changes) {
    log(`${stack}: no changes - the account already matches the roster\n`);
    // A full plan with nothing to change shows state and configuration agree: the fast plan may start from here.
    if (plan.mode === 'full') await recordConfiguration(stack, plan.dir, options, log);
    return { ...plan, applied: false, applyOutput: '', recovered: [] };
  }
  const recovered: ImportBlock[] = [];
  const earlier: string[][] = [];
  let applyOutput = '';
  for (;;) {
    try {
      const renamed = renamedAndRetaggedUsers(plan.dir, options);
      applyOutput += renamed.length > 0 ? await applyRenamesFirst(stack, plan.dir, renamed, options, log) : await applyPlan(stack, plan.dir, PLAN_FILE, options, log);
      break;
    } catch (err) {
      if (!(err instanceof DeployError)) throw err;
      recovered.push(...(await importExisting(stack, plan.dir, err, earlier, options, log)));
      applyOutput += err.output;
      const { changes, output } = await terraformPlan(stack, plan.dir, options, log);
      plan = { ...plan, changes, output, mode: 'full', reason: 'planning again after importing what the failed apply had made' };
      if (!changes) break;
    }
  }
  for (const i of recovered) log(`${stack}: imported ${i.to} (${i.id}): ${i.reason}\n`);
  if (plan.mode === 'targeted') applyOutputs(stack, plan.dir, options, log);
  await recordConfiguration(stack, plan.dir, options, log);
  return { ...plan, applied: true, applyOutput, recovered };
}

/** The plan of outputs left stale by a targeted apply. */
const OUTPUTS_PLAN_FILE = 'outputs.tfplan';

/**
 * A targeted apply leaves outputs that refer to resources it did not target out of date
 * (the initial passwords). Plan every resource without a refresh - no AWS calls - and
 * apply that plan only when it changes nothing but outputs; otherwise leave it, and the
 * next plan, seeing stale outputs, is a full one.
 */
function applyOutputs(stack: string, dir: string, options: RunOptions, log: (text: string) => void): void {
  const env = stringEnv(options.env);
  const plan = terraform(['plan', '-input=false', '-no-color', '-refresh=false', '-detailed-exitcode', `-lock-timeout=${options.lockTimeout ?? '0s'}`, `-out=${OUTPUTS_PLAN_FILE}`], { cwd: dir, env });
  try {
    if (plan.code === 0) return;
    const show = plan.code === 2 ? terraform(['show', '-json', '-no-color', OUTPUTS_PLAN_FILE], { cwd: dir, env }) : undefined;
    const resources = show?.code === 0 ? parsePlan(show.stdout).changes.filter((c) => c.kind !== 'no-op' && c.kind !== 'read') : undefined;
    if (!resources || resources.length > 0) {
      log(`${stack}: outputs not brought up to date after the targeted apply (${resources ? `${resources.length} resource change(s) outside the plan` : `plan exit ${plan.code}`}); the next plan is a full one\n`);
      return;
    }
    const apply = terraform(['apply', '-input=false', '-no-color', '-auto-approve', `-lock-timeout=${options.lockTimeout ?? '0s'}`, OUTPUTS_PLAN_FILE], { cwd: dir, env });
    log(apply.code === 0 ? `${stack}: outputs brought up to date after the targeted apply\n` : `${stack}: could not update outputs (exit ${apply.code}); the next plan is a full one\n`);
  } finally {
    rmSync(join(dir, OUTPUTS_PLAN_FILE), { force: true });
  }
}

/** The fast plan's view of a stack: its synthesized JSON, terraform in its folder, the account. */
function fastPlanContext(stack: string, dir: string, options: RunOptions, state = stateOnce(stack, dir, options)): FastPlanContext {
  return {
    state,
    stack,
    dir,
    json: readStack(options.outdir, stack).json,
    env: options.env,
    terraform: (args) => terraformIn(stack, dir, args, { ...options, echo: false }),
    iam: () => iamClient(options.env),
  };
}

/** Keep the configuration just applied with the state; a failure only costs the next plan its speed. */
async function recordConfiguration(stack: string, dir: string, options: RunOptions, log: (text: string) => void): Promise<void> {
  if (options.env.IAM_ROSTER_OFFLINE === '1') return;
  try {
    const written = await recordApplied(fastPlanContext(stack, dir, options));
    if (written) log(`${stack}: recorded the applied configuration in ${written.where}\n`);
  } catch (err) {
    log(`${stack}: could not record the applied configuration (${(err as Error).message}); the next plan is a full one\n`);
  }
}

/**
 * After a failed apply: when every error is EntityAlreadyExists on a create, and each
 * of those objects is ours, write their import blocks for the next plan and return
 * them. Otherwise throw: the apply's own failure, or why the objects are not imported.
 */
async function importExisting(stack: string, dir: string, failure: DeployError, earlier: string[][], options: RunOptions, log: (text: string) => void): Promise<ImportBlock[]> {
  const failed = options.env.IAM_ROSTER_OFFLINE === '1' ? undefined : alreadyExistingAddresses(applyErrors(failure.output));
  if (!failed) throw failure;
  const stop = recoveryLimit(earlier, failed);
  if (stop) throw new DeployError(`${stack}: ${stop}\n${AFTER_FAILED_APPLY}`, failure.output);
  earlier.push(failed);
  log(`\n${stack}: ${failed.length} object(s) the apply was creating already exist (EntityAlreadyExists): ${failed.join(', ')}; importing those that are ours\n`);
  const inState = stateAddresses(await stateOnce(stack, dir, options)());
  // No one is adopted here: an object that appeared during the apply is imported only when it shows it is ours.
  const found = await findImports(readStack(options.outdir, stack).json, inState, await stackIamClient(stack, options));
  const { imports, recovered, refused } = decideRecovery({ failed, inState, found });
  if (refused.length > 0) throw new DeployError(`${stack}: ${refused.join(`\n${stack}: `)}\nnothing was imported and ${AFTER_FAILED_APPLY}`, failure.output);
  writeImports(stack, dir, imports, log);
  return [...recovered];
}

/** How a deploy stopped after an apply that failed part-way leaves the account. */
const AFTER_FAILED_APPLY = 'nothing more was applied; what the failed apply had made is in the state, and the next deploy goes on from there.';

async function applyPlan(stack: string, dir: string, planFile: string, options: RunOptions, log: (text: string) => void): Promise<string> {
  log(`${stack}: applying the plan above\n`);
  const apply = await terraformIn(stack, dir, ['apply', '-input=false', '-no-color', '-auto-approve', `-lock-timeout=${options.lockTimeout ?? '0s'}`, planFile], options);
  if (apply.code !== 0) throw new DeployError(explainFailure(stack, 'apply', apply), apply.stdout + apply.stderr);
  return apply.stdout;
}

/**
 * Logical IDs of the users the saved plan both renames and retags. AWS provider 5.x
 * tags a user by its new name before renaming it (hashicorp/terraform-provider-aws#45607,
 * fixed in 6.x), so that apply fails with NoSuchEntity after the person's memberships and
 * password were already removed. A rename alone, or a tag change alone, is fine.
 */
export function renamedAndRetaggedUsers(dir: string, options: RunOptions): string[] {
  const show = terraform(['show', '-json', '-no-color', PLAN_FILE], { cwd: dir, env: stringEnv(options.env) });
  if (show.code !== 0) throw new DeployError(`terraform show ${PLAN_FILE} failed (exit ${show.code})\n${tail(show.stderr)}`, show.stderr);
  return parsePlan(show.stdout)
    .changes.filter((c) => c.type === 'aws_iam_user' && c.kind === 'update')
    .filter(({ before, after }) => before?.name !== after?.name && JSON.stringify(before?.tags ?? {}) !== JSON.stringify(after?.tags ?? {}))
    .map((c) => c.name);
}

/** Apply in two steps: the renames with those users' tag changes held back, then the tags (see renamedAndRetaggedUsers). */
async function applyRenamesFirst(stack: string, dir: string, users: readonly string[], options: RunOptions, log: (text: string) => void): Promise<string> {
  log(`${stack}: renaming ${users.join(', ')} first and updating their tags after (AWS provider 5.x cannot do both in one apply)\n`);
  const override = join(dir, RENAME_FIRST_OVERRIDE);
  writeFileSync(override, `${JSON.stringify({ resource: { aws_iam_user: Object.fromEntries(users.map((id) => [id, { lifecycle: { ignore_changes: ['tags'] } }])) } }, null, 2)}\n`);
  let output: string;
  try {
    await terraformPlan(stack, dir, options, log);
    output = await applyPlan(stack, dir, PLAN_FILE, options, log);
  } finally {
    rmSync(override, { force: true });
  }
  // Everything the first step imported is in state now.
  rmSync(join(dir, IMPORTS_FILE), { force: true });
  if ((await terraformPlan(stack, dir, options, log)).changes) output += await applyPlan(stack, dir, PLAN_FILE, options, log);
  return output;
}

/**
 * Synthesize the roster's stacks, and find the member accounts taken off it whose stacks still
 * hold resources (retired-stacks.ts); those are planned for destruction with every stack, or when
 * named in options.stacks. Offline, nothing is read from AWS and no account is retired.
 */
async function synthesize(options: RunOptions): Promise<{ stacks: string[]; retired: RetiredStack[] }> {
  mkdirSync(options.outdir, { recursive: true });
  const env = stringEnv(options.env);
  const result = synth({ rosterFile: options.rosterFile, outdir: options.outdir, env });
  if (result.code !== 0) {
    throw new DeployError(`${result.stderr.trim()}\nnothing was planned or deployed.`, result.stdout + result.stderr);
  }
  const manifest = JSON.parse(readFileSync(join(options.outdir, 'manifest.json'), 'utf8')) as Manifest;
  const all = dependencyOrder(manifest);
  const config = configFrom({ ...env, ROSTER_FILE: options.rosterFile, CDKTF_OUTDIR: options.outdir });
  const retired = config.offline ? [] : await retiredStacks(await memberStates(config, options.env), all, () => loadRosterFile(options.rosterFile));
  // A retired account's stack is an account-* stack like any other: named, matched by account-*, or in the default set.
  const selected = selectStacks([...all, ...retired.map((r) => r.stack)], options.stacks);
  const retiring = retired.filter((r) => selected.includes(r.stack));
  if (retiring.length > 0) await synthesizeRetired(retiring, config);
  return { stacks: all.filter((s) => selected.includes(s)), retired: retiring };
}

/**
 * Write each retired account's stack (provider and state, no resources) where its account-<name>
 * stack was synthesized, over whatever a synth before the account's removal left there.
 */
async function synthesizeRetired(retired: readonly RetiredStack[], config: ReturnType<typeof configFrom>): Promise<void> {
  // Loaded only here: the provider classes cost a plan without retired accounts nothing.
  const { buildRetiredApp } = await import('../../stacks/retired-account-stack');
  const scratch = join(config.outdir, '.retired');
  rmSync(scratch, { recursive: true, force: true });
  buildRetiredApp({ ...config, outdir: scratch }, retired.map((r) => r.account)).synth();
  for (const r of retired) {
    mkdirSync(stackDir(config.outdir, r.stack), { recursive: true });
    copyFileSync(join(stackDir(scratch, r.stack), 'cdk.tf.json'), join(stackDir(config.outdir, r.stack), 'cdk.tf.json'));
  }
  rmSync(scratch, { recursive: true, force: true });
}

async function planStack(stack: string, options: RunOptions, log: (text: string) => void): Promise<StackPlan> {
  const dir = stackDir(options.outdir, stack);
  await initStack(stack, dir, options);

  const importsFile = join(dir, IMPORTS_FILE);
  rmSync(importsFile, { force: true });
  rmSync(join(dir, PLAN_FILE), { force: true });
  rmSync(join(dir, NO_CHANGES_PLAN_JSON), { force: true });
  // Left behind only by a run killed half-way through applyRenamesFirst.
  rmSync(join(dir, RENAME_FIRST_OVERRIDE), { force: true });
  const state = stateOnce(stack, dir, options);
  let imports: readonly ImportBlock[] = [];
  if (options.env.IAM_ROSTER_OFFLINE !== '1') {
    const found = await findImports(readStack(options.outdir, stack).json, stateAddresses(await state()), await stackIamClient(stack, options), new Set(options.adopt ?? []));
    if (found.conflicts.length > 0) {
      throw new DeployError(`${stack}: ${found.conflicts.map((c) => c.message).join(`\n${stack}: `)}\nnothing was planned or deployed.`);
    }
    imports = found.imports;
    writeImports(stack, dir, imports, log);
  }
  const decision = await choosePlan(fastPlanContext(stack, dir, options, state), { fullRefresh: options.fullRefresh, imports: imports.length });
  log(`${stack}: ${describeDecision(decision)}\n`);
  if (decision.mode === 'none') {
    writeFileSync(join(dir, NO_CHANGES_PLAN_JSON), `${JSON.stringify({ format_version: '1.2', resource_changes: [], fast_plan: { mode: decision.mode, reason: decision.reason } })}\n`);
    return { stack, dir, changes: false, imports, output: `No changes. ${decision.reason}.\n`, mode: decision.mode, reason: decision.reason };
  }
  const extra = decision.mode === 'targeted' ? [...(decision.refresh ? [] : ['-refresh=false']), ...(decision.targets ?? []).map((t) => `-target=${t}`)] : [];
  const pruned = decision.mode === 'targeted' && decision.targets ? await targetedFolder(stack, dir, decision.targets, options, log) : undefined;
  const { changes, output } = await terraformPlan(stack, dir, options, log, extra, pruned?.dir);
  return { stack, dir, changes, imports, output, mode: decision.mode, reason: decision.reason, prunedTo: pruned?.resources };
}

/** Where a targeted plan runs: beside the stack's folder, with the configuration of only its targets. */
export const TARGETED_DIR = '.targeted';

/**
 * The folder a targeted plan runs in (pruned-config.ts): the targets and what they refer to, with
 * the stack's backend, lock file and providers. The stack's own folder when it cannot be pruned.
 */
async function targetedFolder(stack: string, dir: string, targets: readonly string[], options: RunOptions, log: (text: string) => void): Promise<{ dir: string; resources: number } | undefined> {
  const json = readStack(options.outdir, stack).json;
  const pruned = prunedConfig(json, targets);
  if (!pruned) {
    log(`${stack}: the targeted plan loads the whole configuration: ${cannotPrune(json)}\n`);
    return undefined;
  }
  const sub = join(dir, TARGETED_DIR);
  mkdirSync(sub, { recursive: true });
  writeFileSync(join(sub, 'cdk.tf.json'), `${JSON.stringify(pruned, null, 2)}\n`);
  copyFileSync(join(dir, '.terraform.lock.hcl'), join(sub, '.terraform.lock.hcl'));
  await initStack(stack, sub, options);
  const resources = Object.values(pruned.resource ?? {}).reduce((n, byName) => n + Object.keys(byName).length, 0);
  log(`${stack}: the targeted plan loads only the configuration it needs: ${resources} resource(s), in ${TARGETED_DIR}\n`);
  return { dir: sub, resources };
}

/** terraform init in the stack's folder, unless it is initialized for this configuration already (init.ts). */
async function initStack(stack: string, dir: string, options: RunOptions): Promise<void> {
  // A missing folder fails in terraformIn, with the same message as every other terraform run.
  const init = await initOnce(dir, options.env, (args) => terraformIn(stack, dir, args, { ...options, echo: false }));
  if (init && init.code !== 0) throw new DeployError(explainFailure(stack, 'init', init, dir), init.stdout + init.stderr);
}

/** One line saying which plan runs and why. */
export function describeDecision(d: Decision): string {
  if (d.mode === 'none') return `fast plan: nothing to plan - ${d.reason}`;
  if (d.mode === 'full') return `full plan (refresh every resource): ${d.reason}`;
  return `fast plan (${d.targets ? `${d.targets.length} targeted` : 'every resource'}, ${d.refresh ? 'refreshing them' : 'no refresh'}): ${d.reason}`;
}

/**
 * An IAM client in the stack's account: for a member account's stack, with the credentials of the
 * deploy role its provider assumes, so the import check reads that account and never the identity account.
 */
async function stackIamClient(stack: string, options: RunOptions): Promise<IAMClient> {
  const roleArn = assumedRoleArn(readStack(options.outdir, stack));
  if (roleArn === undefined) return iamClient(options.env);
  try {
    return iamClient(await assumeRoleEnv(options.env, roleArn));
  } catch (err) {
    throw new DeployError(`${stack}: cannot assume ${roleArn} to read the account (${(err as Error).message}); nothing was planned or deployed.`);
  }
}

/** The import blocks the next plan applies (none: no file), each said in the log. */
function writeImports(stack: string, dir: string, imports: readonly ImportBlock[], log: (text: string) => void): void {
  if (imports.length === 0) return;
  writeFileSync(join(dir, IMPORTS_FILE), importsJson(imports));
  for (const i of imports) log(`${stack}: importing ${i.to} (${i.id}): ${i.reason}\n`);
}

/**
 * terraform plan, saved to PLAN_FILE in dir; changes is true for pending changes (exit 2). planDir:
 * where the plan runs, when not in dir (a targeted plan's folder of its own configuration).
 */
async function terraformPlan(stack: string, dir: string, options: RunOptions, log: (text: string) => void, extra: readonly string[] = [], planDir = dir): Promise<{ changes: boolean; output: string }> {
  log(`${stack}: planning\n`);
  const plan = await terraformIn(
    stack,
    planDir,
    ['plan', '-input=false', '-no-color', '-detailed-exitcode', `-lock-timeout=${options.lockTimeout ?? '0s'}`, `-out=${resolve(dir, PLAN_FILE)}`, ...extra],
    options,
  );
  if (plan.code !== 0 && plan.code !== 2) throw new DeployError(explainFailure(stack, 'plan', plan), plan.stdout + plan.stderr);
  return { changes: plan.code === 2, output: plan.stdout };
}

/**
 * The stack's state as terraform state pull prints it (undefined before the first deploy), pulled
 * at the first call and shared after it: the import check and the fast plan read the same state.
 */
function stateOnce(stack: string, dir: string, options: RunOptions): () => Promise<RawState | undefined> {
  let pulled: Promise<RawState | undefined> | undefined;
  const pull = async () => {
    const r = await terraformIn(stack, dir, ['state', 'pull'], { ...options, echo: false });
    if (r.code !== 0) throw new DeployError(explainFailure(stack, 'state pull', r, dir), r.stdout + r.stderr);
    return r.stdout.trim() === '' ? undefined : (JSON.parse(r.stdout) as RawState);
  };
  return () => (pulled ??= pull());
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
