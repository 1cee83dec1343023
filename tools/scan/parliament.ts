/** parliament over every IAM policy document the stacks produce. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Finding } from './finding';
import type { ExtractedPolicy } from './policies';
import type { SynthesizedStack } from '../terraform/synthesized';
import { scannerBin } from './venv';

interface ParliamentFinding {
  readonly issue: string;
  readonly title: string;
  /** A sentence, or structured data such as [{ action, required_format }]. */
  readonly detail?: unknown;
  readonly location?: { readonly filepath?: string; readonly string?: string; readonly actions?: readonly string[] };
}

/**
 * Lint all documents in one parliament run, community auditors included
 * (credential exposure, privilege escalation, permissions management).
 */
export function runParliament(policies: readonly ExtractedPolicy[], stacks: readonly SynthesizedStack[]): Finding[] {
  if (policies.length === 0) return [];
  const dir = mkdtempSync(join(tmpdir(), 'parliament-'));
  try {
    policies.forEach((p, i) => writeFileSync(join(dir, `${i}.json`), p.json));
    const r = spawnSync(scannerBin('parliament'), ['--directory', dir, '--json', '--include-community-auditors'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (r.error) throw r.error;
    // parliament exits 1 when it has findings; anything else, or a traceback, is a failure to scan.
    if ((r.status !== 0 && r.status !== 1) || r.stderr.includes('Traceback')) throw new Error(`parliament exited ${r.status}\n${r.stderr}`.trim());
    const fileOf = new Map(stacks.map((s) => [s.name, s.file]));
    return r.stdout
      .split('\n')
      .filter((line) => line.trim())
      .map((line): Finding => {
        const f = JSON.parse(line) as ParliamentFinding;
        const policy = policies[Number(basename(f.location?.filepath ?? '', '.json'))];
        if (!policy) throw new Error(`parliament reported a finding outside the scanned documents: ${line}`);
        const where = [policy.attribute, typeof f.detail === 'string' ? f.detail : JSON.stringify(f.detail), f.location?.string, f.location?.actions?.join(', ')].filter(Boolean).join(': ');
        return { tool: 'parliament', check: f.issue, resource: `${policy.stack}/${policy.address}`, title: f.title, detail: where, file: fileOf.get(policy.stack) ?? policy.stack, line: policy.line };
      });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
