/**
 * Going on after an apply that failed because objects it was creating already
 * existed. Under load (a thousand people on the emulator, or a timeout on real
 * AWS) the first CreateUser can succeed while its answer is lost; the provider
 * retries and gets EntityAlreadyExists. The deploy then imports those objects,
 * if and only if they are ours, and applies again in the same run.
 * The decisions are here, as plain functions; deploy.ts runs Terraform and IAM.
 */
import type { ApplyError } from './apply-errors';
import type { ImportBlock, ImportPlan } from './imports';

/** At most this many recoveries in one deploy of a stack, whatever fails. */
export const MAX_RECOVERIES = 3;

/**
 * The addresses of the creates that failed with EntityAlreadyExists, when that is
 * every error of the apply; undefined when any error is another (or names no
 * resource): such an apply is not one this recovery knows how to finish.
 */
export function alreadyExistingAddresses(errors: readonly ApplyError[]): string[] | undefined {
  if (errors.length === 0 || errors.some((e) => !e.alreadyExists || e.address === undefined)) return undefined;
  return [...new Set(errors.map((e) => e.address as string))].sort();
}

/**
 * Why the deploy must stop rather than recover from these failures again, or
 * undefined to go on: the same objects failing after they were imported once
 * (importing again would change nothing), or MAX_RECOVERIES already spent.
 */
export function recoveryLimit(earlier: readonly (readonly string[])[], failed: readonly string[]): string | undefined {
  const key = failed.join(' ');
  if (earlier.some((e) => e.join(' ') === key)) return `the apply failed with EntityAlreadyExists again for ${failed.join(', ')} after they were imported once; stopping`;
  if (earlier.length >= MAX_RECOVERIES) return `the apply failed with EntityAlreadyExists ${earlier.length + 1} times (${failed.join(', ')}); stopping after ${MAX_RECOVERIES} recoveries`;
  return undefined;
}

export interface RecoveryInput {
  /** The addresses whose create failed with EntityAlreadyExists (alreadyExistingAddresses). */
  readonly failed: readonly string[];
  /** Addresses in the stack's state after the failed apply. */
  readonly inState: ReadonlySet<string>;
  /** findImports over the stack and that state, adopting no one: what is there and ours to take. */
  readonly found: ImportPlan;
}

export interface Recovery {
  /** Import blocks for the next plan: every failed address, and anything else findImports found ours. */
  readonly imports: readonly ImportBlock[];
  /** The imports of the failed addresses, with the reason to print once they are imported. */
  readonly recovered: readonly ImportBlock[];
  /** Each object that is not imported and why; any one stops the deploy. */
  readonly refused: readonly string[];
}

/**
 * Which objects to import so that the apply can go on: each failed address must be
 * a create of this deploy (not in state) of an object findImports found and showed to
 * be ours (tags, path). A foreign object, an object adopted only on request, and a type
 * findImports does not import are refused, each with a message naming it.
 */
export function decideRecovery({ failed, inState, found }: RecoveryInput): Recovery {
  const recovered: ImportBlock[] = [];
  const refused: string[] = [];
  for (const address of failed) {
    const conflict = found.conflicts.find((c) => c.address === address);
    const block = found.imports.find((i) => i.to === address);
    if (inState.has(address)) {
      refused.push(`${address} is in the state, so the apply was changing it, not creating it, when IAM answered EntityAlreadyExists (is its new name taken?); nothing to import`);
    } else if (conflict) {
      refused.push(`${address}: ${conflict.message}`);
    } else if (block?.ours) {
      recovered.push({ ...block, reason: `it already existed, ${block.ours} - an earlier request had created it` });
    } else if (block) {
      refused.push(`${address}: ${block.id} already exists and nothing shows it is this repository's (${block.reason}); it was not imported`);
    } else {
      refused.push(`${address}: IAM answered EntityAlreadyExists, but no object of this repository was found to import there (the deploy imports users, console passwords, groups and roles)`);
    }
  }
  // Conflicts elsewhere would stop the next plan anyway: say them now, with the rest.
  for (const c of found.conflicts) if (!failed.includes(c.address)) refused.push(`${c.address}: ${c.message}`);
  const others = found.imports.filter((i) => !failed.includes(i.to));
  return { imports: [...recovered, ...others], recovered, refused };
}
