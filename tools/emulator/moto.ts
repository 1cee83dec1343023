import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { type Config, configFromEnv, hostEnv } from '../../config/from-env';
import { ensureVenv, venvBin } from './venv';

/** AWS environment that points the provider and the SDK at an endpoint (target.ts adds the emulator's settings). */
export function awsEnvFor(endpoint: string): Record<string, string> {
  return {
    AWS_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    AWS_REGION: 'us-east-1',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface Emulator {
  readonly endpoint: string;
  readonly port: number;
  readonly pid: number;
  /** Clear every account and resource (POST /moto-api/reset). */
  reset(): Promise<void>;
  /** Change the delay before each AWS request it answers (IAM_ROSTER_EMULATOR_DELAY_MS at start). */
  setDelay(ms: number): Promise<void>;
  /** The AWS requests it has answered, by action (GetUser, CreateRole...), since it started. */
  requestsByAction(): Promise<Record<string, number>>;
  stop(): Promise<void>;
}

export async function waitForEndpoint(endpoint: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      // Our own control path (moto_server.py): moto's /moto-api/data.json serializes every model and
      // answers 500 once a deleted user is still referenced, which made a live emulator look stopped.
      const res = await fetch(`${endpoint}${CONTROL}/delay`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`the emulator at ${endpoint} did not answer within ${timeoutMs / 1000}s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function resetEmulator(endpoint: string): Promise<void> {
  const res = await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
  if (!res.ok) throw new Error(`emulator reset failed: HTTP ${res.status}`);
}

const CONTROL = '/iam-roster-emulator';

/** The delay the emulator adds before each AWS request, in milliseconds (moto_server.py). */
export async function emulatorDelay(endpoint: string): Promise<number> {
  return ((await control(endpoint, 'delay')) as { delayMs: number }).delayMs;
}

export async function setEmulatorDelay(endpoint: string, ms: number): Promise<void> {
  if (!Number.isInteger(ms) || ms < 0) throw new Error(`setEmulatorDelay: expected a whole number of milliseconds, got ${ms}`);
  await control(endpoint, `delay?ms=${ms}`, 'POST');
}

/** The AWS requests the emulator has answered, by action, since it started. */
export async function emulatorRequestsByAction(endpoint: string): Promise<Record<string, number>> {
  return ((await control(endpoint, 'requests')) as { requests: Record<string, number> }).requests;
}

async function control(endpoint: string, path: string, method = 'GET'): Promise<unknown> {
  const res = await fetch(`${endpoint}${CONTROL}/${path}`, { method });
  if (!res.ok) throw new Error(`the emulator's ${CONTROL}/${path} answered HTTP ${res.status}`);
  return res.json();
}

/**
 * Start a moto server on a free loopback port with AWS managed policies loaded, delaying each
 * AWS request by config.emulatorDelayMs (IAM_ROSTER_EMULATOR_DELAY_MS).
 * detached: keep running after this process exits (the main-job command).
 */
export async function startEmulator(
  options: { port?: number; detached?: boolean; logFile?: number; config?: Pick<Config, 'venvDir' | 'python' | 'emulatorDelayMs'> } = {},
): Promise<Emulator> {
  const config = options.config ?? configFromEnv();
  ensureVenv(undefined, config);
  const port = options.port ?? (await freePort());
  // moto_server.py is moto's server plus the IAM call offboarding needs that moto lacks (see that file).
  const child: ChildProcess = spawn(venvBin('python', config.venvDir), [join(__dirname, 'moto_server.py'), '-H', '127.0.0.1', '-p', String(port)], {
    env: { ...hostEnv(), MOTO_IAM_LOAD_MANAGED_POLICIES: 'true', IAM_ROSTER_EMULATOR_DELAY_MS: String(config.emulatorDelayMs) },
    stdio: ['ignore', options.logFile ?? 'ignore', options.logFile ?? 'ignore'],
    detached: options.detached ?? false,
  });
  if (options.detached) child.unref();
  const endpoint = `http://127.0.0.1:${port}`;
  const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`the emulator exited (code ${code}) before it was ready`))));
  await Promise.race([waitForEndpoint(endpoint), exited]);
  return {
    endpoint,
    port,
    pid: child.pid as number,
    reset: () => resetEmulator(endpoint),
    setDelay: (ms) => setEmulatorDelay(endpoint, ms),
    requestsByAction: () => emulatorRequestsByAction(endpoint),
    stop: () =>
      new Promise<void>((resolve) => {
        // A Ctrl-C reaches the emulator too: killed by a signal, it has a signalCode and no exitCode.
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
