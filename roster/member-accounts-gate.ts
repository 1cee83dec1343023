/**
 * Issue 12, until the member-account stacks exist: a roster may name member accounts, and
 * validation checks them, but no stack creates anything in them yet. So that nobody takes a
 * synthesized plan for prod's roles, synth refuses such a roster and validation says why in a
 * note. When the member-account stacks land, delete this file and its two callers
 * (roster/parse.ts's notes and main.ts).
 */
import type { Roster } from './model';
import { RosterError } from './problem';
import type { RosterDocument } from './schema';
import type { PathProblem } from './validate';

export const NOT_DEPLOYED_YET = 'accounts: member accounts are validated but not deployed yet (issue 12); remove them to deploy';

/** The note on a roster that names member accounts, at its accounts: key; none otherwise. */
export function notDeployedYet(doc: Pick<RosterDocument, 'accounts'>): PathProblem[] {
  return Object.keys(doc.accounts).length > 0 ? [{ path: ['accounts'], atKey: true, message: NOT_DEPLOYED_YET }] : [];
}

/** Synth's refusal: the roster's not-deployed-yet note as an error, when it has one. */
export function refuseMemberAccounts(roster: Pick<Roster, 'notes'>): void {
  const refused = roster.notes.filter((note) => note.message === NOT_DEPLOYED_YET);
  if (refused.length > 0) throw new RosterError(refused);
}
