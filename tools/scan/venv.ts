import { join } from 'node:path';
import { ensurePythonEnv } from '../emulator/venv';
import { PROJECT_ROOT } from '../terraform/cli-config';

/** checkov and parliament live apart from the emulator's venv: their pins conflict with moto's. */
export const SCANNERS_VENV_DIR = process.env.IAM_ROSTER_SCANNERS_VENV || join(PROJECT_ROOT, '.venv-scanners');
export const SCANNERS_REQUIREMENTS = join(PROJECT_ROOT, 'requirements', 'scanners.txt');

export function scannerBin(name: 'checkov' | 'parliament'): string {
  return join(SCANNERS_VENV_DIR, 'bin', name);
}

/** Install the pinned scanners into .venv-scanners when missing or changed; a no-op otherwise. */
export function ensureScannersVenv(log?: (line: string) => void): void {
  ensurePythonEnv({ dir: SCANNERS_VENV_DIR, requirements: SCANNERS_REQUIREMENTS }, log);
}
