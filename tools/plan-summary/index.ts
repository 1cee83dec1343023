export { type Plan, type ResourceChange, type ChangeKind, PlanFormatError, parsePlan } from './plan-json';
export type {
  PlanClassification,
  PersonChange,
  PrivilegeFinding,
  PrivilegeEffect,
  DestructiveFinding,
  OtherChange,
  GrantReason,
  CountRow,
  RosterPair,
} from './classification';
export { classifyPlan } from './classify-plan';
export { type PlanSummary, type PrivilegeChange, type DestructiveChange, summarizePlan, wordSummary, describePerson } from './wording';
export { escapeText, code } from './markdown-text';
export { changeLines } from './full-plan';
export { GITHUB_COMMENT_LIMIT, SUMMARY_MARKER, type RenderOptions, renderComment, renderMarkdown } from './markdown';
