export * from './model';
export * from './accounts';
export * from './naming';
export * from './schema';
export { DEFAULT_ROSTER_FILE, RosterError, type RosterProblem, formatPath, formatProblem, loadRosterFile, parseRoster } from './load';
export { PersonNameRules, lookalikeKeys, sharedNameReason } from './person-names';
export { validateDocument } from './validate';
