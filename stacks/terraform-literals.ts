import { Aspects, type IAspect, TerraformElement, TerraformStack } from 'cdktf';
import type { Construct, IConstruct } from 'constructs';

/**
 * Every string a construct writes is data, never Terraform code.
 *
 * Terraform reads each string in cdk.tf.json as a template: `${...}` is evaluated
 * and `%{...}` is a directive. Text from the roster (a role description, the security
 * contact's name, a PGP key) comes from a pull request, so it must reach Terraform as
 * a literal. Rather than escape field by field, every element's configuration is
 * escaped here, once, just before cdktf resolves its references: the literal parts of
 * every string get `$${` and `%%{`, and cdktf's reference markers (`${TfToken[...]}`)
 * stay references. Nothing in this repository writes a Terraform expression by hand;
 * a reference is always a cdktf token.
 */

/** cdktf's marker for a string-valued reference (encoding.ts, BEGIN_STRING_TOKEN_MARKER). */
const STRING_TOKEN = /\$\{TfToken\[[a-zA-Z0-9:._-]+\]\}/g;

/** Either template opener, or the start of a cdktf reference marker (which is a "${" too). */
const TEMPLATE_OPENER = /[$%]\{/;

/** Terraform's two template introducers in literal text, escaped by doubling the first character. */
function escapeLiteral(text: string): string {
  // A function replacement: in a replacement string "$$" would mean one "$".
  return text.replace(/[$%]\{/g, (opener) => `${opener[0]}${opener}`);
}

/**
 * A string as a Terraform literal: template syntax in its literal parts is escaped,
 * cdktf reference markers are kept. Throws where a literal part ends in `$` or `%`
 * right before a reference: Terraform would read the pair as an escape and print the
 * reference as text, and no escaping can say "a literal $, then a reference" there.
 */
export function terraformLiteral(text: string): string {
  // Most strings hold no template opener and no reference at all: leave them as they are.
  if (!TEMPLATE_OPENER.test(text)) return text;
  let out = '';
  let last = 0;
  for (const match of text.matchAll(STRING_TOKEN)) {
    const literal = text.slice(last, match.index);
    if (/[$%]$/.test(literal)) throw new Error(`a literal "${literal.slice(-1)}" right before a reference cannot be written for Terraform: ${JSON.stringify(text)}`);
    out += escapeLiteral(literal) + match[0];
    last = match.index + match[0].length;
  }
  return out + escapeLiteral(text.slice(last));
}

/** Escape every string value of an element's configuration; keys (addresses, attribute names, tag keys) are the code's own. */
function literalValues(value: unknown): unknown {
  if (typeof value === 'string') return terraformLiteral(value);
  if (Array.isArray(value)) return value.map(literalValues);
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, literalValues(item)]));
  }
  return value;
}

const escaped = new WeakSet<TerraformElement>();

/** The aspect that escapes each element's configuration at synth, once per element. */
class TerraformLiterals implements IAspect {
  visit(node: IConstruct): void {
    if (!(node instanceof TerraformElement) || escaped.has(node)) return;
    escaped.add(node);
    const toTerraform = node.toTerraform.bind(node);
    node.toTerraform = () => literalValues(toTerraform());
  }
}

const TERRAFORM_LITERALS = new TerraformLiterals();

/**
 * The base of every stack in this repository: whatever its constructs write,
 * strings reach Terraform as literals.
 */
export class LiteralStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    Aspects.of(this).add(TERRAFORM_LITERALS);
  }
}
