/**
 * The fast plan: a plan whose cost grows with the change, not with the roster.
 *
 * 1. Read the live account in bulk (live-identity.ts) and compare it with the state,
 *    attribute by attribute (compare-identity.ts): what a refresh would change.
 * 2. Compare the new synthesis with the configuration last applied, kept with the
 *    state (applied-config.ts): which resources' configuration changed.
 * 3. Decide (decide.ts): nothing changed and nothing drifted - no changes, without
 *    running terraform plan; otherwise plan only what changed or drifted and every
 *    resource that refers to it, refreshing only when something among them drifted.
 *
 * Any doubt is a full plan, with the reason said: a resource type or attribute the
 * comparison does not know, no record or a record of another state, other Terraform or
 * provider versions, imports to make, an API error. `--full-refresh` forces one.
 */
import type { IAMClient } from '@aws-sdk/client-iam';
import { accountOfStack } from '../../../stacks/addresses';
import type { CommandResult } from '../../terraform/run';
import { type AppliedConfigRecord, type SynthesizedJson, type ToolVersions, describeLocation, makeRecord, readRecord, recordLocation, resourceHashes, writeRecord } from './applied-config';
import { compareIdentity, loginProfileUsers } from './compare-identity';
import { type Decision, changedResources, configuredAttributes, decide, outputsDiffer, precondition, stateDiffersFromConfig } from './decide';
import { readLiveIdentity } from './live-identity';
import { type RawState, stateEntries } from './terraform-state';

export type { Decision } from './decide';

/** The one stack whose objects the fast plan knows how to read and compare. */
export const FAST_PLAN_STACK = 'identity';

export interface FastPlanContext {
  readonly stack: string;
  /** The stack's folder (cdktf.out/stacks/<stack>), where terraform runs. */
  readonly dir: string;
  readonly json: SynthesizedJson;
  readonly env: NodeJS.ProcessEnv;
  /** Runs terraform in dir and waits (version). */
  readonly terraform: (args: string[]) => Promise<CommandResult>;
  /** The stack's state as terraform state pull prints it; undefined: no state yet. */
  readonly state: () => Promise<RawState | undefined>;
  readonly iam: () => IAMClient;
}

export interface FastPlanOptions {
  /** --full-refresh: always today's full plan. */
  readonly fullRefresh?: boolean;
  /** Import blocks the plan will carry: imports need a full plan. */
  readonly imports?: number;
}

async function toolVersions(ctx: FastPlanContext): Promise<ToolVersions> {
  const v = await ctx.terraform(['version', '-json']);
  if (v.code !== 0) throw new Error(`terraform version failed (exit ${v.code})`);
  const parsed = JSON.parse(v.stdout) as { terraform_version: string; provider_selections?: Record<string, string> };
  return { terraform: parsed.terraform_version, providers: parsed.provider_selections ?? {} };
}

const full = (reason: string): Decision => ({ mode: 'full', reason });

/**
 * Why a stack other than identity is always planned in full. Their size does not grow with
 * the roster, so a full refresh of them costs the same for 10 people or 5,000; and the bulk read
 * is the identity account's IAM, which must never be used to judge another account's objects.
 */
export function fullPlanOnly(stack: string): string {
  const account = accountOfStack(stack);
  const what = account === undefined ? 'the identity account\'s settings (security contact, alert rules, trail, support role)' : `member account ${account}\'s roles and settings`;
  return `the fast plan covers the ${FAST_PLAN_STACK} stack only; this stack holds ${what}, whose number does not grow with the roster`;
}

/** Which plan to make for a stack, and why. Never throws: a failure is a full plan with the failure as its reason. */
export async function choosePlan(ctx: FastPlanContext, options: FastPlanOptions = {}): Promise<Decision> {
  if (options.fullRefresh) return full('--full-refresh');
  // The bulk read is the identity account's IAM; another stack's objects (a member account's) are not in it.
  if (ctx.stack !== FAST_PLAN_STACK) return full(fullPlanOnly(ctx.stack));
  if (ctx.env.IAM_ROSTER_OFFLINE === '1') return full('offline: the account cannot be read');
  if ((options.imports ?? 0) > 0) return full(`${options.imports} object(s) to import into the state`);
  try {
    const state = await ctx.state();
    if (!state) return full('no state yet (first deploy)');
    const read = stateEntries(state);
    if ('doubt' in read) return full(read.doubt);
    const at = recordLocation(ctx.json, ctx.dir);
    if (!at) return full('the state backend is neither local nor S3, so the applied configuration has no place');
    const [versions, record] = [await toolVersions(ctx), await readRecord(at, ctx.env)];
    const why = precondition({ json: ctx.json, entries: read.entries, record, versions, serial: state.serial, lineage: state.lineage });
    if (why || !record) return full(why ?? 'no record');
    // A targeted apply leaves outputs that refer to untargeted resources stale; a full plan shows them changing.
    const outputs = outputsDiffer(ctx.json, read.entries, state.outputs);
    if (outputs) return full(`${outputs} (a targeted apply does not update outputs that refer to resources it did not target)`);
    const blocks = new Map<string, Record<string, unknown>>(Object.entries(ctx.json.resource ?? {}).flatMap(([type, byName]) => Object.entries(byName).map(([name, b]) => [`${type}.${name}`, b] as const)));
    let live;
    try {
      live = await readLiveIdentity(ctx.iam(), loginProfileUsers(read.entries.values()));
    } catch (err) {
      return full(`reading the account failed: ${(err as Error).name}: ${(err as Error).message}`);
    }
    const drifts = compareIdentity(read.entries.values(), live, (address) => configuredAttributes(blocks.get(address)));
    const changed = [...new Set([...changedResources(ctx.json, read.entries, record), ...stateDiffersFromConfig(ctx.json, read.entries)])].sort();
    return decide({ json: ctx.json, entries: read.entries, record, changed, drifts });
  } catch (err) {
    return full(`the fast plan could not decide: ${(err as Error).message}`);
  }
}

/**
 * Keep the configuration just applied with the state, for the next plan. Called only
 * when the state and the configuration agree: after an apply that finished, or a full
 * plan that found nothing to change.
 */
export async function recordApplied(ctx: FastPlanContext): Promise<{ where: string; record: AppliedConfigRecord } | undefined> {
  const at = recordLocation(ctx.json, ctx.dir);
  const state = await ctx.state();
  if (!at || !state) return undefined;
  const read = stateEntries(state);
  if ('doubt' in read) return undefined;
  // A state that does not hold this configuration (another deploy applied between our apply and this read) is not recorded as ours.
  const configured = new Set(resourceHashes(ctx.json).keys());
  const mismatch = [...read.entries.keys()].filter((a) => !configured.has(a)).concat([...configured].filter((a) => !read.entries.has(a)), stateDiffersFromConfig(ctx.json, read.entries));
  if (mismatch.length > 0) throw new Error(`the state does not hold the configuration just applied (${mismatch.slice(0, 3).join(', ')})`);
  const record = makeRecord(ctx.stack, ctx.json, state, await toolVersions(ctx));
  await writeRecord(at, record, ctx.env);
  return { where: describeLocation(at), record };
}
