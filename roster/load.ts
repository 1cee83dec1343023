import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import type { Roster } from './model';
import { parseRoster } from './parse';
import { RosterError } from './problem';

/**
 * Reading the roster file. Parsing is in parse.ts, problems and their format in
 * problem.ts; both are re-exported here for the roster module's index.
 */
export { DEFAULT_ROSTER_FILE, parseRoster } from './parse';
export { RosterError, type RosterProblem, formatPath, formatProblem } from './problem';

export function loadRosterFile(file: string): Roster {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found (set ROSTER_FILE to the roster path)' : (err as Error).message;
    throw new RosterError([{ file: displayName(file), line: 1, col: 1, message: reason }]);
  }
  return parseRoster(text, displayName(file));
}

function displayName(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel && !rel.startsWith('..') ? rel : file;
}
