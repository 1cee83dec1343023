/** Wall time and peak memory of a child process, measured by /usr/bin/time when the machine has it. */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Measured {
  readonly code: number;
  readonly seconds: number;
  /** Peak resident memory of the process tree's largest process, in MB (undefined without /usr/bin/time). */
  readonly maxRssMb?: number;
  readonly stdout: string;
  readonly stderr: string;
}

const TIME = '/usr/bin/time';

/** Exit codes of coreutils timeout when the limit was reached (TERM sufficed, or KILL was needed). */
export const TIMED_OUT: readonly number[] = [124, 137];

interface Invocation {
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Stop the command after this long (exit code TIMED_OUT) - default no limit. */
  readonly timeoutSeconds?: number;
}

function wrap(program: string, programArgs: readonly string[], timeoutSeconds?: number): { file: string; argv: string[]; out?: string; cleanup: () => void } {
  // coreutils timeout, not spawn's: it stops the command itself, not only the /usr/bin/time wrapper.
  const [command, args] = timeoutSeconds ? ['timeout', ['--kill-after=30', String(timeoutSeconds), program, ...programArgs]] : [program, programArgs];
  if (!existsSync(TIME)) return { file: command, argv: [...args], cleanup: () => {} };
  const dir = mkdtempSync(join(tmpdir(), 'bench-time-'));
  const out = join(dir, 'time.txt');
  return { file: TIME, argv: ['-f', '%e %M', '-o', out, command, ...args], out, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

function finish(w: ReturnType<typeof wrap>, started: number, code: number, stdout: string, stderr: string): Measured {
  let seconds = (performance.now() - started) / 1000;
  let maxRssMb: number | undefined;
  if (w.out && existsSync(w.out)) {
    // /usr/bin/time prepends "Command exited with non-zero status N" when the command fails.
    const last = readFileSync(w.out, 'utf8').trim().split('\n').pop() ?? '';
    const [elapsed, kb] = last.split(' ').map(Number);
    if (Number.isFinite(elapsed)) seconds = elapsed;
    if (Number.isFinite(kb)) maxRssMb = kb / 1024;
  }
  w.cleanup();
  return { code, seconds, maxRssMb, stdout, stderr };
}

export function measure(command: string, args: readonly string[], options: Invocation = {}): Measured {
  const w = wrap(command, args, options.timeoutSeconds);
  const started = performance.now();
  const r = spawnSync(w.file, w.argv, { cwd: options.cwd, env: options.env, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  if (r.error) throw r.error;
  return finish(w, started, r.status ?? 1, r.stdout, r.stderr);
}

/** measure, without blocking the event loop, so two deploys can run side by side. */
export function measureAsync(command: string, args: readonly string[], options: Invocation = {}): Promise<Measured> {
  const w = wrap(command, args, options.timeoutSeconds);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(w.file, w.argv, { cwd: options.cwd, env: options.env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve(finish(w, started, code ?? 1, stdout, stderr)));
  });
}

/** Median seconds of `runs` calls of fn, in process. */
export function medianSeconds(fn: () => void, runs = 3): number {
  const times = Array.from({ length: runs }, () => {
    const t = performance.now();
    fn();
    return (performance.now() - t) / 1000;
  }).sort((a, b) => a - b);
  return times[Math.floor(runs / 2)];
}
