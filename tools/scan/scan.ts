/** Synthesize a roster and run both scanners over every stack it produces. */
import { mkdirSync, rmSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { synth } from '../terraform/run';
import { runCheckov } from './checkov';
import type { Finding } from './finding';
import { runParliament } from './parliament';
import { extractPolicies } from './policies';
import { type SynthesizedStack, readStacks } from '../terraform/synthesized';
import { ensureScannersVenv } from './venv';

export interface StackScan {
  readonly stacks: readonly SynthesizedStack[];
  /** How many policy documents parliament read. */
  readonly policies: number;
  readonly findings: readonly Finding[];
}

/** Synthesize the bootstrap stack with its keyless CI roles, so their policies are scanned too. */
export const SCANNED_CI_REPOSITORY = 'example-org/iam-roster';

/** Scan already-synthesized stacks (outdir/stacks/<name>/cdk.tf.json). */
export function scanSynthesized(outdir: string): StackScan {
  ensureScannersVenv();
  const stacks = readStacks(outdir);
  const policies = stacks.flatMap(extractPolicies);
  return { stacks, policies: policies.length, findings: [...runCheckov(stacks), ...runParliament(policies, stacks)] };
}

/**
 * Synthesize the roster offline into outdir (default cdktf.out/scan/<roster name>,
 * so printed paths can be opened) and scan it. A roster error throws with its lines.
 */
export function scanRoster(rosterFile: string, outdir = join('cdktf.out', 'scan', basename(rosterFile, extname(rosterFile)))): StackScan {
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  const r = synth({ rosterFile, outdir, env: { IAM_ROSTER_OFFLINE: '1', ROSTER_STATE_DIR: join(outdir, 'state'), IAM_ROSTER_GITHUB_REPOSITORY: SCANNED_CI_REPOSITORY } });
  if (r.code !== 0) throw new Error(`synth of ${rosterFile} failed:\n${r.stderr}`.trim());
  return scanSynthesized(outdir);
}
