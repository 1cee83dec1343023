/**
 * An emulator account with a roster deployed through real Terraform, exactly
 * as `npm run deploy` would: synthesize main.ts, init and apply each stack.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { accessAnalyzerFromEnv } from '../../config/from-env';
import type { Roster } from '../../roster/model';
import { type AuditOptions, type AuditResult, runAudit } from '../../tools/audit/run-audit';
import { type Emulator, startEmulator } from '../../tools/emulator/moto';
import { emulatorTargetEnv } from '../../tools/emulator/target';
import { stackDir, synth, terraformOk } from '../../tools/terraform/run';

export interface EmulatorAccount {
  readonly emulator: Emulator;
  /** Standard AWS environment pointing at the emulator. */
  readonly env: Record<string, string>;
  /** Where main.ts wrote the stacks. */
  readonly outdir: string;
  /** Run terraform in a stack's folder against the emulator. */
  terraform(stack: string, args: readonly string[], okCodes?: readonly number[]): ReturnType<typeof terraformOk>;
}

export async function emulatorAccount(rosterFile: string): Promise<EmulatorAccount> {
  const emulator = await startEmulator();
  const dir = mkdtempSync(join(tmpdir(), 'audit-account-'));
  const env = { ...emulatorTargetEnv(emulator.endpoint), ROSTER_STATE_DIR: dir };
  const outdir = join(dir, 'out');
  const synthesized = synth({ rosterFile, outdir, env });
  if (synthesized.code !== 0) throw new Error(`synth failed:\n${synthesized.stderr}`);
  return {
    emulator,
    env,
    outdir,
    terraform: (stack, args, okCodes) => terraformOk(args, { cwd: stackDir(outdir, stack), env, okCodes }),
  };
}

/** init and apply a stack; `targets` limits the apply to those addresses. */
export function deployStack(account: EmulatorAccount, stack: string, targets: readonly string[] = []): void {
  account.terraform(stack, ['init', '-no-color', '-input=false']);
  account.terraform(stack, ['apply', '-auto-approve', '-no-color', '-input=false', ...targets.map((t) => `-target=${t}`)]);
}

/** Deploy the whole account as `npm run deploy` does: the identity stack, then the baseline (its support role is granted to the admins group). */
export function deployAccount(account: EmulatorAccount): void {
  deployStack(account, 'identity');
  deployStack(account, 'baseline');
}

/**
 * Audit the emulator account as `npm run audit` does there: Access Analyzer off, as the
 * emulator's environment says (it lacks the API), and the credential report polled quickly.
 */
export function auditAccount(account: EmulatorAccount, roster: Roster, options: Omit<AuditOptions, 'roster' | 'env'> = {}): Promise<AuditResult> {
  return runAudit({ roster, env: account.env, pollIntervalMs: 50, accessAnalyzer: accessAnalyzerFromEnv(account.env), ...options });
}
