import { existsSync, mkdirSync, openSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { awsEnvFor, startEmulator, waitForEndpoint } from '../emulator/moto';
import { PROJECT_ROOT } from '../terraform/cli-config';

/**
 * Where the demo keeps its emulator record, log and state: IAM_ROSTER_LOCAL_DIR, default .local in the
 * project. Tests point it at a temporary folder so they never touch a developer's running demo.
 */
export const LOCAL_DIR = resolve(process.env.IAM_ROSTER_LOCAL_DIR || join(PROJECT_ROOT, '.local'));
/** The running emulator, so later commands reuse it instead of starting another. */
export const EMULATOR_FILE = join(LOCAL_DIR, 'emulator.json');
export const EMULATOR_LOG = join(LOCAL_DIR, 'emulator.log');
/** Local state and synthesized stacks of the demo deployment (they describe the emulator's account). */
export const DEMO_DIR = join(LOCAL_DIR, 'demo');
export const DEMO_OUTDIR = join(DEMO_DIR, 'cdktf.out');

export interface EmulatorSession {
  readonly endpoint: string;
  readonly port: number;
  readonly pid: number;
  readonly startedAt: string;
}

function readSession(): EmulatorSession | undefined {
  if (!existsSync(EMULATOR_FILE)) return undefined;
  try {
    return JSON.parse(readFileSync(EMULATOR_FILE, 'utf8')) as EmulatorSession;
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

/** The emulator recorded in .local/emulator.json, if it is still running and answering. */
export async function runningEmulator(): Promise<EmulatorSession | undefined> {
  const session = readSession();
  if (!session || !isEmulatorProcess(session.pid)) return undefined;
  try {
    await waitForEndpoint(session.endpoint, 2_000);
    return session;
  } catch {
    return undefined;
  }
}

/** Reuse the running emulator or start one that outlives this process. */
export async function ensureEmulator(): Promise<{ session: EmulatorSession; reused: boolean }> {
  const running = await runningEmulator();
  if (running) return { session: running, reused: true };
  // An emulator that is gone took its account with it: the demo state now describes nothing.
  clearDemoState();
  mkdirSync(LOCAL_DIR, { recursive: true });
  const emulator = await startEmulator({ detached: true, logFile: openSync(EMULATOR_LOG, 'a') });
  const session: EmulatorSession = { endpoint: emulator.endpoint, port: emulator.port, pid: emulator.pid, startedAt: new Date().toISOString() };
  writeFileSync(EMULATOR_FILE, `${JSON.stringify(session, null, 2)}\n`);
  return { session, reused: false };
}

/** Stop the recorded emulator; returns false when none was running. */
export async function stopEmulator(): Promise<boolean> {
  const session = readSession();
  rmSync(EMULATOR_FILE, { force: true });
  clearDemoState();
  if (!session || !isEmulatorProcess(session.pid)) return false;
  process.kill(session.pid, 'SIGTERM');
  for (let i = 0; i < 50 && isEmulatorProcess(session.pid); i++) await new Promise((r) => setTimeout(r, 100));
  return true;
}

function clearDemoState(): void {
  if (!existsSync(DEMO_DIR)) return;
  for (const name of readdirSync(DEMO_DIR)) if (/^terraform\..+\.tfstate/.test(name)) rmSync(join(DEMO_DIR, name), { force: true });
  rmSync(DEMO_OUTDIR, { recursive: true, force: true });
}

/** The environment that points the AWS CLI, the SDK and this project's commands at the demo account. */
export function demoEnv(session: EmulatorSession): Record<string, string> {
  return { ...awsEnvFor(session.endpoint), ROSTER_STATE_DIR: DEMO_DIR, CDKTF_OUTDIR: DEMO_OUTDIR };
}
