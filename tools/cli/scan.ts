/**
 * npm run scan -- [roster...]: synthesize each roster, run checkov and
 * parliament, and fail on any finding security-exceptions.yaml does not explain.
 * Exit 0 clean, 1 open findings (or stale exceptions with --fail-on-unused), 2 errors.
 */
import { existsSync } from 'node:fs';
import { Command } from 'commander';
import { DEFAULT_EXCEPTIONS_FILE, applyExceptions, loadExceptions } from '../scan/exceptions';
import { type Finding, formatFinding } from '../scan/finding';
import { scanRoster } from '../scan/scan';
import { runCommand } from './run-command';

const DEFAULT_ROSTERS = ['users.yaml', 'examples/every-feature.yaml'];

function main(): number {
  const program = new Command()
    .name('scan')
    .description('Security scanners (checkov, parliament) over every synthesized stack, gated by security-exceptions.yaml')
    .argument('[rosters...]', `rosters to synthesize and scan (default: ${DEFAULT_ROSTERS.join(', ')} where present)`)
    .option('--exceptions <file>', 'the exceptions file', DEFAULT_EXCEPTIONS_FILE)
    .option('--format <format>', 'text or json', 'text')
    .option('--fail-on-unused', 'also fail when an exception matched no finding (stale)', false)
    .exitOverride()
    .parse();
  const opts = program.opts<{ exceptions: string; format: string; failOnUnused: boolean }>();
  const rosters = program.args.length > 0 ? program.args : DEFAULT_ROSTERS.filter((f) => existsSync(f));

  const exceptions = loadExceptions(opts.exceptions);
  const findings: Finding[] = [];
  for (const roster of rosters) {
    process.stderr.write(`scanning ${roster}...\n`);
    const scan = scanRoster(roster);
    process.stderr.write(`  ${scan.stacks.length} stack(s) (${scan.stacks.map((s) => s.name).join(', ')}), ${scan.policies} policy document(s), ${scan.findings.length} finding(s)\n`);
    findings.push(...scan.findings);
  }
  // The same resource in two rosters is one finding for the gate, reported once.
  const unique = [...new Map(findings.map((f) => [`${f.tool} ${f.check} ${f.resource} ${f.detail ?? ''}`, f])).values()];
  const gate = applyExceptions(unique, exceptions);

  if (opts.format === 'json') {
    process.stdout.write(`${JSON.stringify({ rosters, open: gate.open, excepted: gate.excepted.length, unused: gate.unused }, null, 2)}\n`);
  } else {
    for (const f of gate.open) process.stdout.write(`${formatFinding(f)}\n`);
    for (const e of gate.unused) process.stdout.write(`${opts.exceptions}:${e.line}: unused exception: ${e.tool} ${e.check} ${e.resource} matched no finding; remove it\n`);
    process.stdout.write(
      `${gate.open.length} open finding(s), ${gate.excepted.length} accepted by ${opts.exceptions}, ${gate.unused.length} unused exception(s), over ${rosters.join(', ')}\n`,
    );
    if (gate.open.length > 0) process.stdout.write('fix each open finding, or add it to security-exceptions.yaml with the check, the resource and a written reason\n');
  }
  return gate.open.length > 0 || (opts.failOnUnused && gate.unused.length > 0) ? 1 : 0;
}

// Exit 2 for every error: 1 means open findings.
runCommand({ name: 'scan', failureCode: 2 }, main);
