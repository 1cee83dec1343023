/**
 * Synthesize the identity stack in-process and read the Terraform JSON the way
 * a test needs it: by address. Shared by the stack and policy-semantics tests.
 */
import { Testing } from 'cdktf';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { configFrom } from '../../config/config';
import { parseRoster, type Roster } from '../../roster';
import { buildApp } from '../../stacks/app';
import { PROJECT_ROOT } from '../../tools/project-root';
import { IdentityStack } from '../../stacks/identity-stack';
import { iamPolicyText } from '../../tools/terraform/synthesized-policy';

export const EXAMPLE_ROSTER = join(PROJECT_ROOT, 'users.yaml');
export const EVERY_FEATURE_ROSTER = join(PROJECT_ROOT, 'examples', 'every-feature.yaml');
export const ORGANIZATION_ROSTER = join(PROJECT_ROOT, 'examples', 'organization.yaml');

export type Block = Record<string, any>;

/** What the address helpers read: the resources of any synthesized stack. */
export interface ResourcesJson {
  readonly resource: Record<string, Record<string, Block>>;
}

export interface TerraformJson extends ResourcesJson {
  readonly output: Record<string, Block>;
  readonly provider: Record<string, Block[]>;
  readonly terraform: Block;
}

export function readRosterText(file: string): string {
  return readFileSync(file, 'utf8');
}

/** Roster text with an edit applied to its parsed form (comments are dropped). */
export function editRoster(text: string, edit: (doc: Block) => void): string {
  const doc = parse(text) as Block;
  edit(doc);
  return stringify(doc);
}

export function rosterFrom(text: string): Roster {
  return parseRoster(text, 'test.yaml');
}

/** The identity stack of a roster as Terraform JSON, offline, with state in a fresh temp dir. */
export function synthIdentity(roster: Roster | string): TerraformJson {
  const parsed = typeof roster === 'string' ? rosterFrom(roster) : roster;
  const stateDir = mkdtempSync(join(tmpdir(), 'identity-state-'));
  const stack = new IdentityStack(Testing.app(), 'identity', { roster: parsed, offline: true, state: { stateDir } });
  const json = JSON.parse(Testing.synth(stack)) as Partial<TerraformJson>;
  return { resource: json.resource ?? {}, output: json.output ?? {}, provider: json.provider ?? {}, terraform: json.terraform ?? {} };
}

/** Every stack of the app, synthesized as main.ts would (online unless variables say otherwise), by stack name. */
export function synthApp(rosterText: string, variables: Record<string, string> = {}): Record<string, TerraformJson> {
  const outdir = mkdtempSync(join(tmpdir(), 'app-stacks-'));
  const config = configFrom({ CDKTF_OUTDIR: outdir, ROSTER_STATE_DIR: join(outdir, 'state'), ...variables });
  buildApp(config, rosterFrom(rosterText)).synth();
  const stacks = readdirSync(join(outdir, 'stacks'));
  return Object.fromEntries(stacks.map((name) => [name, JSON.parse(readFileSync(join(outdir, 'stacks', name, 'cdk.tf.json'), 'utf8')) as TerraformJson]));
}

/** Every resource address (type.name), sorted. */
export function addresses(tf: ResourcesJson): string[] {
  return Object.entries(tf.resource)
    .flatMap(([type, byName]) => Object.keys(byName).map((name) => `${type}.${name}`))
    .sort();
}

/** The resource at an address; fails with the addresses of that type when it is missing. */
export function resourceAt(tf: ResourcesJson, address: string): Block {
  const [type, name] = address.split('.');
  const found = tf.resource[type]?.[name];
  if (!found) throw new Error(`no resource ${address}; ${type} has: ${Object.keys(tf.resource[type] ?? {}).join(', ') || 'none'}`);
  return found;
}

export function hasResource(tf: TerraformJson, address: string): boolean {
  const [type, name] = address.split('.');
  return tf.resource[type]?.[name] !== undefined;
}

export function resourcesOf(tf: TerraformJson, type: string): Record<string, Block> {
  return tf.resource[type] ?? {};
}

/** `${aws_iam_group.group-admins.name}` -> `aws_iam_group.group-admins` (the address a reference points at). */
export function referencedAddress(expression: string, attribute: string): string | undefined {
  const match = /^\$\{([a-z0-9_]+\.[A-Za-z0-9_-]+)\.([a-z_]+)\}$/.exec(expression);
  return match && match[2] === attribute ? match[1] : undefined;
}

/** A synthesized policy string as IAM will receive it, in this account; an expression it cannot resolve exactly fails the test. */
export function deployedPolicy(tf: TerraformJson, policy: string, accountId: string): Block {
  return JSON.parse(iamPolicyText(policy, tf, { account: accountId, strict: true })) as Block;
}
