import { ensureVenv } from '../tools/emulator/venv';

/** Install the pinned emulator once, before workers start, so parallel tests never race pip. */
export default async function globalSetup(): Promise<void> {
  ensureVenv();
}
