/**
 * The fast plan held equal to a full refresh and plan (the equivalence tests): planRoster plans
 * every stack as npm run plan does, then terraform plan, refreshing everything, runs in each
 * stack's folder, and the two plans' resource changes are compared stack by stack.
 */
import type { RosterInput } from '../../roster/schema';
import { PLAN_FILE, type StackPlan } from '../../tools/deploy/deploy';
import { terraformOk } from '../../tools/terraform/run';
import type { DeployTarget } from '../e2e/deploy-target';

/** Where the full plan is saved beside the fast one. */
export const FULL_PLAN_FILE = 'full.tfplan';

export interface Change {
  readonly address: string;
  readonly actions: readonly string[];
  readonly after: unknown;
  readonly afterUnknown: unknown;
}

/** A saved plan's resource changes, no-ops and reads left out (a targeted plan lists only its targets). */
export function changesIn(target: DeployTarget, dir: string, planFile: string): Change[] {
  const show = terraformOk(['show', '-json', planFile], { cwd: dir, env: target.env as Record<string, string> });
  const json = JSON.parse(show.stdout) as { resource_changes?: { address: string; change: { actions: string[]; after: unknown; after_unknown: unknown } }[] };
  return (json.resource_changes ?? [])
    .filter((c) => !(c.change.actions.length === 1 && ['no-op', 'read'].includes(c.change.actions[0])))
    .map((c) => ({ address: c.address, actions: c.change.actions, after: c.change.after, afterUnknown: c.change.after_unknown }))
    .sort((a, b) => a.address.localeCompare(b.address));
}

export interface Compared {
  readonly fast: StackPlan;
  readonly changes: readonly Change[];
}

/**
 * The fast plan of roster for every stack planned (planRoster, as npm run plan: the fast plan
 * where it applies, a full one elsewhere), then today's full plan in each stack's folder
 * (terraform plan with its refresh of every resource, as --full-refresh runs it), each stack's
 * changes held equal. Returns, per stack, the fast plan and the changes.
 */
export async function fastAndFullEvery(target: DeployTarget, roster: RosterInput | string, stacks?: readonly string[]): Promise<Compared[]> {
  const plans = await target.plan(roster, stacks ? { stacks } : {});
  return plans.map((fast) => {
    // A targeted plan of named resources runs with only their configuration (pruned-config.ts): that is the plan held equal here.
    if (fast.mode === 'targeted' && / planning \d+ resources? \(with what refers to them\)/.test(fast.reason)) expect({ stack: fast.stack, prunedTo: fast.prunedTo }).toEqual({ stack: fast.stack, prunedTo: expect.any(Number) });
    const fastChanges = fast.mode === 'none' ? [] : changesIn(target, fast.dir, PLAN_FILE);
    terraformOk(['plan', '-input=false', '-no-color', '-detailed-exitcode', `-out=${FULL_PLAN_FILE}`], { cwd: fast.dir, env: target.env as Record<string, string>, okCodes: [0, 2] });
    const fullChanges = changesIn(target, fast.dir, FULL_PLAN_FILE);
    // The stack named, so that a difference says which stack's plan differs.
    expect({ stack: fast.stack, changes: fastChanges }).toEqual({ stack: fast.stack, changes: fullChanges });
    expect({ stack: fast.stack, changes: fast.changes }).toEqual({ stack: fast.stack, changes: fullChanges.length > 0 });
    return { fast, changes: fullChanges };
  });
}

export const addresses = (c: Compared) => c.changes.map((x) => `${x.address} ${x.actions.join('+')}`);
