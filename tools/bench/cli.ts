/**
 * npm run bench: synthetic rosters of 100, 1,000 and 5,000 people; validation,
 * synth, plan, and for 1,000 people a deployed emulator account with a no-op
 * plan and the audit, each beside a plain-HCL baseline. Prints Markdown.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { PROJECT_ROOT } from '../terraform/cli-config';
import { formatReport, runBench } from './bench';

const numbers = (v: string) => v.split(',').map((n) => Number.parseInt(n, 10));

async function main(): Promise<void> {
  const opts = new Command()
    .name('bench')
    .option('--sizes <list>', 'roster sizes, comma-separated', numbers, [100, 1000, 5000])
    .option('--deploy-size <n>', 'people deployed to the emulator for the no-op plan and audit (0 skips)', Number, 1000)
    .option('--parallelism <n>', 'terraform -parallelism for the deploys', Number, 20)
    .option('--baseline-limit <seconds>', 'stop a plain-HCL plan that runs longer than this', Number, 900)
    .parse()
    .opts<{ sizes: number[]; deploySize: number; parallelism: number; baselineLimit: number }>();
  const result = await runBench({ ...opts, baselineLimitSeconds: opts.baselineLimit, log: (l) => process.stderr.write(`${l}\n`) });
  const report = formatReport(result);
  process.stdout.write(report);
  const out = join(PROJECT_ROOT, 'cdktf.out', 'bench');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'results.json'), JSON.stringify(result, null, 2));
  writeFileSync(join(out, 'report.md'), report);
}

main().catch((err) => {
  process.stderr.write(`bench: ${(err as Error).message}\n`);
  process.exitCode = 1;
});
