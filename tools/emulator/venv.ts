import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../terraform/cli-config';

/** The project-local Python environment for the emulator and the scanners. */
export const VENV_DIR = process.env.IAM_ROSTER_VENV || join(PROJECT_ROOT, '.venv');
export const REQUIREMENTS = join(PROJECT_ROOT, 'requirements', 'python.txt');

export function venvBin(name: string): string {
  return join(VENV_DIR, 'bin', name);
}

/** A project-local virtual environment and the pinned requirements file it is installed from. */
export interface PythonEnv {
  readonly dir: string;
  readonly requirements: string;
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
  if (!existsSync(python)) execFileSync(process.env.PYTHON || 'python3', ['-m', 'venv', env.dir], { stdio: 'inherit' });
  execFileSync(join(env.dir, 'bin', 'pip'), ['install', '--quiet', '--disable-pip-version-check', '-r', env.requirements], { stdio: ['ignore', 'inherit', 'inherit'] });
  writeFileSync(stamp, wanted);
}

/** The emulator's environment (.venv from requirements/python.txt). */
export function ensureVenv(log?: (line: string) => void): void {
  ensurePythonEnv({ dir: VENV_DIR, requirements: REQUIREMENTS }, log);
}
