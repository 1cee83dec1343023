/**
 * What the fast plan may do, as plain functions of data: the synthesized configuration,
 * the state, the applied-configuration record and the drift. Any doubt is a full plan.
 */
import { type AppliedConfigRecord, type SynthesizedJson, type ToolVersions, outputsHash, resourceHashes, settingsHash } from './applied-config';
import { COMPARED_TYPES, type Drift, unknownAttributes } from './compare-identity';
import type { StateEntry } from './terraform-state';

export type Decision =
  | { readonly mode: 'full'; readonly reason: string }
  | { readonly mode: 'none'; readonly reason: string }
  /** Plan only targets (undefined: every resource), refreshing them only when refresh. */
  | { readonly mode: 'targeted'; readonly reason: string; readonly targets: readonly string[] | undefined; readonly refresh: boolean };

/** More targets than this plan without -target (the same plan when nothing outside them drifted; -target lists get long). */
export const MAX_TARGETS = 500;

/** Why the fast plan cannot be used before reading the account, or undefined when it can go on. */
export function precondition(input: {
  readonly json: SynthesizedJson;
  readonly entries: ReadonlyMap<string, StateEntry>;
  readonly record: AppliedConfigRecord | undefined;
  readonly versions: ToolVersions;
  readonly serial: number;
  readonly lineage: string;
}): string | undefined {
  const { json, entries, record, versions } = input;
  if (json.data && Object.keys(json.data).length > 0) return 'the stack reads data sources, which only a refresh reads';
  if (json.module && Object.keys(json.module).length > 0) return 'the stack uses modules';
  const configTypes = Object.keys(json.resource ?? {});
  const stateTypes = [...entries.values()].map((e) => e.type);
  const unknownType = [...new Set([...configTypes, ...stateTypes])].filter((t) => !COMPARED_TYPES.has(t)).sort();
  if (unknownType.length > 0) return `resource type${unknownType.length > 1 ? 's' : ''} ${unknownType.join(', ')} not compared with the live account`;
  for (const entry of entries.values()) {
    const extra = unknownAttributes(entry);
    if (extra.length > 0) return `${entry.address} has attribute${extra.length > 1 ? 's' : ''} ${extra.join(', ')} the comparison does not know (provider changed?)`;
    if (entry.schemaVersion !== 0) return `${entry.address} has schema version ${entry.schemaVersion} (the comparison knows 0)`;
  }
  if (entries.size === 0) return 'the state is empty (first deploy)';
  if (!record) return 'no record of the configuration last applied (each deploy writes one)';
  if (record.lineage !== input.lineage || record.serial !== input.serial) {
    return `the state changed since the configuration was recorded (serial ${record.serial} -> ${input.serial}${record.lineage !== input.lineage ? ', another lineage' : ''}): something other than a finished deploy wrote it`;
  }
  if (record.versions.terraform !== versions.terraform) return `Terraform version changed (${record.versions.terraform} -> ${versions.terraform})`;
  const providers = (v: ToolVersions) => JSON.stringify(Object.entries(v.providers).sort());
  if (providers(record.versions) !== providers(versions)) return `provider versions changed (${providers(record.versions)} -> ${providers(versions)})`;
  if (record.settings !== settingsHash(json)) return 'settings outside the resources changed in the configuration (providers, moved or import blocks)';
  return undefined;
}

/** Resources whose configuration changed since the record: new, removed, or a different block. */
export function changedResources(json: SynthesizedJson, entries: ReadonlyMap<string, StateEntry>, record: AppliedConfigRecord): string[] {
  const now = resourceHashes(json);
  const changed = new Set<string>();
  for (const [address, h] of now) if (record.resources[address] !== h || !entries.has(address)) changed.add(address);
  for (const address of entries.keys()) if (!now.has(address)) changed.add(address);
  return [...changed].sort();
}

/** Anything shaped like a resource address; only those that are resources of the stack count. */
const ADDRESS_LIKE = /\b([a-z][a-z0-9_]*)\.([A-Za-z0-9_-]+)/g;

/**
 * For each configured resource, the resources its block may refer to: every address of a resource
 * of the stack written anywhere in it (a reference, however deep in an expression, depends_on, even
 * a description; cdktf's "//" metadata aside). Too many costs a little time; one too few would miss
 * a resource the plan must include, so every mention counts.
 */
export function references(json: SynthesizedJson): Map<string, Set<string>> {
  const addresses = new Set(Object.entries(json.resource ?? {}).flatMap(([type, byName]) => Object.keys(byName).map((name) => `${type}.${name}`)));
  const out = new Map<string, Set<string>>();
  for (const [type, byName] of Object.entries(json.resource ?? {})) {
    for (const [name, block] of Object.entries(byName)) {
      const { '//': _metadata, ...config } = block;
      const refs = new Set<string>();
      for (const m of JSON.stringify(config).matchAll(ADDRESS_LIKE)) if (addresses.has(`${m[1]}.${m[2]}`)) refs.add(`${m[1]}.${m[2]}`);
      out.set(`${type}.${name}`, refs);
    }
  }
  return out;
}

/** For each address, the addresses that refer to it: in the configuration, and in state for what the configuration no longer has. */
export function dependents(json: SynthesizedJson, entries: ReadonlyMap<string, StateEntry>): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const edge = (from: string, to: string) => (out.get(to) ?? out.set(to, new Set()).get(to))?.add(from);
  for (const [address, refs] of references(json)) for (const to of refs) edge(address, to);
  for (const entry of entries.values()) for (const dep of entry.dependencies) edge(entry.address, dep);
  return out;
}

/** seeds and everything that refers to them, directly or not. */
export function withDependents(seeds: Iterable<string>, edges: ReadonlyMap<string, ReadonlySet<string>>): Set<string> {
  const out = new Set<string>();
  const queue = [...seeds];
  for (let a = queue.pop(); a !== undefined; a = queue.pop()) {
    if (out.has(a)) continue;
    out.add(a);
    for (const d of edges.get(a) ?? []) queue.push(d);
  }
  return out;
}

const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;

/** The plan to make, given what changed in the configuration and what drifted in the account. */
export function decide(input: {
  readonly json: SynthesizedJson;
  readonly entries: ReadonlyMap<string, StateEntry>;
  readonly record: AppliedConfigRecord;
  readonly changed: readonly string[];
  readonly drifts: readonly Drift[];
}): Decision {
  const { json, entries, record, changed, drifts } = input;
  const planDrift = drifts.filter((d) => d.effect === 'plan').map((d) => d.address);
  const targets = withDependents([...changed, ...planDrift], dependents(json, entries));
  const outputsChanged = record.outputs !== outputsHash(json);
  if (targets.size === 0) {
    if (outputsChanged) return { mode: 'full', reason: 'only outputs changed in the configuration' };
    const stateOnly = drifts.length > 0 ? `; ${count(drifts.length, 'resource')} differ only in attributes no plan compares (${drifts[0].address}: ${drifts[0].what.join(', ')})` : '';
    return { mode: 'none', reason: `no resource's configuration changed since the last deploy and nothing in the account drifted from the state${stateOnly}` };
  }
  const drifted = new Set(drifts.map((d) => d.address));
  const refresh = [...targets].some((t) => drifted.has(t));
  const why = [
    `${count(changed.length, 'resource')} changed in the configuration`,
    `${count(planDrift.length, 'resource')} drifted in the account${planDrift.length > 0 ? ` (${drifts.filter((d) => d.effect === 'plan').slice(0, 3).map((d) => `${d.address}: ${d.what.join(', ')}`).join('; ')}${planDrift.length > 3 ? '; ...' : ''})` : ''}`,
  ].join(', ');
  if (targets.size > MAX_TARGETS || targets.size > entries.size / 2) {
    // Without -target every resource is planned; that is the same plan only when no refresh is needed.
    if (refresh) return { mode: 'full', reason: `${why}: drift among ${count(targets.size, 'resource')} to plan` };
    return { mode: 'targeted', reason: `${why}; planning every resource without a refresh (${targets.size} affected)`, targets: undefined, refresh: false };
  }
  return { mode: 'targeted', reason: `${why}; planning ${count(targets.size, 'resource')} (with what refers to them)${refresh ? ', refreshing them' : ' without a refresh'}`, targets: [...targets].sort(), refresh };
}

/** Block keys that are Terraform's, not the resource's attributes. */
const META = new Set(['//', 'lifecycle', 'depends_on', 'provider', 'count', 'for_each', 'provisioner', 'connection']);

/** The attributes a resource block sets, without those its lifecycle ignores. */
export function configuredAttributes(block: Record<string, unknown> | undefined): Set<string> {
  if (!block) return new Set();
  const ignored = new Set(((block.lifecycle as { ignore_changes?: string[] } | undefined)?.ignore_changes ?? []).map(String));
  return new Set(Object.keys(block).filter((k) => !META.has(k) && !ignored.has(k)));
}

/** A literal's text as Terraform reads it: $${ and %%{ are escapes. */
const unescape = (value: unknown): unknown =>
  typeof value === 'string' ? value.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{') : Array.isArray(value) ? value.map(unescape) : value && typeof value === 'object' ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unescape(v)])) : value;

function comparable(value: unknown): string {
  if (typeof value === 'string' && /^\s*[{[]/.test(value)) {
    try {
      return JSON.stringify(sortDeep(JSON.parse(value)));
    } catch {
      // not JSON: compared as text
    }
  }
  return JSON.stringify(sortDeep(value ?? null));
}

function sortDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortDeep);
  if (value && typeof value === 'object') return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortDeep((value as Record<string, unknown>)[k])]));
  return value;
}

/**
 * Resources whose state does not hold a literal their configuration sets: a change the
 * last apply left behind (a perpetual difference, an emulator that dropped tags on a
 * rename). Attributes that interpolate other resources are left to the record.
 */
export function stateDiffersFromConfig(json: SynthesizedJson, entries: ReadonlyMap<string, StateEntry>): string[] {
  const out: string[] = [];
  for (const [type, byName] of Object.entries(json.resource ?? {})) {
    for (const [name, block] of Object.entries(byName)) {
      const entry = entries.get(`${type}.${name}`);
      if (!entry) continue;
      for (const attribute of configuredAttributes(block)) {
        const value = block[attribute];
        if (REFERENCE_ANY.test(JSON.stringify(value))) continue;
        if (comparable(unescape(value)) !== comparable(entry.attributes[attribute])) {
          out.push(entry.address);
          break;
        }
      }
    }
  }
  return out;
}

/** Any interpolation at all (a resource, a variable, a function call). */
const REFERENCE_ANY = /(?<!\$)\$\{/;

const NOT_KNOWN = Symbol('not known');

/** An output's value that is one resource attribute: ${type.name.attribute}. */
const WHOLE_REFERENCE = /^\$\{([a-z][a-z0-9_]*)\.([A-Za-z0-9_-]+)\.([a-z_][a-z0-9_]*)\}$/;

/**
 * Whether the outputs in state differ from what the configuration's outputs give over the
 * state: a targeted apply leaves an output stale when it refers to resources the apply did
 * not target, and a full plan would then show it changing. Outputs that are anything but
 * literals and whole references count as differing: never guess.
 */
export function outputsDiffer(json: SynthesizedJson, entries: ReadonlyMap<string, StateEntry>, inState: Readonly<Record<string, { readonly value: unknown }>> = {}): string | undefined {
  const containsNotKnown = (v: unknown): boolean =>
    v === NOT_KNOWN || (Array.isArray(v) ? v.some(containsNotKnown) : v !== null && typeof v === 'object' ? Object.values(v).some(containsNotKnown) : false);
  const resolve = (v: unknown): unknown => {
    if (typeof v === 'string') {
      const m = WHOLE_REFERENCE.exec(v);
      if (m) {
        const entry = entries.get(`${m[1]}.${m[2]}`);
        return entry && Object.hasOwn(entry.attributes, m[3]) ? entry.attributes[m[3]] : NOT_KNOWN;
      }
      return REFERENCE_ANY.test(v) ? NOT_KNOWN : unescape(v);
    }
    if (Array.isArray(v)) return v.map(resolve);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, resolve(x)]));
    return v;
  };
  const configured = (json.output ?? {}) as Record<string, { value?: unknown }>;
  for (const [name, output] of Object.entries(configured)) {
    const value = resolve(output.value);
    if (containsNotKnown(value)) return `output ${name} is not literals and whole references`;
    if (!Object.hasOwn(inState, name) || comparable(value) !== comparable(inState[name].value)) return `output ${name} in the state is out of date`;
  }
  const extra = Object.keys(inState).filter((n) => !Object.hasOwn(configured, n));
  return extra.length > 0 ? `output ${extra[0]} is in the state but no longer configured` : undefined;
}
