/**
 * The order stacks are planned and deployed in, as plain functions (no Terraform, no AWS), so a
 * unit test can hold them: the identity account's stacks in dependency order, then the member
 * accounts', whose plans may run side by side.
 */
import { accountOfStack, isBootstrapStack } from '../../stacks/addresses';
import { DeployError } from './deploy-error';

/** How many member accounts' stacks are planned at once. */
export const MEMBER_PLAN_CONCURRENCY = 4;

export interface Manifest {
  readonly stacks: Record<string, { readonly dependencies?: readonly string[] }>;
}

/**
 * Stack names with every stack after the stacks it depends on (the baseline grants on the identity
 * stack's group), the identity account's stacks before the member accounts' (account-<name>).
 */
export function dependencyOrder(manifest: Manifest): string[] {
  const order: string[] = [];
  const visit = (name: string, path: readonly string[]): void => {
    if (order.includes(name)) return;
    if (path.includes(name)) throw new DeployError(`stack dependency cycle: ${[...path, name].join(' -> ')}`);
    for (const dep of manifest.stacks[name]?.dependencies ?? []) visit(dep, [...path, name]);
    order.push(name);
  };
  const names = Object.keys(manifest.stacks);
  for (const name of [...names.filter((n) => accountOfStack(n) === undefined), ...names.filter((n) => accountOfStack(n) !== undefined)]) visit(name, []);
  return order;
}

/**
 * The stacks a run plans or deploys, in the order given: those named, where a name ending in "*"
 * names every stack it starts (account-* is every member account's stack, and names none when the
 * roster has no member accounts); by default every stack but the bootstrap stacks. A plain name
 * that is not a stack is an error.
 */
export function selectStacks(all: readonly string[], wanted?: readonly string[]): string[] {
  if (wanted === undefined) return all.filter((s) => !isBootstrapStack(s));
  const unknown = wanted.filter((w) => !w.endsWith('*') && !all.includes(w));
  if (unknown.length > 0) throw new DeployError(`unknown stack ${unknown.map((s) => `"${s}"`).join(', ')} (known: ${all.join(', ')})`);
  const matches = (w: string, s: string) => (w.endsWith('*') ? s.startsWith(w.slice(0, -1)) : s === w);
  return all.filter((s) => wanted.some((w) => matches(w, s)));
}
