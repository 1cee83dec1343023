/**
 * npm run audit: compare the live account with the roster.
 * Exit 0 clean, 1 findings at or above --fail-on, 2 errors (one line on stderr).
 */
import { writeFileSync } from 'node:fs';
import { Command, InvalidArgumentError, Option } from 'commander';
import { configFromEnv, silenceSdkNodeWarning } from '../../config/from-env';
import { loadRosterFile } from '../../roster';
import { CREDENTIAL_DEFAULTS } from '../audit/credential-checks';
import { SEVERITIES, type Severity } from '../audit/findings';
import { FORMATS, type Format, exitCodeFor, formatResult } from '../audit/format';
import { runAudit } from '../audit/run-audit';
import { CommandError, runCommand } from './run-command';

silenceSdkNodeWarning();

function days(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`expected a whole number of days, got ${JSON.stringify(value)}`);
  return n;
}

interface CliOptions {
  format: Format;
  failOn: Severity;
  rootWindowDays: number;
  unusedDays: number;
  keyMaxAgeDays: number;
  mfaGraceDays: number;
  roster?: string;
  output?: string;
  identityOnly?: boolean;
  memberAccounts?: boolean;
}

async function main(argv: string[]): Promise<number> {
  const program = new Command('audit')
    .description(
      'Audit the AWS account in the standard AWS environment against the roster: credential report and roster drift; with accounts: on the roster, the organization and each member account too, through IAM_ROSTER_MEMBER_AUDIT_ROLE.',
    )
    .addOption(new Option('--format <format>', 'output format').choices(FORMATS).default('table'))
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a finding is at or above this severity').choices(SEVERITIES).default('medium'))
    .option('--root-window-days <days>', 'report root use within this many days', days, CREDENTIAL_DEFAULTS.rootWindowDays)
    .option('--unused-days <days>', 'report passwords and keys unused this many days', days, CREDENTIAL_DEFAULTS.unusedDays)
    .option('--key-max-age-days <days>', 'report active keys older than this', days, CREDENTIAL_DEFAULTS.keyMaxAgeDays)
    .option('--mfa-grace-days <days>', 'days a new console password may go without MFA', days, CREDENTIAL_DEFAULTS.mfaGraceDays)
    .option('--roster <file>', 'roster file (default: ROSTER_FILE or users.yaml)')
    .option('--output <file>', 'write the report to this file (default: stdout)')
    .option('--identity-only', 'audit the identity account alone, not the organization and member accounts a roster with accounts: names')
    .option('--member-accounts', 'accepted for older scripts: member accounts are audited whenever the roster names any')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  const opts = program.parse(argv).opts<CliOptions>();
  if (opts.identityOnly && opts.memberAccounts) throw new CommandError('audit: --identity-only and --member-accounts contradict each other; give one');
  const config = configFromEnv();
  const roster = loadRosterFile(opts.roster ?? config.rosterFile);

  const tty = process.stderr.isTTY;
  const result = await runAudit({
    roster,
    env: config.aws,
    rootWindowDays: opts.rootWindowDays,
    unusedDays: opts.unusedDays,
    keyMaxAgeDays: opts.keyMaxAgeDays,
    mfaGraceDays: opts.mfaGraceDays,
    accessAnalyzer: config.accessAnalyzer,
    ...(Object.keys(roster.accounts).length > 0 && !opts.identityOnly ? { memberAccounts: { auditRole: config.memberAuditRole, deployRole: config.memberDeployRole } } : {}),
    onProgress: (state, attempt) => {
      const line = `generating the IAM credential report: ${state.toLowerCase()}${attempt > 1 ? ` (check ${attempt})` : ''}`;
      process.stderr.write(tty ? `\r${line}\x1b[K${state === 'COMPLETE' ? '\n' : ''}` : `${line}\n`);
    },
  });
  const output = formatResult(result, opts.format, opts.failOn, roster);
  if (opts.output === undefined) process.stdout.write(output);
  else writeOutput(opts.output, output);
  return exitCodeFor(result.findings, opts.failOn);
}

function writeOutput(file: string, text: string): void {
  try {
    writeFileSync(file, text);
  } catch (err) {
    throw new CommandError(`audit: cannot write ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  process.stderr.write(`audit: wrote ${file}\n`);
}

// Exit 2 for every error: 1 means findings.
runCommand({ name: 'audit', failureCode: 2, rosterFooter: () => 'audit: the roster is invalid; nothing was audited' }, () => main(process.argv));
