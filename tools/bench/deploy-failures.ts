/**
 * Recovering a benchmark deploy from the emulator's one known failure: under
 * load it sometimes makes an object and still answers with an error, the
 * provider retries the create and gets EntityAlreadyExists. npm run deploy
 * imports such objects by itself, in the same run (tools/deploy/recover-existing.ts);
 * the plain-HCL baseline gets the import blocks a team would write by hand, from
 * the same reading of the apply's errors.
 */
import { existsSync, readFileSync } from 'node:fs';
import { applyErrors } from '../deploy/apply-errors';

export interface ExistingObject {
  /** The Terraform address the failed create was for. */
  readonly address: string;
  /** The import ID: the user's or group's name (a login profile is imported by its user's name). */
  readonly id: string;
}

const ALREADY_EXISTS = /EntityAlreadyExists: (?:User|Group|Role with name) ([\w+=,.@-]+?)\.? already (?:exists|has password)/;

/** The objects a failed terraform apply reported as already existing, from its output (no colour). */
export function existingObjects(output: string): ExistingObject[] {
  const found = new Map<string, ExistingObject>();
  for (const { summary, address, alreadyExists } of applyErrors(output)) {
    const name = alreadyExists ? ALREADY_EXISTS.exec(summary)?.[1] : undefined;
    if (name && address) found.set(address, { address, id: name });
  }
  return [...found.values()];
}

/** Terraform import blocks for the objects. */
export function importBlocks(objects: readonly ExistingObject[]): string {
  return objects.map((o) => `import {\n  to = ${o.address}\n  id = ${JSON.stringify(o.id)}\n}\n`).join('\n');
}

/** What the emulator's log says went wrong: how many requests it failed with a 5xx, and its first exception. */
export function emulatorTrouble(logFile: string): string {
  if (!existsSync(logFile)) return 'no emulator log';
  const log = readFileSync(logFile, 'utf8');
  const failed = log.split('\n').filter((l) => /" 5\d\d /.test(l)).length;
  const exception = /^Traceback[\s\S]*?^(\w[\w.]*(?:Error|Exception)\b.*)$/m.exec(log)?.[1];
  return `the emulator answered ${failed} request(s) with a 5xx${exception ? `; first exception: ${exception}` : ''}`;
}
