/** checkov over the synthesized Terraform JSON of every stack, findings at Terraform addresses. */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import type { Finding } from './finding';
import { type SynthesizedStack, addressAtLine } from '../terraform/synthesized';
import { hostEnv } from '../../config/from-env';
import { scannerBin } from './venv';

interface CheckovCheck {
  readonly check_id: string;
  readonly check_name: string;
  readonly resource: string;
  readonly file_abs_path: string;
  readonly file_line_range: readonly [number, number];
}

interface CheckovReport {
  readonly results?: { readonly failed_checks?: readonly CheckovCheck[] };
}

/**
 * Run checkov once over every stack file (one start-up, which is most of its
 * time) and return the failed checks. --skip-download: no calls to Prisma
 * Cloud, so the scan is offline and repeatable.
 */
export function runCheckov(stacks: readonly SynthesizedStack[]): Finding[] {
  if (stacks.length === 0) return [];
  const args = [...stacks.flatMap((s) => ['-f', resolve(s.file)]), '--framework', 'terraform_json', '-o', 'json', '--quiet', '--soft-fail', '--skip-download'];
  const r = spawnSync(scannerBin('checkov'), args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env: { ...hostEnv(), LOG_LEVEL: 'ERROR' } });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`checkov exited ${r.status}\n${r.stderr}`.trim());
  return parseCheckovReport(r.stdout, stacks);
}

export function parseCheckovReport(stdout: string, stacks: readonly SynthesizedStack[]): Finding[] {
  const parsed = JSON.parse(stdout) as CheckovReport | CheckovReport[];
  const reports = Array.isArray(parsed) ? parsed : [parsed];
  const byFile = new Map(stacks.map((s) => [resolve(s.file), s]));
  return reports.flatMap((report) =>
    (report.results?.failed_checks ?? []).map((c): Finding => {
      const stack = byFile.get(resolve(c.file_abs_path));
      if (!stack) throw new Error(`checkov reported a file that was not scanned: ${c.file_abs_path}`);
      const line = c.file_line_range[0];
      // checkov's terraform_json reports some resources as "resource.<name>"; the line says which block it is.
      const addr = addressAtLine(stack, line) ?? c.resource;
      return { tool: 'checkov', check: c.check_id, resource: `${stack.name}/${addr}`, title: c.check_name, file: stack.file, line };
    }),
  );
}
