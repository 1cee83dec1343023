import { join } from 'node:path';
import { RosterError, loadRosterFile, parseRoster } from '../../roster';

export const FIXTURES = join(__dirname, 'fixtures');

/** Every problem a roster load reports as `line:col: message`, or [] when the roster is valid. */
function problemsOf(load: () => unknown): string[] {
  try {
    load();
    return [];
  } catch (err) {
    if (!(err instanceof RosterError)) throw err;
    return err.problems.map((p) => `${p.line}:${p.col}: ${p.message}`);
  }
}

/** Every problem of a roster fixture as `line:col: message`, or [] when it is valid. */
export function fixtureProblems(fixture: string): string[] {
  return problemsOf(() => loadRosterFile(join(FIXTURES, fixture)));
}

/** Every problem of roster text as `line:col: message`, or [] when it is valid. */
export function textProblems(text: string): string[] {
  return problemsOf(() => parseRoster(text, 'test.yaml'));
}
