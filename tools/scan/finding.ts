/** One scanner finding, located at a Terraform address of one stack. */
export interface Finding {
  readonly tool: 'checkov' | 'parliament';
  /** checkov check ID (CKV_AWS_273) or parliament issue (CREDENTIALS_EXPOSURE). */
  readonly check: string;
  /** `<stack>/<address>`, e.g. identity/aws_iam_user.user-1001. */
  readonly resource: string;
  /** What the scanner says is wrong, one line. */
  readonly title: string;
  /** Where exactly, when the scanner says (the policy attribute, the actions). */
  readonly detail?: string;
  /** The synthesized file and the line the resource starts on. */
  readonly file: string;
  readonly line: number;
}

export function formatFinding(f: Finding): string {
  const detail = f.detail ? ` (${f.detail})` : '';
  return `${f.file}:${f.line}: ${f.resource}: ${f.tool} ${f.check}: ${lowerFirst(f.title)}${detail}`;
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}
