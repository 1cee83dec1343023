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

/**
 * Create .venv and install the pinned requirements when they changed since the
 * last install; a no-op otherwise, so every script can call it.
 */
export function ensureVenv(log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): void {
  const wanted = createHash('sha256').update(readFileSync(REQUIREMENTS)).digest('hex');
  const stamp = join(VENV_DIR, '.requirements.sha256');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === wanted && existsSync(venvBin('python'))) return;
  log(`installing Python requirements into ${VENV_DIR} (once)...`);
  if (!existsSync(venvBin('python'))) execFileSync(process.env.PYTHON || 'python3', ['-m', 'venv', VENV_DIR], { stdio: 'inherit' });
  execFileSync(venvBin('pip'), ['install', '--quiet', '--disable-pip-version-check', '-r', REQUIREMENTS], { stdio: ['ignore', 'inherit', 'inherit'] });
  writeFileSync(stamp, wanted);
}
