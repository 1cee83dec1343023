/**
 * The errors a failed terraform apply printed, read from its text output (the deploy
 * runs apply with -no-color and streams that text to the person running it; with
 * colour, each line starts with "│ ", which is read the same). One reader for the
 * deploy's recovery (recover-existing.ts) and the benchmark's plain-HCL baseline.
 */

export interface ApplyError {
  /** The first line after "Error: ". */
  readonly summary: string;
  /** The resource the error is about (its "with <address>," line), when it names one. */
  readonly address?: string;
  /** IAM answered EntityAlreadyExists: the object was there already. */
  readonly alreadyExists: boolean;
}

const ERROR_LINE = /^[│\s]*Error: (.*)$/;
const WITH_LINE = /^[│\s]*with (\S+),$/;
/** The end of one diagnostic: with colour a "╵" line, without it the next diagnostic or the end. */
const DIAGNOSTIC_END = /^[│\s]*(?:Error|Warning): |^╵/;

/** Every error in a terraform apply's output, in order. */
export function applyErrors(output: string): ApplyError[] {
  const lines = output.split('\n');
  const errors: ApplyError[] = [];
  lines.forEach((line, i) => {
    const summary = ERROR_LINE.exec(line)?.[1];
    if (summary === undefined) return;
    const rest = lines.slice(i + 1);
    const end = rest.findIndex((l) => DIAGNOSTIC_END.test(l));
    const body = end < 0 ? rest : rest.slice(0, end);
    const address = body.map((l) => WITH_LINE.exec(l)?.[1]).find((a) => a !== undefined);
    const text = [summary, ...body].join('\n');
    errors.push({ summary, ...(address ? { address } : {}), alreadyExists: /\bEntityAlreadyExists\b/.test(text) });
  });
  return errors;
}
