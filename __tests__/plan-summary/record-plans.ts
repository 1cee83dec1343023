/**
 * Re-record fixtures/plans/<scenario>.json, the plans the plan-summary unit tests
 * read, with no emulator and no AWS: `npx tsx __tests__/plan-summary/record-plans.ts`.
 *
 * The base roster is synthesized offline (IAM_ROSTER_OFFLINE=1) and "deployed" by
 * writing state by hand: each planned resource's values, with the values AWS would
 * assign (IDs, ARNs, a fake initial password) filled in, until Terraform plans no
 * change. Each scenario's head roster is then planned against that state with
 * -refresh=false and saved as `terraform show -json` (format_version,
 * terraform_version and resource_changes; no prior_state, which holds the state).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { stackDir, synth, terraformOk } from '../../tools/terraform/run';
import { BASE, PLANS_DIR, SCENARIOS, type ScenarioName, headInput } from './scenarios';

const PROVIDER = 'provider["registry.terraform.io/hashicorp/aws"]';
const ACCOUNT = BASE.settings.accountId;

type Attrs = Record<string, unknown>;
interface Change {
  readonly address: string;
  readonly mode: string;
  readonly type: string;
  readonly name: string;
  readonly change: { readonly actions: string[]; readonly after: Attrs | null; readonly after_unknown?: Record<string, unknown> };
}
interface Instance {
  type: string;
  name: string;
  attributes: Attrs;
}

/** A value AWS would give an attribute known only after apply. */
function assigned(type: string, key: string, a: Attrs, address: string): unknown {
  const hash = createHash('sha256').update(address).digest('hex').slice(0, 17).toUpperCase();
  const name = String(a.name ?? a.user ?? a.role ?? a.group ?? '');
  switch (key) {
    case 'id':
      if (type === 'aws_iam_group_policy') return `${String(a.group)}:${String(a.name)}`;
      if (type === 'aws_iam_account_password_policy') return 'iam-account-password-policy';
      if (type.endsWith('_attachment') || type === 'aws_iam_user_group_membership') return `${name}-${hash.toLowerCase()}`;
      return name;
    case 'arn':
      return `arn:aws:iam::${ACCOUNT}:${type.replace('aws_iam_', '')}${String(a.path ?? '/')}${name}`;
    case 'unique_id':
      return `AIDA${hash}`;
    case 'create_date':
      return '2026-01-01T00:00:00Z';
    case 'password':
      return `recorded-initial-password-${hash.toLowerCase()}`;
    case 'expire_passwords':
      return false;
    case 'inline_policy':
    case 'managed_policy_arns':
      return [];
    default:
      return null;
  }
}

function plan(dir: string, out: string): { changes: Change[]; json: Attrs } {
  const args = ['plan', '-input=false', '-no-color', '-lock=false', '-refresh=false', '-detailed-exitcode', `-out=${out}`];
  terraformOk(args, { cwd: dir, okCodes: [0, 2] });
  const json = JSON.parse(terraformOk(['show', '-json', '-no-color', out], { cwd: dir }).stdout) as Attrs;
  return { changes: ((json.resource_changes ?? []) as Change[]).filter((c) => c.mode === 'managed'), json };
}

function writeState(path: string, instances: ReadonlyMap<string, Instance>, serial: number): void {
  const resources = [...instances.values()].map((i) => ({
    mode: 'managed',
    type: i.type,
    name: i.name,
    provider: PROVIDER,
    instances: [{ schema_version: 0, attributes: i.attributes, sensitive_attributes: i.type === 'aws_iam_user_login_profile' ? [[{ type: 'get_attr', value: 'password' }]] : [] }],
  }));
  writeFileSync(path, `${JSON.stringify({ version: 4, terraform_version: '1.11.4', serial, lineage: 'recorded-plans', outputs: {}, resources }, null, 2)}\n`);
}

/** Synthesize a roster offline into outdir; the identity stack's folder. */
function synthRoster(roster: unknown, work: string, outdir: string): string {
  const file = join(work, 'roster.yaml');
  mkdirSync(join(work, 'state'), { recursive: true });
  writeFileSync(file, stringify(roster));
  const r = synth({ rosterFile: file, outdir, env: { IAM_ROSTER_OFFLINE: '1', ROSTER_STATE_DIR: join(work, 'state') } });
  if (r.code !== 0) throw new Error(`synth failed (${r.code}):\n${r.stderr}`);
  return stackDir(outdir);
}

export function recordPlans(names: readonly ScenarioName[] = Object.keys(SCENARIOS) as ScenarioName[]): void {
  const work = mkdtempSync(join(tmpdir(), 'record-plans-'));
  try {
    const outdir = join(work, 'out');
    const dir = synthRoster(BASE, work, outdir);
    terraformOk(['init', '-input=false', '-no-color'], { cwd: dir });
    // The stack's own local state file, wherever the configuration put it.
    const statePath = (JSON.parse(readFileSync(join(dir, 'cdk.tf.json'), 'utf8')) as { terraform: { backend: { local: { path: string } } } }).terraform.backend.local.path;
    const instances = new Map<string, Instance>();
    // "Apply" the base roster: values referring to other resources (a role's ARN in a group policy) settle on the second round.
    for (let round = 0; ; round++) {
      writeState(statePath, instances, round + 1);
      // Outputs (the initial passwords) are never in hand-made state: done when every resource is a no-op.
      const changes = plan(dir, join(work, 'base.plan')).changes.filter((c) => c.change.actions.join() !== 'no-op');
      if (changes.length === 0) break;
      if (round === 4) throw new Error(`the hand-made state still differs from the base roster: ${changes.map((c) => `${c.address} ${c.change.actions}`).join(', ')}`);
      for (const c of changes) {
        if (c.change.after === null) continue;
        const prior = instances.get(c.address)?.attributes ?? {};
        const attributes: Attrs = { ...c.change.after };
        for (const [key, unknown] of Object.entries(c.change.after_unknown ?? {})) {
          if (unknown === true) attributes[key] = prior[key] ?? assigned(c.type, key, c.change.after, c.address);
        }
        instances.set(c.address, { type: c.type, name: c.name, attributes });
      }
    }
    mkdirSync(PLANS_DIR, { recursive: true });
    for (const name of names) {
      synthRoster(headInput(name), work, outdir);
      const { json } = plan(dir, join(work, `${name}.plan`));
      const kept = { format_version: json.format_version, terraform_version: json.terraform_version, resource_changes: (json.resource_changes ?? []) as Change[] };
      writeFileSync(join(PLANS_DIR, `${name}.json`), `${JSON.stringify(kept, null, 1)}\n`);
      process.stdout.write(`recorded ${name}: ${kept.resource_changes.length} resource changes\n`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const names = process.argv.slice(2) as ScenarioName[];
  recordPlans(names.length > 0 ? names : undefined);
}
