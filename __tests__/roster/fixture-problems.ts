import { join } from 'node:path';
import { RosterError, loadRosterFile } from '../../roster';

export const FIXTURES = join(__dirname, 'fixtures');

/** Every problem of a roster fixture as `line:col: message`, or [] when it is valid. */
export function fixtureProblems(fixture: string): string[] {
  try {
    loadRosterFile(join(FIXTURES, fixture));
    return [];
  } catch (err) {
    if (!(err instanceof RosterError)) throw err;
    return err.problems.map((p) => `${p.line}:${p.col}: ${p.message}`);
  }
}
