import { ensureVenv } from '../tools/emulator/venv';
import { ensureScannersVenv } from '../tools/scan/venv';

/** Install the pinned emulator and scanners once, before workers start, so parallel tests never race pip. */
export default async function globalSetup(): Promise<void> {
  ensureVenv();
  ensureScannersVenv();
}
