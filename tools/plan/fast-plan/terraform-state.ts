/**
 * Terraform state as `terraform state pull` prints it (format version 4), read as data:
 * the fast plan compares each resource's attributes with the live account and keys
 * the applied-configuration record to the state's lineage and serial.
 */

export interface StateInstance {
  readonly index_key?: string | number;
  readonly schema_version: number;
  readonly attributes: Record<string, unknown>;
  /** Addresses this instance depended on when it was last applied. */
  readonly dependencies?: readonly string[];
}

export interface StateResource {
  readonly module?: string;
  readonly mode: 'managed' | 'data';
  readonly type: string;
  readonly name: string;
  readonly provider: string;
  readonly instances: readonly StateInstance[];
}

export interface RawState {
  readonly version: number;
  readonly terraform_version: string;
  readonly serial: number;
  readonly lineage: string;
  readonly resources?: readonly StateResource[];
  /** Root outputs as last applied. */
  readonly outputs?: Readonly<Record<string, { readonly value: unknown }>>;
}

/** One managed resource of the root module with a single instance, by address. */
export interface StateEntry {
  readonly address: string;
  readonly type: string;
  readonly name: string;
  readonly attributes: Record<string, unknown>;
  readonly dependencies: readonly string[];
  readonly schemaVersion: number;
}

/** The state's resources by address, or why the fast plan cannot read it (a module, a data source, count or for_each). */
export function stateEntries(state: RawState): { entries: Map<string, StateEntry> } | { doubt: string } {
  if (state.version !== 4) return { doubt: `state format version ${state.version} (this reads version 4)` };
  const entries = new Map<string, StateEntry>();
  for (const r of state.resources ?? []) {
    const address = `${r.type}.${r.name}`;
    if (r.module) return { doubt: `state holds a module resource (${r.module}.${address})` };
    if (r.mode !== 'managed') return { doubt: `state holds a data source (data.${address})` };
    if (r.instances.length !== 1 || r.instances[0].index_key !== undefined) return { doubt: `state holds ${address} with count or for_each` };
    const i = r.instances[0];
    entries.set(address, { address, type: r.type, name: r.name, attributes: i.attributes, dependencies: i.dependencies ?? [], schemaVersion: i.schema_version });
  }
  return { entries };
}

/** Every resource instance's address, as `terraform state list` prints them. */
export function stateAddresses(state: RawState | undefined): Set<string> {
  const addresses = new Set<string>();
  for (const r of state?.resources ?? []) {
    const base = `${r.module ? `${r.module}.` : ''}${r.mode === 'data' ? 'data.' : ''}${r.type}.${r.name}`;
    for (const i of r.instances) addresses.add(i.index_key === undefined ? base : `${base}[${JSON.stringify(i.index_key)}]`);
  }
  return addresses;
}
