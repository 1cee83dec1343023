export { type Plan, type ResourceChange, type ChangeKind, PlanFormatError, parsePlan } from './plan-json';
export { type PlanSummary, type PersonChange, type PrivilegeChange, type DestructiveChange, type RosterPair, summarizePlan, describePerson } from './analyze';
export { GITHUB_COMMENT_LIMIT, SUMMARY_MARKER, type RenderOptions, changeLines, renderMarkdown } from './markdown';
