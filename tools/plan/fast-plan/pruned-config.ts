/**
 * The configuration a targeted plan needs, and nothing else: the targets and every resource they
 * refer to, directly or not, with the stack's own terraform (backend) and provider blocks.
 *
 * `terraform plan -target` loads and validates the whole configuration and state to plan a few
 * resources (6.5 s for three of 2,900 at 1,000 people). Planned in a folder holding only this
 * configuration, against the same state, the plan is the same: under -target, Terraform neither
 * plans nor touches a resource that is in state and not in the configuration, nor an output that
 * is not in the configuration (checked with Terraform 1.11.4). The saved plan carries its
 * configuration, so the deploy applies it from the stack's own folder as before.
 *
 * Outputs are left out: they name every person (the initial passwords), and a targeted apply does
 * not update those that refer to resources it did not target anyway; the deploy brings them up to
 * date after it (deploy.ts, applyOutputs).
 *
 * Any doubt is the whole configuration (undefined): top-level blocks other than these (variables,
 * locals, moved or import blocks, data sources, modules), a local backend with a relative path
 * (the state would be looked for in another folder), or a function call that reads files.
 */
import type { SynthesizedJson } from './applied-config';
import { references, withDependents } from './decide';

const CARRIED = new Set(['//', 'terraform', 'provider', 'resource', 'output']);

/** Why the whole configuration must be used, or undefined when it may be pruned. */
export function cannotPrune(json: SynthesizedJson): string | undefined {
  const other = Object.keys(json).filter((k) => !CARRIED.has(k));
  if (other.length > 0) return `the configuration has ${other.join(', ')} blocks`;
  const backend = json.terraform?.backend ?? {};
  const kinds = Object.keys(backend);
  if (kinds.length !== 1 || !['local', 's3'].includes(kinds[0])) return `backend ${kinds.join(', ') || 'none'}`;
  const path = backend.local?.path;
  if (kinds[0] === 'local' && (typeof path !== 'string' || !path.startsWith('/'))) return 'a local backend without an absolute path';
  if (/\b(file|filebase64|templatefile|fileexists|fileset|filemd5|filesha256|filesha1)\(|\bpath\.(module|root|cwd)\b/.test(JSON.stringify(json.resource ?? {}))) return 'a resource reads files';
  return undefined;
}

/** The targets' configuration (see above), or undefined: plan with the whole one. */
export function prunedConfig(json: SynthesizedJson, targets: readonly string[]): SynthesizedJson | undefined {
  if (cannotPrune(json)) return undefined;
  // The same transitive walk as the targets' dependents, along references instead.
  const keep = withDependents(targets, references(json));
  const resource: Record<string, Record<string, Record<string, unknown>>> = {};
  for (const [type, byName] of Object.entries(json.resource ?? {})) {
    for (const [name, block] of Object.entries(byName)) if (keep.has(`${type}.${name}`)) (resource[type] ??= {})[name] = block;
  }
  const { output: _outputs, resource: _all, ...rest } = json;
  return { ...rest, resource };
}
