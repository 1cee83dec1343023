/**
 * npm run bench: synthetic rosters of 100, 1,000 and 5,000 people; validation,
 * synth, plan; the synth of an organization of 20 accounts beside one account's;
 * and for 1,000 people an emulator account with a no-op plan, the fast plan with
 * and without an emulated 30 ms round trip, a refresh and the audit, each beside
 * its baseline. Prints Markdown and keeps it, with the raw figures, in cdktf.out/bench/.
 * Ctrl-C stops the running command, the emulators and removes the temporary files.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { configFromEnv } from '../../config/from-env';
import { runBench } from '../bench/bench';
import { ORGANIZATION_SCALE } from '../bench/generate-roster';
import { formatReport } from '../bench/report';
import { PROJECT_ROOT } from '../project-root';
import { CommandError, exitNow, runCommand } from './run-command';

function whole(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`expected a whole number, got ${JSON.stringify(value)}`);
  return n;
}

function sizes(value: string): number[] {
  if (value === 'none') return [];
  return value.split(',').map((v) => {
    const n = whole(v.trim());
    if (n < 1) throw new InvalidArgumentError(`expected roster sizes of at least 1 person, got ${JSON.stringify(v)}`);
    return n;
  });
}

function delays(value: string): number[] {
  return value.split(',').map((v) => whole(v.trim()));
}

const controller = new AbortController();

async function main(): Promise<void> {
  const opts = new Command()
    .name('bench')
    .option('--sizes <list>', 'roster sizes, comma-separated (none skips them)', sizes, [100, 1000, 5000])
    .option('--org-people <n>', `people in the organization whose synth is measured (${ORGANIZATION_SCALE.accounts} member accounts x ${ORGANIZATION_SCALE.rolesPerAccount} roles; 0 skips it)`, whole, ORGANIZATION_SCALE.people)
    .option('--deploy-size <n>', 'people deployed to the emulator for the no-op plan, fast plan, refresh and audit (0 skips it)', whole, 1000)
    .option('--delays <list>', 'emulator delays before each request (ms, comma-separated) at which the fast plan is measured', delays, [0, 30])
    .option('--no-hcl-deploy', 'do not deploy the plain-HCL baseline (its apply of 5,000 people outlasts any limit)')
    .option('--runs <n>', 'runs of each deployed-account figure (the median is reported)', whole, 3)
    .option('--parallelism <n>', 'terraform -parallelism for the deploys', whole, 10)
    .option('--limit <seconds>', 'stop any terraform run longer than this and report "> limit"', whole, 900)
    .option('--memory-limit <MB>', 'stop any terraform run whose processes hold more memory than this', whole, 8192)
    .exitOverride()
    .parse()
    .opts<{ sizes: number[]; orgPeople: number; deploySize: number; delays: number[]; hclDeploy: boolean; runs: number; parallelism: number; limit: number; memoryLimit: number }>();

  let interruptedAt = 0;
  const interrupt = (signal: NodeJS.Signals) => {
    // A Ctrl-C arrives twice: from the terminal and relayed by the tsx wrapper. Only a later one means "now".
    if (controller.signal.aborted && Date.now() - interruptedAt < 3000) return;
    if (controller.signal.aborted) {
      process.stderr.write('bench: stopping now; temporary files may be left in the system temp folder (iam-roster-bench-*)\n');
      exitNow(130);
    }
    process.stderr.write(`bench: ${signal}: stopping the running command and the emulators, removing temporary files...\n`);
    interruptedAt = Date.now();
    controller.abort(new Error(`interrupted by ${signal}`));
  };
  process.on('SIGINT', interrupt);
  process.on('SIGTERM', interrupt);
  process.on('SIGHUP', interrupt);

  const result = await runBench({
    sizes: opts.sizes,
    deploySize: opts.deploySize,
    organization: opts.orgPeople > 0 ? { ...ORGANIZATION_SCALE, people: opts.orgPeople } : undefined,
    delaysMs: opts.delays,
    hclDeploy: opts.hclDeploy,
    runs: Math.max(1, opts.runs),
    parallelism: Math.max(1, opts.parallelism),
    limitSeconds: opts.limit,
    memoryLimitMb: opts.memoryLimit,
    log: (l) => process.stderr.write(`${l}\n`),
    signal: controller.signal,
    config: configFromEnv(),
  });
  const report = formatReport(result);
  process.stdout.write(report);
  const out = join(PROJECT_ROOT, 'cdktf.out', 'bench');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'results.json'), JSON.stringify(result, null, 2));
  writeFileSync(join(out, 'report.md'), report);
  process.stderr.write(`bench: figures kept in ${join(out, 'report.md')} and results.json\n`);
}

runCommand({ name: 'bench' }, async () => {
  try {
    await main();
  } catch (err) {
    // Interrupted: the cleanup ran; 130 as for any command stopped by Ctrl-C.
    if (controller.signal.aborted) throw new CommandError(`bench: ${(err as Error).message}`, 130);
    throw err;
  }
});
