import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Config, configFromEnv, hostEnv } from '../../config/from-env';
import { PROJECT_ROOT } from '../project-root';

export const REQUIREMENTS = join(PROJECT_ROOT, 'requirements', 'python.txt');

/** A program in the emulator's Python environment (IAM_ROSTER_VENV). */
export function venvBin(name: string, venvDir: string = configFromEnv().venvDir): string {
  return join(venvDir, 'bin', name);
}

/** A project-local virtual environment and the pinned requirements file it is installed from. */
export interface PythonEnv {
  readonly dir: string;
  readonly requirements: string;
  /** The Python that creates it (PYTHON). */
  readonly python: string;
}

/**
 * Create the venv and install its pinned requirements when they changed since the
 * last install; a no-op otherwise, so every script can call it.
 */
export function ensurePythonEnv(env: PythonEnv, log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): void {
  const python = join(env.dir, 'bin', 'python');
  const wanted = createHash('sha256').update(readFileSync(env.requirements)).digest('hex');
  const stamp = join(env.dir, '.requirements.sha256');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === wanted && existsSync(python)) return;
  log(`installing Python requirements into ${env.dir} (once)...`);
  if (!existsSync(python)) execFileSync(env.python, ['-m', 'venv', env.dir], { stdio: 'inherit', env: hostEnv() });
  execFileSync(join(env.dir, 'bin', 'pip'), ['install', '--quiet', '--disable-pip-version-check', '-r', env.requirements], { stdio: ['ignore', 'inherit', 'inherit'], env: hostEnv() });
  writeFileSync(stamp, wanted);
}

/** The emulator's environment (.venv from requirements/python.txt). */
export function ensureVenv(log?: (line: string) => void, config: Pick<Config, 'venvDir' | 'python'> = configFromEnv()): void {
  ensurePythonEnv({ dir: config.venvDir, requirements: REQUIREMENTS, python: config.python }, log);
}
