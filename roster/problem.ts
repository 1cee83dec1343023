import type { RosterPath } from './validate';

/** A problem located in the roster file, printed as `file:line:col: message`. */
export interface RosterProblem {
  readonly file: string;
  readonly line: number;
  readonly col: number;
  readonly message: string;
}

export function formatProblem(p: RosterProblem): string {
  return `${p.file}:${p.line}:${p.col}: ${p.message}`;
}

/** Thrown when a roster is invalid; carries every problem found, in file order. */
export class RosterError extends Error {
  constructor(readonly problems: readonly RosterProblem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'RosterError';
  }
}

/** A character as a message names it: U+200B. */
export function codePoint(ch: string): string {
  return `U+${(ch.codePointAt(0) as number).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** people[3].team, teams.network.roles[0] */
export function formatPath(path: RosterPath): string {
  return path.map((seg, i) => (typeof seg === 'number' ? `[${seg}]` : i === 0 ? seg : `.${seg}`)).join('') || '(document)';
}

/** Problems in file order; problems at one position keep the order they were found in. */
export function sortProblems(problems: readonly RosterProblem[]): RosterProblem[] {
  return [...problems].sort((a, b) => a.line - b.line || a.col - b.col);
}
