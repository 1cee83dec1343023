import { join } from 'node:path';
import { type Config, configFromEnv } from '../../config/from-env';
import { ensurePythonEnv } from '../emulator/venv';
import { PROJECT_ROOT } from '../project-root';

export const SCANNERS_REQUIREMENTS = join(PROJECT_ROOT, 'requirements', 'scanners.txt');

/** checkov and parliament live apart from the emulator's venv (IAM_ROSTER_SCANNERS_VENV): their pins conflict with moto's. */
export function scannerBin(name: 'checkov' | 'parliament', scannersVenvDir: string = configFromEnv().scannersVenvDir): string {
  return join(scannersVenvDir, 'bin', name);
}

/** Install the pinned scanners into .venv-scanners when missing or changed; a no-op otherwise. */
export function ensureScannersVenv(log?: (line: string) => void, config: Pick<Config, 'scannersVenvDir' | 'python'> = configFromEnv()): void {
  ensurePythonEnv({ dir: config.scannersVenvDir, requirements: SCANNERS_REQUIREMENTS, python: config.python }, log);
}
