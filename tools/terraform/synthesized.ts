/**
 * The synthesized Terraform JSON (cdk.tf.json) of every stack, read as data by
 * the deploy, the scanners and the tests alike: which stacks
 * exist, their resources, and the line each resource starts on, so a scanner
 * finding can be traced back to a Terraform address.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { stackDir } from './run';

export type Block = Record<string, unknown>;

/** resource or data source: `aws_iam_role.role-admin`, `data.aws_iam_policy_document.trust`. */
export interface TerraformBlock {
  readonly kind: 'resource' | 'data';
  readonly type: string;
  readonly name: string;
  readonly config: Block;
}

export interface SynthesizedStack {
  readonly name: string;
  readonly file: string;
  readonly json: { resource?: Record<string, Record<string, Block>>; data?: Record<string, Record<string, Block>>; provider?: { aws?: readonly Block[] } };
  /** 1-based line of `"<name>": {` for each block address. */
  readonly lines: ReadonlyMap<string, number>;
}

export function address(block: Pick<TerraformBlock, 'kind' | 'type' | 'name'>): string {
  return `${block.kind === 'data' ? 'data.' : ''}${block.type}.${block.name}`;
}

/** The role the stack's AWS provider assumes before changing anything (a member account's deploy role), or undefined. */
export function assumedRoleArn(stack: Pick<SynthesizedStack, 'json'>): string | undefined {
  const assumeRole = stack.json.provider?.aws?.[0]?.assume_role as readonly Block[] | undefined;
  const arn = assumeRole?.[0]?.role_arn;
  return typeof arn === 'string' ? arn : undefined;
}

/** The one account the stack's AWS provider allows (allowed_account_ids), or undefined (offline). */
export function allowedAccountId(stack: Pick<SynthesizedStack, 'json'>): string | undefined {
  const ids = stack.json.provider?.aws?.[0]?.allowed_account_ids;
  return Array.isArray(ids) && ids.length === 1 && typeof ids[0] === 'string' ? ids[0] : undefined;
}

/** The stack cdktf wrote at outdir/stacks/<name>/cdk.tf.json. */
export function readStack(outdir: string, name: string): SynthesizedStack {
  const file = join(stackDir(outdir, name), 'cdk.tf.json');
  const text = readFileSync(file, 'utf8');
  return { name, file, json: JSON.parse(text), lines: blockLines(text) };
}

/** Every stack cdktf wrote under outdir/stacks, whatever main.ts defines. */
export function readStacks(outdir: string): SynthesizedStack[] {
  const root = join(outdir, 'stacks');
  if (!existsSync(root)) throw new Error(`no synthesized stacks under ${root}`);
  return readdirSync(root)
    .filter((name) => existsSync(join(stackDir(outdir, name), 'cdk.tf.json')))
    .sort()
    .map((name) => readStack(outdir, name));
}

export function blocksOf(stack: SynthesizedStack): TerraformBlock[] {
  const out: TerraformBlock[] = [];
  for (const kind of ['resource', 'data'] as const) {
    for (const [type, byName] of Object.entries(stack.json[kind] ?? {})) {
      for (const [name, config] of Object.entries(byName)) out.push({ kind, type, name, config });
    }
  }
  return out;
}

/**
 * Map each block address to its first line. cdktf writes the JSON with a fixed
 * two-space indent: top-level keys at 2, types at 4, names at 6.
 */
export function blockLines(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  let kind: string | undefined;
  let type: string | undefined;
  text.split('\n').forEach((line, i) => {
    const m = /^( *)"([^"]+)": \{/.exec(line);
    if (!m) return;
    const depth = m[1].length;
    if (depth === 2) kind = m[2];
    else if (depth === 4) type = m[2];
    else if (depth === 6 && type && (kind === 'resource' || kind === 'data')) lines.set(address({ kind, type, name: m[2] }), i + 1);
  });
  return lines;
}

/** The block whose first line is `line`, as its address. */
export function addressAtLine(stack: SynthesizedStack, line: number): string | undefined {
  for (const [addr, at] of stack.lines) if (at === line) return addr;
  return undefined;
}
