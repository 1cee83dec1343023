/**
 * Wall time and peak memory of a child process tree. Each command runs in its
 * own process group, so a time limit, a memory limit or an interrupt stops
 * terraform and its provider plugins too, not only the process we started.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Measured {
  readonly code: number;
  readonly seconds: number;
  /** Peak resident memory of the tree's largest process, in MB (undefined without /usr/bin/time). */
  readonly maxRssMb?: number;
  /** Most memory the whole process tree held, sampled twice a second (only with a memory limit). */
  readonly peakTreeMb?: number;
  /** Why the command was stopped before it finished - undefined when it ran to the end. */
  readonly stopped?: 'time limit' | 'memory limit';
  readonly stdout: string;
  readonly stderr: string;
}

export interface Invocation {
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Stop the command after this many seconds - default no limit. */
  readonly timeoutSeconds?: number;
  /** Stop the command when its process tree holds more than this many MB - default no limit. */
  readonly memoryLimitMb?: number;
  /** Stop the command and reject when this aborts (Ctrl-C). */
  readonly signal?: AbortSignal;
}

const TIME = '/usr/bin/time';
/** How long a stopped tree gets between SIGTERM and SIGKILL. */
const KILL_GRACE_MS = 10_000;

/** The 1-, 5- and 15-minute load averages, as uptime prints them. */
export function loadAverage(): string {
  return loadavg()
    .map((l) => l.toFixed(2))
    .join(', ');
}

/** Resident memory of every process in the process group, in MB (0 when /proc is missing). */
export function groupRssMb(pgid: number): number {
  let pages = 0;
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return 0;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // Fields after the parenthesised command name: state ppid pgrp ... rss is field 24 overall.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === pgid) pages += Number(fields[21]);
    } catch {
      // the process ended while we looked
    }
  }
  return (pages * 4096) / 2 ** 20;
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

/** Run a command to the end (or a limit), measuring it; rejects only when signal aborts or it cannot start. */
export function measure(command: string, args: readonly string[], options: Invocation = {}): Promise<Measured> {
  const dir = existsSync(TIME) ? mkdtempSync(join(tmpdir(), 'bench-time-')) : undefined;
  const timeFile = dir && join(dir, 'time.txt');
  const [file, argv] = timeFile ? [TIME, ['-f', '%e %M', '-o', timeFile, command, ...args]] : [command, [...args]];
  const started = performance.now();
  return new Promise<Measured>((resolve, reject) => {
    if (options.signal?.aborted) return reject(options.signal.reason);
    const child = spawn(file, argv, { cwd: options.cwd, env: options.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const pid = child.pid as number;
    let stdout = '';
    let stderr = '';
    let stopped: Measured['stopped'];
    let killTimer: NodeJS.Timeout | undefined;
    let peakTreeMb: number | undefined;
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const stop = (why?: Measured['stopped']) => {
      if (killTimer) return;
      stopped = why;
      killGroup(pid, 'SIGTERM');
      killTimer = setTimeout(() => killGroup(pid, 'SIGKILL'), KILL_GRACE_MS);
    };
    const timeLimit = options.timeoutSeconds ? setTimeout(() => stop('time limit'), options.timeoutSeconds * 1000) : undefined;
    const memoryWatch = options.memoryLimitMb
      ? setInterval(() => {
          const treeMb = groupRssMb(pid);
          peakTreeMb = Math.max(peakTreeMb ?? 0, treeMb);
          if (treeMb > (options.memoryLimitMb as number)) {
            stop('memory limit');
            // Memory keeps growing while a tree shuts down gracefully; do not wait.
            killGroup(pid, 'SIGKILL');
          }
        }, 500)
      : undefined;
    const onAbort = () => stop();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const cleanup = () => {
      clearTimeout(timeLimit);
      clearInterval(memoryWatch);
      clearTimeout(killTimer);
      options.signal?.removeEventListener('abort', onAbort);
      // Whatever the wrapper left behind (a provider plugin of a killed terraform) goes too.
      killGroup(pid, 'SIGKILL');
    };
    child.on('error', (err) => {
      cleanup();
      if (dir) rmSync(dir, { recursive: true, force: true });
      reject(err);
    });
    child.on('close', (code) => {
      cleanup();
      let seconds = (performance.now() - started) / 1000;
      let maxRssMb: number | undefined;
      if (timeFile && existsSync(timeFile)) {
        // /usr/bin/time prepends "Command exited with non-zero status N" when the command fails.
        // A stopped /usr/bin/time writes nothing: keep our own clock then.
        const last = /^([\d.]+) (\d+)$/m.exec(readFileSync(timeFile, 'utf8').trim().split('\n').pop() ?? '');
        if (last) {
          seconds = Number(last[1]);
          maxRssMb = Number(last[2]) / 1024;
        }
      }
      if (dir) rmSync(dir, { recursive: true, force: true });
      if (options.signal?.aborted) return reject(options.signal.reason);
      resolve({ code: code ?? 1, seconds, maxRssMb, peakTreeMb, stopped, stdout, stderr });
    });
  });
}

/** Median of the values (the upper one of the middle two for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Median seconds of `runs` calls of fn, in process. */
export function medianSeconds(fn: () => void, runs = 5): number {
  return median(
    Array.from({ length: runs }, () => {
      const t = performance.now();
      fn();
      return (performance.now() - t) / 1000;
    }),
  );
}
