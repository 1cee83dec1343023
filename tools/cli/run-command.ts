/**
 * The one way an entry point ends: known errors become a message on stderr and an exit code,
 * never a stack trace. Every command in tools/cli (and main.ts) runs through runCommand; nothing
 * else sets the exit code or calls process.exit.
 */
import { CommanderError } from 'commander';
import { ConfigError } from '../../config/config';
import { RosterError } from '../../roster/problem';
import { AuditError } from '../audit/errors';
import { DeployError } from '../deploy/deploy-error';
import { PlanFormatError } from '../plan-summary/plan-json';
import { ExceptionsError } from '../scan/exceptions';

/** A failure an entry point found itself (a bad argument, a missing file): printed as is. */
export class CommandError extends Error {
  constructor(
    message: string,
    /** Exit code - default the command's failure code. */
    readonly exitCode?: number,
  ) {
    super(message);
    this.name = 'CommandError';
  }
}

export interface CommandOptions {
  /** The command's name, put before messages that do not say where they come from. */
  readonly name: string;
  /** Exit code of a failure - default 1. The audit and the scan use 2, since 1 means findings there. */
  readonly failureCode?: number;
  /** The line after a roster's problems, saying what was not done - default "N problem(s) in the roster". */
  readonly rosterFooter?: (err: RosterError) => string;
}

export interface Failure {
  /** What to print on stderr; empty when it was printed already (commander's usage errors). */
  readonly message: string;
  readonly exitCode: number;
}

/** The message and exit code of an error that ended a command. */
export function describeFailure(err: unknown, options: CommandOptions): Failure {
  const code = options.failureCode ?? 1;
  if (err instanceof CommanderError) return { message: '', exitCode: err.exitCode === 0 ? 0 : code };
  if (err instanceof CommandError) return { message: err.message, exitCode: err.exitCode ?? code };
  if (err instanceof RosterError) {
    const footer = options.rosterFooter?.(err) ?? `${err.problems.length} problem(s) in the roster`;
    return { message: `${err.message}\n${footer}`, exitCode: code };
  }
  if (err instanceof ConfigError) return { message: `${err.message}\n${options.name}: invalid configuration (every variable is in docs/configuration.md)`, exitCode: code };
  // After Terraform's streamed output: a blank line sets the explanation apart.
  if (err instanceof DeployError) return { message: `\n${err.message}`, exitCode: code };
  // Each line already names the file and position.
  if (err instanceof ExceptionsError) return { message: err.message, exitCode: code };
  if (err instanceof AuditError || err instanceof PlanFormatError) return { message: `${options.name}: ${err.message}`, exitCode: code };
  return { message: `${options.name}: ${err instanceof Error ? err.message : String(err)}`, exitCode: code };
}

/**
 * Run an entry point's main and end the process the one way: its returned number (default 0) is
 * the exit code; a thrown error is described by describeFailure.
 */
export function runCommand(options: CommandOptions, main: () => number | void | Promise<number | void>): void {
  Promise.resolve()
    .then(main)
    .then(
      (code) => {
        process.exitCode = code ?? 0;
      },
      (err: unknown) => {
        const failure = describeFailure(err, options);
        if (failure.message) process.stderr.write(`${failure.message}\n`);
        process.exitCode = failure.exitCode;
      },
    );
}

/** End at once, for a second Ctrl-C that must not wait for cleanup. */
export function exitNow(code: number): never {
  process.exit(code);
}
