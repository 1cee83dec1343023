import type { Roster } from './model';
import { RosterError, type RosterProblem, sortProblems } from './problem';
import { causedBySalvage, partialDocument } from './salvage';
import { describeIssues } from './schema-issues';
import { RosterSchema } from './schema';
import { lineLocator, offsetOf, sourceTextOf } from './source-positions';
import { textProblems } from './text-rules';
import { type PathProblem, validateDocument } from './validate';
import type { OffsetProblem } from './yaml-errors';
import { readYaml } from './yaml-source';

/** The roster file read when none is named, and the name messages give text parsed without one. */
export const DEFAULT_ROSTER_FILE = 'users.yaml';

/**
 * Parse and validate roster text; throws RosterError listing every problem, each at
 * file:line:col. Whatever the text, the only error thrown is a RosterError.
 */
export function parseRoster(text: string, file = DEFAULT_ROSTER_FILE): Roster {
  try {
    return checkRoster(text, file);
  } catch (err) {
    if (err instanceof RosterError) throw err;
    // A rule that breaks on some input must still end in a message a person can act on, never a stack trace.
    throw new RosterError([{ file, line: 1, col: 1, message: `the roster could not be checked (${(err as Error).message}); please report this with the file` }]);
  }
}

function checkRoster(text: string, file: string): Roster {
  const source = readYaml(text);
  const locate = lineLocator(source.text);
  const atOffset = ({ offset, message }: OffsetProblem): RosterProblem => ({ file, ...locate(offset), message });
  if (!source.document) throw new RosterError(sortProblems(source.problems.map(atOffset)));
  const { doc, data } = source.document;
  const at = (p: PathProblem): RosterProblem => atOffset({ offset: offsetOf(doc, p.path, p.atKey ?? false), message: p.message });

  // Text rules hold for every string, whatever the schema says of its field.
  const textRules = textProblems(data);
  const parsed = RosterSchema.safeParse(data ?? {}, { reportInput: true });
  if (!parsed.success) {
    const schemaProblems = describeIssues(parsed.error.issues, data, (path) => sourceTextOf(doc, source.text, path));
    // Cross-entry rules run on what can be read, so one pass reports everything.
    const crossEntry = validateDocument(partialDocument(data)).problems.filter((p) => !causedBySalvage(p));
    throw new RosterError(sortProblems([...textRules, ...schemaProblems, ...crossEntry].map(at)));
  }
  const { problems, people } = validateDocument(parsed.data);
  if (problems.length + textRules.length > 0) throw new RosterError(sortProblems([...textRules, ...problems].map(at)));
  const { settings, accounts, teams, roles } = parsed.data;
  return { file, settings, accounts, teams, roles, people, notes: [] };
}
