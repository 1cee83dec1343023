/**
 * A policy string from the synthesized Terraform JSON as IAM will receive it:
 * Terraform's escapes ($${aws:username}) turned back into policy variables and
 * references such as ${aws_iam_role.x.arn} replaced by the value they stand for,
 * computed from the referenced block's own configuration.
 */
import type { Block } from './synthesized';

/** What the references are read against: the resources and data sources of one stack. */
export interface TerraformBlocks {
  readonly resource?: Readonly<Record<string, Readonly<Record<string, Block>>>>;
  readonly data?: Readonly<Record<string, Readonly<Record<string, Block>>>>;
}

/** The account, region and partition that stand in for Terraform references unless told otherwise. */
export const PLACEHOLDER = { account: '123456789012', region: 'us-east-1', partition: 'aws' } as const;

export interface ResolveOptions {
  /** The account that references resolve into - default PLACEHOLDER.account. */
  readonly account?: string;
  /**
   * Throw on a reference that cannot be computed exactly (an unknown expression, or a
   * block missing from the stack) - default false: a plausible value stands in.
   */
  readonly strict?: boolean;
}

const REFERENCE = /\$\{([^{}]*)\}/g;
const ESCAPED = '\u0000{';

/** The policy text IAM receives: escapes undone, references resolved. */
export function iamPolicyText(text: string, stack: TerraformBlocks, options: ResolveOptions = {}): string {
  return text
    .replaceAll('$${', ESCAPED)
    .replace(REFERENCE, (whole, expr: string) => {
      const value = resolveReference(expr.trim(), stack, options.account ?? PLACEHOLDER.account, options.strict ?? false);
      if (value === undefined && options.strict) throw new Error(`unexpected Terraform expression in a policy: ${whole}`);
      return value ?? 'example';
    })
    .replaceAll(ESCAPED, '${');
}

/** The value of a reference; undefined when it cannot be computed (strict: also when its block is not in the stack). */
function resolveReference(expr: string, stack: TerraformBlocks, account: string, strict: boolean): string | undefined {
  if (/^data\.aws_caller_identity\.[^.]+\.account_id$/.test(expr)) return account;
  if (/^data\.aws_partition\.[^.]+\.partition$/.test(expr)) return PLACEHOLDER.partition;
  if (/^data\.aws_region\.[^.]+\.(name|region|id)$/.test(expr)) return PLACEHOLDER.region;
  const m = /^(data\.)?([a-z0-9_]+)\.([^.[\]]+)\.([a-z_]+)$/.exec(expr);
  if (!m) return undefined;
  const [, data, type, name, attribute] = m;
  const found = stack[data ? 'data' : 'resource']?.[type]?.[name];
  if (!found && strict) return undefined;
  const config = found ?? {};
  if (attribute === 'arn') return arnOf(type, name, config, account);
  if (attribute === 'account_id') return account;
  return literal(config[attribute]) ?? literal(config.name) ?? name;
}

function literal(value: unknown): string | undefined {
  return typeof value === 'string' && !value.includes('${') ? value : undefined;
}

const SERVICE_ARN: Record<string, (name: string, config: Block, account: string) => string> = {
  aws_iam_role: (n, c, a) => iamArn(a, 'role', n, c),
  aws_iam_user: (n, c, a) => iamArn(a, 'user', n, c),
  aws_iam_group: (n, c, a) => iamArn(a, 'group', n, c),
  aws_iam_policy: (n, c, a) => iamArn(a, 'policy', n, c),
  aws_iam_openid_connect_provider: (_, c, a) => `arn:aws:iam::${a}:oidc-provider/${(literal(c.url) ?? 'example.com').replace(/^https:\/\//, '')}`,
  aws_s3_bucket: (n, c) => `arn:aws:s3:::${literal(c.bucket) ?? n}`,
  aws_sns_topic: (n, _, a) => regional(a, 'sns', n),
  aws_sqs_queue: (n, _, a) => regional(a, 'sqs', n),
  aws_cloudtrail: (n, _, a) => regional(a, 'cloudtrail', `trail/${n}`),
  aws_cloudwatch_event_rule: (n, _, a) => regional(a, 'events', `rule/${n}`),
  aws_cloudwatch_log_group: (n, _, a) => regional(a, 'logs', `log-group:${n}`),
  aws_kms_key: (_, __, a) => regional(a, 'kms', 'key/00000000-0000-0000-0000-000000000000'),
  aws_accessanalyzer_analyzer: (n, c, a) => regional(a, 'access-analyzer', `analyzer/${literal(c.analyzer_name) ?? n}`),
  aws_dynamodb_table: (n, _, a) => regional(a, 'dynamodb', `table/${n}`),
};

function iamArn(account: string, kind: string, name: string, config: Block): string {
  return `arn:aws:iam::${account}:${kind}${literal(config.path) ?? '/'}${name}`;
}

function regional(account: string, service: string, resource: string): string {
  return `arn:aws:${service}:${PLACEHOLDER.region}:${account}:${resource}`;
}

/** The ARN of a resource of this type, named as its configuration says. */
export function arnOf(type: string, logicalName: string, config: Block, account: string = PLACEHOLDER.account): string {
  const name = literal(config.name) ?? logicalName;
  const known = SERVICE_ARN[type];
  if (known) return known(name, config, account);
  const [, service = 'example', rest = 'resource'] = /^aws_([a-z0-9]+)_?(.*)$/.exec(type) ?? [];
  return regional(account, service, `${rest || service}/${name}`);
}
