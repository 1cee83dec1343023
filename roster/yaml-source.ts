import { type CST, Composer, type Document, Parser } from 'yaml';
import { type OffsetProblem, describeYamlErrors, secondDocumentProblem } from './yaml-errors';
import { lineEndingProblem, nestingProblem, yamlRuleProblems } from './yaml-rules';

/**
 * The roster's one grammar: YAML 1.2 with the core schema, read by the yaml package,
 * which decides validity and gives every node its position. No second parser reads
 * the file, so the roster that validates is the roster that is synthesized.
 */
export interface YamlSource {
  /** The text as parsed: without a byte-order mark, so line 1's columns are what an editor shows. */
  readonly text: string;
  /** Syntax errors and refused YAML features; when there are any, the document is not read further. */
  readonly problems: readonly OffsetProblem[];
  /** The document and its plain data, when there are no problems. */
  readonly document?: { readonly doc: Document; readonly data: unknown };
}

// version, schema and merge are the defaults, given so that only a %YAML directive could change them (and it is refused).
const OPTIONS = { version: '1.2', schema: 'core', merge: false, uniqueKeys: true, prettyErrors: false } as const;

export function readYaml(withBom: string): YamlSource {
  const text = withBom.startsWith('\uFEFF') ? withBom.slice(1) : withBom;
  const lineEnding = lineEndingProblem(text);
  if (lineEnding) return { text, problems: [lineEnding] };
  // parseDocument in two steps: the parser keeps its own stack, the composer recurses, and a stack
  // overflow can end the process (V8 fails hard when it overflows while compiling a regular
  // expression), so nesting is bounded on the parser's tokens before anything recurses.
  const tokens: CST.Token[] = Array.from(new Parser().parse(text));
  const tooDeep = nestingProblem(tokens);
  if (tooDeep) return { text, problems: [tooDeep] };
  const [doc, second] = Array.from(new Composer(OPTIONS).compose(tokens, true, text.length));
  const errors = [...describeYamlErrors(doc.errors, text), ...(second ? [secondDocumentProblem(second.range[0], text)] : [])];
  if (errors.length > 0) return { text, problems: errors };
  const problems = yamlRuleProblems(doc, text);
  if (problems.length > 0) return { text, problems };
  // yamlRuleProblems has bounded what aliases expand to, so the package's own guard (any anchor used 100 times) is not needed.
  return { text, problems, document: { doc, data: doc.toJS({ maxAliasCount: -1 }) } };
}
