/**
 * The tag every object this repository creates carries, and by which the import
 * check (tools/deploy/imports.ts) and the audit tell ours from objects made by hand.
 * Plain data with no cdktf import, beside the addresses: both are the contract
 * between the stacks and the tools that read the account back.
 */
export const MANAGED_BY_TAG_KEY = 'ManagedBy';
export const MANAGED_BY_TAG_VALUE = 'iam-roster';

/** The tag as a resource's tags, to spread into them: tags: { ...MANAGED_BY_TAG }. */
export const MANAGED_BY_TAG: Readonly<Record<typeof MANAGED_BY_TAG_KEY, string>> = Object.freeze({ [MANAGED_BY_TAG_KEY]: MANAGED_BY_TAG_VALUE });

/** Whether an object's tags (as a map from key to value) say this repository made it. */
export function isManagedBy(tags: ReadonlyMap<string, string> | Readonly<Record<string, string | undefined>>): boolean {
  const value = tags instanceof Map ? tags.get(MANAGED_BY_TAG_KEY) : (tags as Readonly<Record<string, string | undefined>>)[MANAGED_BY_TAG_KEY];
  return value === MANAGED_BY_TAG_VALUE;
}
