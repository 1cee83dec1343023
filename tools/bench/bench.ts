/**
 * The roster-size benchmark: for each size, roster validation, synth (time and
 * peak memory) and an offline plan against empty state; for one size, a
 * deployed emulator account, its no-op plan, a refresh and the audit. Every
 * Terraform figure has the plain-HCL baseline beside it, measured in the same run.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseRoster } from '../../roster';
import { type Emulator, awsEnvFor, startEmulator } from '../emulator/moto';
import { PROJECT_ROOT, terraformEnv } from '../terraform/cli-config';
import { stackDir } from '../terraform/run';
import { generateRoster } from './generate-roster';
import { writeHclBaseline } from './hcl-baseline';
import { type Measured, TIMED_OUT, measure, measureAsync, medianSeconds } from './measure';

export interface BenchOptions {
  readonly sizes: readonly number[];
  /** Roster size deployed to the emulator for the no-op plan and the audit; 0 skips it. */
  readonly deploySize: number;
  /** terraform -parallelism for the deploys. */
  readonly parallelism: number;
  /** Longest a plain-HCL plan may run before it is reported as "> limit". */
  readonly baselineLimitSeconds: number;
  readonly log: (line: string) => void;
}

export interface SizeResult {
  readonly people: number;
  readonly resources: number;
  readonly validateSeconds: number;
  readonly synthSeconds: number;
  readonly synthMaxRssMb?: number;
  readonly hclWriteSeconds: number;
  readonly planSeconds: number;
  /** Infinity when the plain-HCL plan did not finish within the limit. */
  readonly hclPlanSeconds: number;
  readonly baselineLimitSeconds: number;
}

export interface DeployResult {
  readonly people: number;
  readonly parallelism: number;
  readonly applySeconds: number;
  readonly hclApplySeconds: number;
  readonly noopPlanSeconds: number;
  readonly hclNoopPlanSeconds: number;
  readonly refreshSeconds: number;
  /** undefined when npm run audit is not available. */
  readonly auditSeconds?: number;
  readonly auditExitCode?: number;
}

export interface BenchResult {
  readonly machine: string;
  readonly sizes: readonly SizeResult[];
  readonly deploy?: DeployResult;
}

const TSX = join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx');
const AUDIT_CLI = join(PROJECT_ROOT, 'tools', 'cli', 'audit.ts');

function ok(m: Measured, what: string, codes: readonly number[] = [0]): Measured {
  if (!codes.includes(m.code)) throw new Error(`${what} exited ${m.code}\n${m.stderr.slice(-4000)}\n${m.stdout.slice(-2000)}`.trim());
  return m;
}

function tf(dir: string, args: readonly string[], env: Record<string, string> = {}, timeoutSeconds?: number): Measured {
  return measure('terraform', [...args, '-input=false', '-no-color'], { cwd: dir, env: terraformEnv({ ...process.env, ...env }), timeoutSeconds });
}

function tfAsync(dir: string, args: readonly string[], env: Record<string, string> = {}): Promise<Measured> {
  return measureAsync('terraform', [...args, '-input=false', '-no-color'], { cwd: dir, env: terraformEnv({ ...process.env, ...env }) });
}

/** Synthesize with main.ts, exactly as cdktf does; /usr/bin/time sees the tsx child too. */
function synthMeasured(rosterFile: string, outdir: string, offline: boolean): Measured {
  const env = { ...process.env, ROSTER_FILE: rosterFile, CDKTF_OUTDIR: outdir, ROSTER_STATE_DIR: join(outdir, 'state'), IAM_ROSTER_OFFLINE: offline ? '1' : '' };
  return ok(measure(TSX, [join(PROJECT_ROOT, 'main.ts')], { cwd: PROJECT_ROOT, env }), 'synth');
}

function resourceCount(planOutput: string): number {
  const m = /Plan: (\d+) to add/.exec(planOutput);
  return m ? Number(m[1]) : 0;
}

export function machineDescription(): string {
  const cpu = cpus();
  const tfVersion = /Terraform v[\d.]+/.exec(measure('terraform', ['version'], { env: terraformEnv() }).stdout)?.[0] ?? 'terraform ?';
  return `${cpu.length} x ${cpu[0]?.model.trim() ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}, ${tfVersion}, ${process.platform} ${process.arch}`;
}

function benchSize(people: number, work: string, limit: number, log: BenchOptions['log']): SizeResult {
  const dir = join(work, `size-${people}`);
  mkdirSync(dir, { recursive: true });
  const rosterFile = join(dir, 'roster.yaml');
  const text = generateRoster(people);
  writeFileSync(rosterFile, text);

  const roster = parseRoster(text, rosterFile);
  const validateSeconds = medianSeconds(() => parseRoster(text, rosterFile));
  log(`  ${people}: validation ${validateSeconds.toFixed(3)} s`);

  const outdir = join(dir, 'cdktf');
  const synth = synthMeasured(rosterFile, outdir, true);
  log(`  ${people}: synth ${synth.seconds.toFixed(2)} s, ${synth.maxRssMb?.toFixed(0) ?? '?'} MB`);

  const hclDir = join(dir, 'hcl');
  mkdirSync(hclDir, { recursive: true });
  const t = performance.now();
  writeHclBaseline(hclDir, roster, true);
  const hclWriteSeconds = (performance.now() - t) / 1000;

  const identity = stackDir(outdir, 'identity');
  ok(tf(identity, ['init']), 'terraform init (stack)');
  ok(tf(hclDir, ['init']), 'terraform init (hcl)');
  const plan = ok(tf(identity, ['plan', '-lock=false']), 'terraform plan (stack)');
  log(`  ${people}: plan ${plan.seconds.toFixed(2)} s (${resourceCount(plan.stdout)} resources)`);
  const hclPlan = ok(tf(hclDir, ['plan', '-lock=false'], {}, limit), 'terraform plan (hcl)', [0, ...TIMED_OUT]);
  const stopped = TIMED_OUT.includes(hclPlan.code);
  const hclPlanSeconds = stopped ? Number.POSITIVE_INFINITY : hclPlan.seconds;
  log(`  ${people}: plan, plain HCL ${stopped ? `> ${limit} s (stopped)` : `${hclPlan.seconds.toFixed(2)} s (${resourceCount(hclPlan.stdout)} resources)`}`);
  return {
    people,
    resources: resourceCount(plan.stdout),
    validateSeconds,
    synthSeconds: synth.seconds,
    synthMaxRssMb: synth.maxRssMb,
    hclWriteSeconds,
    planSeconds: plan.seconds,
    hclPlanSeconds,
    baselineLimitSeconds: limit,
  };
}

async function benchDeploy(people: number, parallelism: number, work: string, log: BenchOptions['log']): Promise<DeployResult> {
  const dir = join(work, `deploy-${people}`);
  mkdirSync(dir, { recursive: true });
  const rosterFile = join(dir, 'roster.yaml');
  const text = generateRoster(people);
  writeFileSync(rosterFile, text);
  const outdir = join(dir, 'cdktf');
  synthMeasured(rosterFile, outdir, false);
  const identity = stackDir(outdir, 'identity');
  const hclDir = join(dir, 'hcl');
  mkdirSync(hclDir, { recursive: true });
  writeHclBaseline(hclDir, parseRoster(text, rosterFile), false);
  ok(tf(identity, ['init']), 'terraform init (stack)');
  ok(tf(hclDir, ['init']), 'terraform init (hcl)');

  // One emulator per variant: the same user names exist in both accounts.
  const emulators: Emulator[] = [];
  try {
    emulators.push(await startEmulator(), await startEmulator());
    const [stackEnv, hclEnv] = emulators.map((e) => awsEnvFor(e.endpoint));
    log(`  ${people}: deploying both variants to the emulator side by side (-parallelism=${parallelism})...`);
    const [apply, hclApply] = await Promise.all([
      tfAsync(identity, ['apply', '-auto-approve', `-parallelism=${parallelism}`], stackEnv),
      tfAsync(hclDir, ['apply', '-auto-approve', `-parallelism=${parallelism}`], hclEnv),
    ]);
    ok(apply, 'terraform apply (stack)');
    ok(hclApply, 'terraform apply (hcl)');
    log(`  ${people}: apply ${apply.seconds.toFixed(1)} s, HCL ${hclApply.seconds.toFixed(1)} s (run side by side)`);

    const noop = ok(tf(identity, ['plan', '-detailed-exitcode', '-lock=false'], stackEnv), 'no-op plan (stack)');
    const hclNoop = ok(tf(hclDir, ['plan', '-detailed-exitcode', '-lock=false'], hclEnv), 'no-op plan (hcl)');
    log(`  ${people}: no-op plan ${noop.seconds.toFixed(2)} s, HCL ${hclNoop.seconds.toFixed(2)} s`);
    const refresh = ok(tf(identity, ['apply', '-refresh-only', '-auto-approve', '-lock=false'], stackEnv), 'terraform refresh');
    log(`  ${people}: terraform refresh ${refresh.seconds.toFixed(2)} s`);

    let auditSeconds: number | undefined;
    let auditExitCode: number | undefined;
    if (existsSync(AUDIT_CLI)) {
      // Exit 1 means findings (people have console passwords and no MFA yet): still a complete audit.
      const audit = ok(measure(TSX, [AUDIT_CLI, '--roster', rosterFile, '--format', 'json'], { cwd: PROJECT_ROOT, env: { ...process.env, ...stackEnv } }), 'npm run audit', [0, 1]);
      auditSeconds = audit.seconds;
      auditExitCode = audit.code;
      log(`  ${people}: audit ${audit.seconds.toFixed(2)} s (exit ${audit.code})`);
    } else {
      log(`  ${people}: audit: not available (no tools/cli/audit.ts)`);
    }
    return {
      people,
      parallelism,
      applySeconds: apply.seconds,
      hclApplySeconds: hclApply.seconds,
      noopPlanSeconds: noop.seconds,
      hclNoopPlanSeconds: hclNoop.seconds,
      refreshSeconds: refresh.seconds,
      auditSeconds,
      auditExitCode,
    };
  } finally {
    await Promise.all(emulators.map((e) => e.stop()));
  }
}

export async function runBench(options: BenchOptions): Promise<BenchResult> {
  const work = mkdtempSync(join(tmpdir(), 'iam-roster-bench-'));
  try {
    const machine = machineDescription();
    options.log(`machine: ${machine}`);
    const sizes = options.sizes.map((n) => benchSize(n, work, options.baselineLimitSeconds, options.log));
    const deploy = options.deploySize > 0 ? await benchDeploy(options.deploySize, options.parallelism, work, options.log) : undefined;
    return { machine, sizes, deploy };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export interface TargetCheck {
  readonly target: string;
  readonly measured: string;
  /** undefined when the figure was not measured. */
  readonly pass?: boolean;
}

const s = (x: number) => `${x.toFixed(x < 1 ? 3 : 2)} s`;
const ratio = (a: number, b: number) => (Number.isFinite(b) ? `${(a / b).toFixed(2)}x` : 'n/a');

/** The issue's targets, each with the figure that decides it. */
export function checkTargets(result: BenchResult): TargetCheck[] {
  const big = result.sizes.find((r) => r.people === 5000);
  const d = result.deploy;
  return [
    { target: 'validation of 5,000 people < 0.5 s', measured: big ? s(big.validateSeconds) : 'not measured', pass: big && big.validateSeconds < 0.5 },
    { target: 'synth of 5,000 people < 8 s', measured: big ? s(big.synthSeconds) : 'not measured', pass: big && big.synthSeconds < 8 },
    {
      target: 'synth of 5,000 people < 400 MB',
      measured: big?.synthMaxRssMb !== undefined ? `${big.synthMaxRssMb.toFixed(0)} MB` : 'not measured',
      pass: big?.synthMaxRssMb !== undefined ? big.synthMaxRssMb < 400 : undefined,
    },
    {
      target: `no-op plan of ${d?.people ?? 1000} people no slower than plain HCL`,
      measured: d ? `${s(d.noopPlanSeconds)} vs ${s(d.hclNoopPlanSeconds)} (${ratio(d.noopPlanSeconds, d.hclNoopPlanSeconds)})` : 'not measured',
      pass: d && d.noopPlanSeconds <= d.hclNoopPlanSeconds,
    },
    {
      target: `audit of ${d?.people ?? 1000} people >= 10x faster than terraform refresh`,
      measured: d?.auditSeconds !== undefined ? `${s(d.auditSeconds)} vs ${s(d.refreshSeconds)} (${(d.refreshSeconds / d.auditSeconds).toFixed(1)}x faster)` : 'audit: not available',
      pass: d?.auditSeconds !== undefined ? d.refreshSeconds / d.auditSeconds >= 10 : undefined,
    },
  ];
}

/** The report as Markdown tables: what npm run bench prints and docs/benchmarks.md records. */
export function formatReport(result: BenchResult): string {
  const lines = [`Machine: ${result.machine}`, '', '| people | resources | validation | synth (stack) | synth peak memory | HCL: write tfvars | plan, empty state (stack) | plan (plain HCL) | plan ratio |', '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |'];
  for (const r of result.sizes) {
    lines.push(
      `| ${r.people} | ${r.resources} | ${s(r.validateSeconds)} | ${s(r.synthSeconds)} | ${r.synthMaxRssMb?.toFixed(0) ?? '?'} MB | ${s(r.hclWriteSeconds)} | ${s(r.planSeconds)} | ${Number.isFinite(r.hclPlanSeconds) ? s(r.hclPlanSeconds) : `> ${r.baselineLimitSeconds} s (stopped)`} | ${ratio(r.planSeconds, r.hclPlanSeconds)} |`,
    );
  }
  const d = result.deploy;
  if (d) {
    lines.push('', `Deployed account, ${d.people} people (local emulator, -parallelism=${d.parallelism}):`, '', '| measure | stack | plain HCL | ratio |', '| --- | ---: | ---: | ---: |');
    lines.push(`| apply from empty (both deploys side by side) | ${s(d.applySeconds)} | ${s(d.hclApplySeconds)} | ${ratio(d.applySeconds, d.hclApplySeconds)} |`);
    lines.push(`| no-op plan | ${s(d.noopPlanSeconds)} | ${s(d.hclNoopPlanSeconds)} | ${ratio(d.noopPlanSeconds, d.hclNoopPlanSeconds)} |`);
    lines.push(`| terraform refresh (apply -refresh-only) | ${s(d.refreshSeconds)} | | |`);
    lines.push(
      d.auditSeconds !== undefined
        ? `| npm run audit (exit ${d.auditExitCode}) | ${s(d.auditSeconds)} | | ${(d.refreshSeconds / d.auditSeconds).toFixed(1)}x faster than refresh |`
        : '| npm run audit | audit: not available | | |',
    );
  }
  lines.push('', '| target | measured | result |', '| --- | --- | --- |');
  for (const c of checkTargets(result)) lines.push(`| ${c.target} | ${c.measured} | ${c.pass === undefined ? 'not measured' : c.pass ? 'pass' : 'FAIL'} |`);
  return `${lines.join('\n')}\n`;
}
