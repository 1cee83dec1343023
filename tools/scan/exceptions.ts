/**
 * security-exceptions.yaml: the scanner findings this repository accepts on
 * purpose, each with the check, the resource and a written reason. Anything
 * else the scanners find fails the suite.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LineCounter, isNode, parseDocument } from 'yaml';
import { z } from 'zod';
import { type RosterProblem as Problem, formatPath, formatProblem } from '../../roster';
import { PROJECT_ROOT } from '../project-root';
import type { Finding } from './finding';

export const DEFAULT_EXCEPTIONS_FILE = join(PROJECT_ROOT, 'security-exceptions.yaml');

const ExceptionSchema = z
  .strictObject({
    tool: z.enum(['checkov', 'parliament']),
    check: z.string().regex(/^[A-Z][A-Z0-9_]+$/, { error: 'must be a check ID such as CKV_AWS_273 or a parliament issue such as CREDENTIALS_EXPOSURE' }),
    resource: z
      .string()
      .regex(/^[\w*-]+\/(data\.)?[\w*-]+\.[\w*.-]+$/, { error: 'must be <stack>/<type>.<name>, "*" matching any run of characters, e.g. identity/aws_iam_user.*' }),
    reason: z.string().trim().min(40, { error: 'must explain in a sentence or more (40+ characters) why the finding is accepted' }),
  })
  .superRefine((e, ctx) => {
    const prefix = e.check.startsWith('CKV') ? 'checkov' : 'parliament';
    if (prefix !== e.tool) ctx.addIssue({ code: 'custom', path: ['check'], message: `${e.check} is not a ${e.tool} check` });
  });

const ExceptionsFileSchema = z.strictObject({ exceptions: z.array(ExceptionSchema) });

export type SecurityException = z.output<typeof ExceptionSchema> & { readonly line: number };

export class ExceptionsError extends Error {
  constructor(readonly problems: readonly Problem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'ExceptionsError';
  }
}

export function loadExceptions(file = DEFAULT_EXCEPTIONS_FILE): SecurityException[] {
  return parseExceptions(readFileSync(file, 'utf8'), file);
}

/** Parse and check the exceptions file; throws ExceptionsError listing every problem with its position. */
export function parseExceptions(text: string, file = 'security-exceptions.yaml'): SecurityException[] {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (path: readonly (string | number)[], message: string): Problem => {
    for (let depth = path.length; depth >= 0; depth--) {
      const node = doc.getIn(path.slice(0, depth), true);
      if (isNode(node) && node.range) return { file, ...lineCounter.linePos(node.range[0]), message };
    }
    return { file, line: 1, col: 1, message };
  };
  if (doc.errors.length > 0) {
    throw new ExceptionsError(doc.errors.map((e) => ({ file, ...lineCounter.linePos(e.pos[0]), message: `yaml syntax: ${e.message.split('\n')[0]}` })));
  }
  const parsed = ExceptionsFileSchema.safeParse(doc.toJS() ?? {});
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => {
      const path = i.path as (string | number)[];
      // zod's own messages start with a capital ("Invalid input"); ours start with a value (CKV_AWS_61).
      const message = /^[A-Z][a-z]/.test(i.message) ? `${i.message.charAt(0).toLowerCase()}${i.message.slice(1)}` : i.message;
      return at(path, `${formatPath(path)}: ${message}`);
    });
    throw new ExceptionsError(problems.sort((a, b) => a.line - b.line || a.col - b.col));
  }
  const seen = new Map<string, number>();
  const problems: Problem[] = [];
  const exceptions = parsed.data.exceptions.map((e, i) => {
    const key = `${e.tool} ${e.check} ${e.resource}`;
    if (seen.has(key)) problems.push(at(['exceptions', i], `exceptions[${i}]: duplicates exceptions[${seen.get(key)}] (${key})`));
    seen.set(key, i);
    return { ...e, line: at(['exceptions', i], '').line };
  });
  if (problems.length > 0) throw new ExceptionsError(problems);
  return exceptions;
}

/** `*` matches any run of characters except "/", so a pattern never crosses stacks unless it says so. */
export function resourceMatches(pattern: string, resource: string): boolean {
  const regex = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('[^/]*');
  return new RegExp(`^${regex}$`).test(resource);
}

export interface GateResult {
  /** Findings no exception covers: each one fails the suite. */
  readonly open: readonly Finding[];
  readonly excepted: readonly { readonly finding: Finding; readonly exception: SecurityException }[];
  /** Exceptions no finding used: stale, to be removed. */
  readonly unused: readonly SecurityException[];
}

export function applyExceptions(findings: readonly Finding[], exceptions: readonly SecurityException[]): GateResult {
  const used = new Set<SecurityException>();
  const open: Finding[] = [];
  const excepted: { finding: Finding; exception: SecurityException }[] = [];
  for (const finding of findings) {
    const exception = exceptions.find((e) => e.tool === finding.tool && e.check === finding.check && resourceMatches(e.resource, finding.resource));
    if (exception) {
      used.add(exception);
      excepted.push({ finding, exception });
    } else open.push(finding);
  }
  return { open, excepted, unused: exceptions.filter((e) => !used.has(e)) };
}
