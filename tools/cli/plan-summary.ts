/**
 * npm run plan:summary -- <plan.json> [--base-roster file] [--head-roster file]
 * Prints the pull-request comment for a `terraform show -json` plan.
 * Exit codes: 0 summary printed, 1 unreadable plan or invalid roster.
 */
import { Command } from 'commander';
import { readFileSync, writeFileSync } from 'node:fs';
import { RosterError, loadRosterFile } from '../../roster';
import type { Roster } from '../../roster/model';
import { GITHUB_COMMENT_LIMIT, PlanFormatError, parsePlan, renderMarkdown, summarizePlan } from '../plan-summary';

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

function roster(file: string | undefined): Roster | undefined {
  if (!file) return undefined;
  try {
    return loadRosterFile(file);
  } catch (err) {
    if (err instanceof RosterError) fail(`${err.message}\n${err.problems.length} problem(s) in ${file}; no summary was written.`);
    throw err;
  }
}

const program = new Command()
  .name('plan:summary')
  .description('Summarize a Terraform plan in roster terms, as Markdown for a pull-request comment')
  .argument('<plan-json>', 'output of "terraform show -json plan.bin" ("-" reads standard input)')
  .option('--base-roster <file>', 'the roster before the change (adds statuses and reasons)')
  .option('--head-roster <file>', 'the roster after the change (adds statuses and reasons)')
  .option('--context <text>', 'a line under the heading, such as the commit planned')
  .option('--max-chars <n>', 'longest comment to write', String(GITHUB_COMMENT_LIMIT))
  .option('-o, --output <file>', 'write the Markdown to a file instead of standard output')
  .action((planFile: string, opts: { baseRoster?: string; headRoster?: string; context?: string; maxChars: string; output?: string }) => {
    let text: string;
    try {
      text = readFileSync(planFile === '-' ? 0 : planFile, 'utf8');
    } catch (err) {
      fail(`${planFile}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (err as Error).message}`);
    }
    const maxChars = Number(opts.maxChars);
    if (!Number.isInteger(maxChars) || maxChars < 1000) fail(`--max-chars: expected a whole number of at least 1000, got "${opts.maxChars}"`);
    let plan;
    try {
      plan = parsePlan(text);
    } catch (err) {
      if (err instanceof PlanFormatError) fail(`${planFile}: ${err.message}`);
      throw err;
    }
    const markdown = renderMarkdown(summarizePlan(plan, { base: roster(opts.baseRoster), head: roster(opts.headRoster) }), { maxChars, context: opts.context });
    if (opts.output) writeFileSync(opts.output, markdown);
    else process.stdout.write(markdown);
  });

program.parse();
