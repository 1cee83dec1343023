/** Synthesize the baseline stack in-process and read its Terraform JSON by address. */
import { Testing } from 'cdktf';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BaselineStack, type BaselineStackProps } from '../../stacks/baseline-stack';
import { type Block, EXAMPLE_ROSTER, type TerraformJson, editRoster, readRosterText, rosterFrom } from '../stacks/synthesized';

export type BaselineJson = Omit<TerraformJson, 'terraform'>;

export const EXAMPLE_ROSTER_TEXT = readRosterText(EXAMPLE_ROSTER);

/** The example roster with an edit applied to its parsed form. */
export function editedRoster(edit: (doc: Block) => void): string {
  return editRoster(EXAMPLE_ROSTER_TEXT, edit);
}

/** offline: false synthesizes the provider settings of a real deploy. */
export function synthBaseline(rosterText: string = EXAMPLE_ROSTER_TEXT, offline = true, props: Partial<BaselineStackProps> = {}): BaselineJson {
  const roster = rosterFrom(rosterText);
  const stateDir = mkdtempSync(join(tmpdir(), 'baseline-state-'));
  const stack = new BaselineStack(Testing.app(), 'baseline', { roster, offline, state: { stateDir }, ...props });
  const json = JSON.parse(Testing.synth(stack)) as Partial<BaselineJson>;
  return { resource: json.resource ?? {}, output: json.output ?? {}, provider: json.provider ?? {} };
}
