/** Synthesize the baseline stack in-process and read its Terraform JSON by address. */
import { Testing } from 'cdktf';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { parseRoster } from '../../roster';
import { BaselineStack, type BaselineStackProps } from '../../stacks/baseline-stack';
import { PROJECT_ROOT } from '../../tools/terraform/cli-config';

export type Block = Record<string, any>;

export interface BaselineJson {
  readonly resource: Record<string, Record<string, Block>>;
  readonly output: Record<string, Block>;
  readonly provider: Record<string, Block[]>;
}

export const EXAMPLE_ROSTER_TEXT = readFileSync(join(PROJECT_ROOT, 'users.yaml'), 'utf8');

/** The example roster with an edit applied to its parsed form. */
export function editedRoster(edit: (doc: Block) => void): string {
  const doc = parse(EXAMPLE_ROSTER_TEXT) as Block;
  edit(doc);
  return stringify(doc);
}

/** offline: false synthesizes the provider settings of a real deploy. */
export function synthBaseline(rosterText: string = EXAMPLE_ROSTER_TEXT, offline = true, props: Partial<BaselineStackProps> = {}): BaselineJson {
  const roster = parseRoster(rosterText, 'test.yaml');
  const stateDir = mkdtempSync(join(tmpdir(), 'baseline-state-'));
  const stack = new BaselineStack(Testing.app(), 'baseline', { roster, offline, state: { stateDir }, ...props });
  const json = JSON.parse(Testing.synth(stack)) as Partial<BaselineJson>;
  return { resource: json.resource ?? {}, output: json.output ?? {}, provider: json.provider ?? {} };
}

export function addressesOf(tf: BaselineJson): string[] {
  return Object.entries(tf.resource)
    .flatMap(([type, byName]) => Object.keys(byName).map((name) => `${type}.${name}`))
    .sort();
}

export function at(tf: BaselineJson, address: string): Block {
  const [type, name] = address.split('.');
  const found = tf.resource[type]?.[name];
  if (!found) throw new Error(`no resource ${address}; ${type} has: ${Object.keys(tf.resource[type] ?? {}).join(', ') || 'none'}`);
  return found;
}
