/**
 * The parts of `terraform show -json <planfile>` the summary reads.
 * Format reference: Terraform's "JSON Output Format" (format_version 1.x).
 */
import { z } from 'zod';
import { RETIRED_ACCOUNT_OUTPUT, type RetiredAccount } from '../../stacks/retired-account';

export type Action = 'no-op' | 'create' | 'read' | 'update' | 'delete';

/** What Terraform will do to one address, collapsed from its action list. */
export type ChangeKind = 'create' | 'update' | 'delete' | 'replace' | 'read' | 'no-op';

const ResourceChangeSchema = z.looseObject({
  address: z.string(),
  type: z.string(),
  name: z.string(),
  mode: z.string().optional(),
  action_reason: z.string().optional(),
  change: z.looseObject({
    actions: z.array(z.enum(['no-op', 'create', 'read', 'update', 'delete'])),
    before: z.unknown().optional(),
    after: z.unknown().optional(),
    after_unknown: z.unknown().optional(),
    before_sensitive: z.unknown().optional(),
    after_sensitive: z.unknown().optional(),
  }),
});

/** The provider block of the plan's configuration, as far as the account it may change. */
const ProviderConfigSchema = z.looseObject({
  expressions: z.looseObject({ allowed_account_ids: z.looseObject({ constant_value: z.array(z.string()).optional() }).optional() }).optional(),
});

const RetiredAccountSchema = z.strictObject({ name: z.string().min(1), id: z.string().regex(/^\d{12}$/) });

const PlanSchema = z.looseObject({
  format_version: z.string(),
  configuration: z
    .looseObject({
      provider_config: z.looseObject({ aws: ProviderConfigSchema.optional() }).optional(),
      root_module: z.looseObject({ outputs: z.record(z.string(), z.looseObject({ expression: z.looseObject({ constant_value: z.unknown() }).optional() })).optional() }).optional(),
    })
    .optional(),
  terraform_version: z.string().optional(),
  resource_changes: z.array(ResourceChangeSchema).default([]),
  resource_drift: z.array(ResourceChangeSchema).default([]),
  errored: z.boolean().optional(),
});

export interface ResourceChange {
  readonly address: string;
  readonly type: string;
  readonly name: string;
  readonly kind: ChangeKind;
  /** Attributes before the change; null when the resource is created. */
  readonly before: Record<string, unknown> | null;
  /** Attributes after the change; null when the resource is deleted. */
  readonly after: Record<string, unknown> | null;
  /** Mirror of after: true where the value is known only after apply. */
  readonly afterUnknown: unknown;
  /** Mirrors of before/after: true where the value is sensitive and must never be printed. */
  readonly beforeSensitive: unknown;
  readonly afterSensitive: unknown;
  /** Why Terraform replaces or deletes, when it says (replace_because_cannot_update, ...). */
  readonly reason?: string;
}

export interface Plan {
  readonly terraformVersion?: string;
  /** Managed resources only (data sources are reads, not changes). */
  readonly changes: readonly ResourceChange[];
  /** Resources changed outside Terraform since the last apply. */
  readonly driftCount: number;
  /** The one account the plan's AWS provider may change (allowed_account_ids) - none when it names no single account (offline). */
  readonly accountId?: string;
  /** The member account a retired account's stack destroys (its retired_account output, stacks/retired-account-stack.ts) - none for every stack of the roster. */
  readonly retiredAccount?: RetiredAccount;
}

export class PlanFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlanFormatError';
  }
}

export function changeKind(actions: readonly Action[]): ChangeKind {
  if (actions.includes('create') && actions.includes('delete')) return 'replace';
  if (actions.includes('delete')) return 'delete';
  if (actions.includes('create')) return 'create';
  if (actions.includes('update')) return 'update';
  if (actions.includes('read')) return 'read';
  return 'no-op';
}

function objectOrNull(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

/** Parse `terraform show -json` output; throws PlanFormatError saying what is wrong. */
export function parsePlan(input: string | unknown): Plan {
  let data: unknown = input;
  if (typeof input === 'string') {
    try {
      data = JSON.parse(input);
    } catch (err) {
      throw new PlanFormatError(`not JSON: ${(err as Error).message} (expected the output of "terraform show -json plan.bin")`);
    }
  }
  const parsed = PlanSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new PlanFormatError(`not a Terraform plan: ${issue.path.join('.') || '(document)'}: ${issue.message} (expected the output of "terraform show -json plan.bin")`);
  }
  if (!parsed.data.format_version.startsWith('1.')) {
    throw new PlanFormatError(`unsupported plan format_version "${parsed.data.format_version}" (known: 1.x)`);
  }
  const changes = parsed.data.resource_changes
    .filter((rc) => (rc.mode ?? 'managed') === 'managed')
    .map(
      (rc): ResourceChange => ({
        address: rc.address,
        type: rc.type,
        name: rc.name,
        kind: changeKind(rc.change.actions),
        before: objectOrNull(rc.change.before),
        after: objectOrNull(rc.change.after),
        afterUnknown: rc.change.after_unknown,
        beforeSensitive: rc.change.before_sensitive,
        afterSensitive: rc.change.after_sensitive,
        ...(rc.action_reason ? { reason: rc.action_reason } : {}),
      }),
    );
  const allowed = parsed.data.configuration?.provider_config?.aws?.expressions?.allowed_account_ids?.constant_value ?? [];
  const retired = RetiredAccountSchema.safeParse(parsed.data.configuration?.root_module?.outputs?.[RETIRED_ACCOUNT_OUTPUT]?.expression?.constant_value);
  return {
    terraformVersion: parsed.data.terraform_version,
    changes,
    driftCount: parsed.data.resource_drift.length,
    ...(allowed.length === 1 ? { accountId: allowed[0] } : {}),
    // Believed only when the provider may change that account alone.
    ...(retired.success && allowed.length === 1 && allowed[0] === retired.data.id ? { retiredAccount: retired.data } : {}),
  };
}
