/**
 * npm run plan:summary -- <plan.json | stack dir>... [--base-roster file] [--head-roster file]
 * Prints the pull-request comment for a `terraform show -json` plan, or for the
 * plan `npm run plan` saved in a synthesized stack (cdktf.out/stacks/identity);
 * given several (the identity stack's and each member account's), one comment for all.
 * Exit codes: 0 summary printed, 1 unreadable plan or invalid roster.
 */
import { Command } from 'commander';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { childEnv } from '../../config/child-env';
import { configFromEnv } from '../../config/from-env';
import { RosterError, loadRosterFile } from '../../roster';
import type { Roster } from '../../roster/model';
import { NO_CHANGES_PLAN_JSON, PLAN_FILE } from '../deploy/deploy';
import { terraform } from '../terraform/run';
import { GITHUB_COMMENT_LIMIT, PlanFormatError, parsePlan, renderComment, summarizePlan } from '../plan-summary';
import { CommandError, runCommand } from './run-command';

function fail(message: string): never {
  throw new CommandError(message);
}

/** The plan JSON: the file itself, or `terraform show -json` of the plan saved in a stack directory. */
function readPlan(source: string): string {
  if (source !== '-' && statSync(source, { throwIfNoEntry: false })?.isDirectory()) {
    // The fast plan found nothing to plan and saved no plan: it left the plan JSON of no changes.
    const none = join(source, NO_CHANGES_PLAN_JSON);
    if (!existsSync(join(source, PLAN_FILE)) && existsSync(none)) return readFileSync(none, 'utf8');
    const shown = terraform(['show', '-json', '-no-color', PLAN_FILE], { cwd: source, env: childEnv(configFromEnv()) });
    if (shown.code !== 0) fail(`${join(source, PLAN_FILE)}: terraform show failed (run "npm run plan" first)\n${shown.stderr.trim()}`);
    return shown.stdout;
  }
  try {
    return readFileSync(source === '-' ? 0 : source, 'utf8');
  } catch (err) {
    fail(`${source}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (err as Error).message}`);
  }
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
  .argument('<plans...>', 'output of "terraform show -json plan.bin" ("-" reads standard input), or a stack directory holding the plan "npm run plan" saved; several make one comment, in the order given')
  .option('--base-roster <file>', 'the roster before the change (adds statuses and reasons)')
  .option('--head-roster <file>', 'the roster after the change (adds statuses and reasons)')
  .option('--context <text>', 'a line under the heading, such as the commit planned')
  .option('--max-chars <n>', 'longest comment to write', String(GITHUB_COMMENT_LIMIT))
  .option('-o, --output <file>', 'write the Markdown to a file instead of standard output')
  .exitOverride()
  .action((planFiles: string[], opts: { baseRoster?: string; headRoster?: string; context?: string; maxChars: string; output?: string }) => {
    const maxChars = Number(opts.maxChars);
    if (!Number.isInteger(maxChars) || maxChars < 1000) fail(`--max-chars: expected a whole number of at least 1000, got "${opts.maxChars}"`);
    const rosters = { base: roster(opts.baseRoster), head: roster(opts.headRoster) };
    const summaries = planFiles.map((planFile) => {
      const text = readPlan(planFile);
      try {
        return summarizePlan(parsePlan(text), rosters);
      } catch (err) {
        if (err instanceof PlanFormatError) fail(`${planFile}: ${err.message}`);
        throw err;
      }
    });
    const markdown = renderComment(summaries, { maxChars, context: opts.context });
    if (opts.output) writeFileSync(opts.output, markdown);
    else process.stdout.write(markdown);
  });

runCommand({ name: 'plan:summary' }, () => {
  program.parse();
});
