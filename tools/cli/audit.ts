/**
 * npm run audit: compare the live account with the roster.
 * Exit 0 clean, 1 findings at or above --fail-on, 2 errors (one line on stderr).
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import { RosterError, loadRosterFile, rosterFileFromEnv } from '../../roster';
import { CREDENTIAL_DEFAULTS } from '../audit/credential-checks';
import { AuditError } from '../audit/errors';
import { SEVERITIES, type Severity } from '../audit/findings';
import { FORMATS, type Format, exitCodeFor, formatResult } from '../audit/format';
import { runAudit } from '../audit/run-audit';

// The SDK warns about Node 20 on every run; this CLI's stderr is for progress and one-line errors.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

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
}

async function main(argv: string[]): Promise<number> {
  const program = new Command('audit')
    .description('Audit the AWS account in the standard AWS environment against the roster: credential report and roster drift.')
    .addOption(new Option('--format <format>', 'output format').choices(FORMATS).default('table'))
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a finding is at or above this severity').choices(SEVERITIES).default('medium'))
    .option('--root-window-days <days>', 'report root use within this many days', days, CREDENTIAL_DEFAULTS.rootWindowDays)
    .option('--unused-days <days>', 'report passwords and keys unused this many days', days, CREDENTIAL_DEFAULTS.unusedDays)
    .option('--key-max-age-days <days>', 'report active keys older than this', days, CREDENTIAL_DEFAULTS.keyMaxAgeDays)
    .option('--mfa-grace-days <days>', 'days a new console password may go without MFA', days, CREDENTIAL_DEFAULTS.mfaGraceDays)
    .option('--roster <file>', 'roster file (default: ROSTER_FILE or users.yaml)')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  try {
    program.parse(argv);
  } catch (err) {
    const code = (err as { exitCode?: number }).exitCode;
    return code === 0 ? 0 : 2;
  }
  const opts = program.opts<CliOptions>();

  let roster;
  try {
    roster = loadRosterFile(opts.roster ?? rosterFileFromEnv());
  } catch (err) {
    if (!(err instanceof RosterError)) throw err;
    process.stderr.write(`${err.message}\naudit: the roster is invalid; nothing was audited\n`);
    return 2;
  }

  const tty = process.stderr.isTTY;
  const result = await runAudit({
    roster,
    rootWindowDays: opts.rootWindowDays,
    unusedDays: opts.unusedDays,
    keyMaxAgeDays: opts.keyMaxAgeDays,
    mfaGraceDays: opts.mfaGraceDays,
    onProgress: (state, attempt) => {
      const line = `generating the IAM credential report: ${state.toLowerCase()}${attempt > 1 ? ` (check ${attempt})` : ''}`;
      process.stderr.write(tty ? `\r${line}\x1b[K${state === 'COMPLETE' ? '\n' : ''}` : `${line}\n`);
    },
  });
  process.stdout.write(formatResult(result, opts.format, opts.failOn));
  return exitCodeFor(result.findings, opts.failOn);
}

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    const message = err instanceof AuditError ? err.message : `unexpected error: ${(err as Error)?.message ?? String(err)}`.split('\n')[0];
    process.stderr.write(`audit: ${message}\n`);
    process.exitCode = 2;
  },
);
