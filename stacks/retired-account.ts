/**
 * A member account taken off the roster whose stack still has state: what the deploy finds and
 * the plan summary reads back, with no cdktf import.
 */

/** The output a retired account's stack names its account in (stacks/retired-account-stack.ts). */
export const RETIRED_ACCOUNT_OUTPUT = 'retired_account';

export interface RetiredAccount {
  /** Its former name on the roster (its stack is account-<name>). */
  readonly name: string;
  /** The 12-digit account ID every resource in its state is in. */
  readonly id: string;
}
