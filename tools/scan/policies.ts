/**
 * Every IAM policy document the synthesized stacks carry, as the JSON IAM
 * would receive: Terraform escapes ($${aws:username}, &{aws:username}) turned
 * back into policy variables, and references such as ${aws_iam_role.x.arn}
 * replaced by a plausible value, so a policy linter can read them.
 */
import { type Block, type SynthesizedStack, type TerraformBlock, address, blocksOf } from '../terraform/synthesized';
import { arnOf, iamPolicyText } from '../terraform/synthesized-policy';

export interface ExtractedPolicy {
  readonly stack: string;
  /** Terraform address of the resource or data source holding the document. */
  readonly address: string;
  /** Attribute path inside it: policy, assume_role_policy, inline_policy[0].policy, statement. */
  readonly attribute: string;
  /** The policy JSON as IAM would receive it. */
  readonly json: string;
  readonly line: number;
}

/** The JSON an aws_iam_policy_document data source renders, before references are resolved. */
export function policyDocumentDataSource(config: Block): object {
  const list = (v: unknown) => (Array.isArray(v) ? (v as Block[]) : v ? [v as Block] : []);
  const principals = (v: unknown) =>
    list(v).reduce<Record<string, unknown[]>>((acc, p) => ({ ...acc, [String(p.type)]: [...(acc[String(p.type)] ?? []), ...list(p.identifiers)] }), {});
  const conditions = (v: unknown) =>
    list(v).reduce<Record<string, Record<string, unknown>>>((acc, c) => ({ ...acc, [String(c.test)]: { ...acc[String(c.test)], [String(c.variable)]: c.values } }), {});
  const statements = list(config.statement).map((s) => {
    const out: Record<string, unknown> = { Sid: s.sid, Effect: s.effect ?? 'Allow' };
    if (s.actions) out.Action = s.actions;
    if (s.not_actions) out.NotAction = s.not_actions;
    if (s.resources) out.Resource = s.resources;
    if (s.not_resources) out.NotResource = s.not_resources;
    if (s.principals) out.Principal = principals(s.principals);
    if (s.not_principals) out.NotPrincipal = principals(s.not_principals);
    if (s.condition) out.Condition = conditions(s.condition);
    return out;
  });
  return { Version: config.version ?? '2012-10-17', Statement: statements };
}

function isPolicy(value: unknown): value is { Statement: unknown } {
  return typeof value === 'object' && value !== null && 'Statement' in value;
}

/**
 * A trust policy has no Resource: the role it is attached to is the resource.
 * Say so explicitly, so the linter checks the actions against it instead of
 * reporting a malformed statement.
 */
function withOwnResource(doc: { Statement: unknown }, resourceArn: string): object {
  const statements = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
  return {
    ...doc,
    Statement: statements.map((s: Block) => ('Resource' in s || 'NotResource' in s ? s : { ...s, Resource: resourceArn })),
  };
}

/** Every policy document in one stack: JSON strings in any attribute, and aws_iam_policy_document data sources. */
export function extractPolicies(stack: SynthesizedStack): ExtractedPolicy[] {
  const blocks = blocksOf(stack);
  // A data source used as a trust policy takes the ARN of the role that uses it.
  const ownerArn = new Map<string, string>();
  for (const b of blocks) {
    if (b.kind !== 'resource') continue;
    for (const [key, value] of Object.entries(b.config)) {
      const m = typeof value === 'string' ? /^\$\{(data\.aws_iam_policy_document\.[^.]+)\.json\}$/.exec(value) : null;
      if (m && key === 'assume_role_policy') ownerArn.set(m[1], arnOf(b.type, b.name, b.config));
    }
  }
  const out: ExtractedPolicy[] = [];
  const add = (b: TerraformBlock, attribute: string, parsed: unknown, ownArn: string) => {
    if (!isPolicy(parsed)) return;
    const addr = address(b);
    out.push({ stack: stack.name, address: addr, attribute, json: JSON.stringify(withOwnResource(parsed, ownArn), null, 2), line: stack.lines.get(addr) ?? 1 });
  };
  for (const b of blocks) {
    if (b.kind === 'data' && b.type === 'aws_iam_policy_document') {
      const text = iamPolicyText(JSON.stringify(policyDocumentDataSource(b.config)), stack.json).replaceAll('&{', '${');
      add(b, 'statement', JSON.parse(text), ownerArn.get(address(b)) ?? arnOf('aws_iam_role', b.name, {}));
      continue;
    }
    walkStrings(b.config, '', (attribute, value) => {
      if (!value.includes('Statement')) return;
      try {
        add(b, attribute, JSON.parse(iamPolicyText(value, stack.json)), arnOf(b.type, b.name, b.config));
      } catch {
        // an expression (jsonencode, a reference) rather than a literal document: its source is scanned where it is defined
      }
    });
  }
  return out;
}

function walkStrings(value: unknown, path: string, visit: (path: string, value: string) => void): void {
  if (typeof value === 'string') visit(path, value);
  else if (Array.isArray(value)) value.forEach((v, i) => walkStrings(v, `${path}[${i}]`, visit));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) if (k !== '//') walkStrings(v, path ? `${path}.${k}` : k, visit);
  }
}
