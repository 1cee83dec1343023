/**
 * The configuration last applied, kept with the state: a hash of each synthesized
 * resource block, written by the deploy after a successful apply (or after a full
 * plan found nothing to change). Comparing it with the new synthesis tells which
 * resources' configuration changed without asking Terraform to plan every resource.
 *
 * The record names the state's lineage and serial it describes: a state written by
 * anything else (another tool's apply, a failed apply, `terraform state rm`) no
 * longer matches, and the next plan is a full one.
 */
import { GetObjectCommand, NoSuchKey, PutObjectCommand } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { s3Client } from '../../aws/clients';
import { ifFound } from '../../aws/no-such-entity';
import type { RawState } from './terraform-state';

/** A stack's cdk.tf.json, the parts the record reads. */
export interface SynthesizedJson {
  readonly terraform?: { readonly backend?: Record<string, Record<string, unknown>>; readonly required_providers?: unknown; readonly [k: string]: unknown };
  readonly provider?: unknown;
  readonly resource?: Record<string, Record<string, Record<string, unknown>>>;
  readonly data?: Record<string, unknown>;
  readonly module?: Record<string, unknown>;
  readonly output?: Record<string, unknown>;
  readonly [k: string]: unknown;
}

/** Terraform's version and the provider versions it selected (terraform version -json). */
export interface ToolVersions {
  readonly terraform: string;
  readonly providers: Readonly<Record<string, string>>;
}

export const RECORD_FORMAT = 1;

export interface AppliedConfigRecord {
  readonly format: number;
  readonly stack: string;
  /** The state this record describes. */
  readonly lineage: string;
  readonly serial: number;
  readonly versions: ToolVersions;
  /** Hash of everything outside the resources that changes what a plan would do: providers, required providers, other top-level blocks. */
  readonly settings: string;
  /** Hash of the outputs. */
  readonly outputs: string;
  /** Hash of each resource block (its "//" metadata left out), by address. */
  readonly resources: Readonly<Record<string, string>>;
  readonly recordedAt: string;
}

/** JSON with object keys sorted, so that a hash does not depend on the order cdktf wrote them in. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

const hash = (value: unknown): string => createHash('sha256').update(canonicalJson(value)).digest('hex').slice(0, 32);

/** Every resource block's hash, by address; "//" (cdktf's construct path) is not configuration. */
export function resourceHashes(json: SynthesizedJson): Map<string, string> {
  const out = new Map<string, string>();
  for (const [type, byName] of Object.entries(json.resource ?? {})) {
    for (const [name, block] of Object.entries(byName)) {
      const { '//': _metadata, ...config } = block;
      out.set(`${type}.${name}`, hash(config));
    }
  }
  return out;
}

/** Hash of what is neither a resource nor an output nor the backend (where the state is kept does not change a plan). */
export function settingsHash(json: SynthesizedJson): string {
  const { '//': _m, resource: _r, output: _o, terraform, ...rest } = json;
  const { backend: _b, ...terraformRest } = terraform ?? {};
  return hash({ ...rest, terraform: terraformRest });
}

export function outputsHash(json: SynthesizedJson): string {
  return hash(json.output ?? {});
}

export function makeRecord(stack: string, json: SynthesizedJson, state: Pick<RawState, 'lineage' | 'serial'>, versions: ToolVersions, now = new Date()): AppliedConfigRecord {
  return {
    format: RECORD_FORMAT,
    stack,
    lineage: state.lineage,
    serial: state.serial,
    versions,
    settings: settingsHash(json),
    outputs: outputsHash(json),
    resources: Object.fromEntries(resourceHashes(json)),
    recordedAt: now.toISOString(),
  };
}

/** Where a stack's record lives: a file next to local state, or an object next to the S3 state key. */
export type RecordLocation =
  | { readonly kind: 'local'; readonly path: string }
  | { readonly kind: 's3'; readonly bucket: string; readonly key: string; readonly region?: string; readonly pathStyle: boolean };

export const RECORD_SUFFIX = '.applied-config.json';

/** The record's location from the stack's backend block; undefined for a backend the fast plan does not know. */
export function recordLocation(json: SynthesizedJson, stackDir: string): RecordLocation | undefined {
  const backend = json.terraform?.backend ?? {};
  const [kind] = Object.keys(backend);
  if (kind === undefined) return { kind: 'local', path: `${stackDir}/terraform.tfstate${RECORD_SUFFIX}` };
  const b = backend[kind];
  if (kind === 'local' && typeof b.path === 'string') return { kind: 'local', path: `${b.path}${RECORD_SUFFIX}` };
  if (kind === 's3' && typeof b.bucket === 'string' && typeof b.key === 'string') {
    return { kind: 's3', bucket: b.bucket, key: `${b.key}${RECORD_SUFFIX}`, region: typeof b.region === 'string' ? b.region : undefined, pathStyle: b.use_path_style === true };
  }
  return undefined;
}

/** The record, or undefined when there is none yet. A record that does not parse is treated as none. */
export async function readRecord(at: RecordLocation, env: NodeJS.ProcessEnv): Promise<AppliedConfigRecord | undefined> {
  let text: string | undefined;
  if (at.kind === 'local') text = existsSync(at.path) ? readFileSync(at.path, 'utf8') : undefined;
  else {
    const got = await ifFound(() => s3Client(env, at.region, at.pathStyle).send(new GetObjectCommand({ Bucket: at.bucket, Key: at.key })), NoSuchKey);
    text = got?.Body ? await got.Body.transformToString('utf8') : undefined;
  }
  if (text === undefined) return undefined;
  try {
    const record = JSON.parse(text) as AppliedConfigRecord;
    return record.format === RECORD_FORMAT && typeof record.resources === 'object' ? record : undefined;
  } catch {
    return undefined;
  }
}

export async function writeRecord(at: RecordLocation, record: AppliedConfigRecord, env: NodeJS.ProcessEnv): Promise<void> {
  const text = `${JSON.stringify(record, null, 1)}\n`;
  if (at.kind === 'local') writeFileSync(at.path, text);
  else await s3Client(env, at.region, at.pathStyle).send(new PutObjectCommand({ Bucket: at.bucket, Key: at.key, Body: text, ContentType: 'application/json' }));
}

export function describeLocation(at: RecordLocation): string {
  return at.kind === 'local' ? at.path : `s3://${at.bucket}/${at.key}`;
}
