import { existsSync, mkdirSync, openSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../../config/config';
import { settingsEnv } from '../../config/child-env';
import { startEmulator, waitForEndpoint } from './moto';
import { emulatorTarget } from './target';

/**
 * The demo's emulator, kept running between commands. Its record, log and the demo's state live in
 * config.localDir (IAM_ROSTER_LOCAL_DIR, default .local in the project); tests point it at a
 * temporary folder so they never touch a developer's running demo.
 */
export function sessionPaths(localDir: string) {
  const demoDir = join(localDir, 'demo');
  return {
    /** The running emulator, so later commands reuse it instead of starting another. */
    record: join(localDir, 'emulator.json'),
    log: join(localDir, 'emulator.log'),
    /** Local state and synthesized stacks of the demo deployment (they describe the emulator's account). */
    demoDir,
    demoOutdir: join(demoDir, 'cdktf.out'),
  };
}

export interface EmulatorSession {
  readonly endpoint: string;
  readonly port: number;
  readonly pid: number;
  readonly startedAt: string;
}

function readSession(localDir: string): EmulatorSession | undefined {
  const { record } = sessionPaths(localDir);
  if (!existsSync(record)) return undefined;
  try {
    return JSON.parse(readFileSync(record, 'utf8')) as EmulatorSession;
  } catch {
    return undefined;
  }
}

/** Is pid a moto server we started? (a recycled pid must never be killed). */
function isEmulatorProcess(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('moto_server');
  } catch {
    return false;
  }
}

/** The emulator recorded in localDir, if it is still running and answering. */
export async function runningEmulator(localDir: string): Promise<EmulatorSession | undefined> {
  const session = readSession(localDir);
  if (!session || !isEmulatorProcess(session.pid)) return undefined;
  try {
    await waitForEndpoint(session.endpoint, 2_000);
    return session;
  } catch {
    return undefined;
  }
}

/** Reuse the running emulator or start one that outlives this process. */
export async function ensureEmulator(config: Config): Promise<{ session: EmulatorSession; reused: boolean }> {
  const running = await runningEmulator(config.localDir);
  if (running) return { session: running, reused: true };
  // An emulator that is gone took its account with it: the demo state now describes nothing.
  clearDemoState(config.localDir);
  mkdirSync(config.localDir, { recursive: true });
  const paths = sessionPaths(config.localDir);
  const emulator = await startEmulator({ detached: true, logFile: openSync(paths.log, 'a'), config });
  const session: EmulatorSession = { endpoint: emulator.endpoint, port: emulator.port, pid: emulator.pid, startedAt: new Date().toISOString() };
  writeFileSync(paths.record, `${JSON.stringify(session, null, 2)}\n`);
  return { session, reused: false };
}

/** Stop the recorded emulator; returns false when none was running. */
export async function stopEmulator(localDir: string): Promise<boolean> {
  const session = readSession(localDir);
  rmSync(sessionPaths(localDir).record, { force: true });
  clearDemoState(localDir);
  if (!session || !isEmulatorProcess(session.pid)) return false;
  process.kill(session.pid, 'SIGTERM');
  for (let i = 0; i < 50 && isEmulatorProcess(session.pid); i++) await new Promise((r) => setTimeout(r, 100));
  return true;
}

function clearDemoState(localDir: string): void {
  const { demoDir, demoOutdir } = sessionPaths(localDir);
  if (!existsSync(demoDir)) return;
  for (const name of readdirSync(demoDir)) if (/^terraform\..+\.tfstate/.test(name)) rmSync(join(demoDir, name), { force: true });
  rmSync(demoOutdir, { recursive: true, force: true });
}

/** The configuration of the demo deployment: the emulator as the target, state and stacks in the demo folder. */
export function demoConfig(config: Config, session: EmulatorSession): Config {
  const { demoDir, demoOutdir } = sessionPaths(config.localDir);
  return { ...emulatorTarget(config, session.endpoint), state: { stateDir: demoDir }, outdir: demoOutdir };
}

/**
 * The variables that point the AWS CLI, the SDK and this project's commands at the demo account
 * (`npm run emulator -- env` prints them as export lines).
 */
export function demoEnv(config: Config, session: EmulatorSession): Record<string, string> {
  const demo = demoConfig(config, session);
  const { ROSTER_STATE_DIR, CDKTF_OUTDIR, IAM_ROSTER_ACCESS_ANALYZER } = settingsEnv(demo);
  return { ...demo.aws, IAM_ROSTER_ACCESS_ANALYZER, ROSTER_STATE_DIR, CDKTF_OUTDIR };
}
