/**
 * Each identity-stack resource in state against the account, attribute by attribute,
 * as AWS provider 5.100's read would refresh it. Every attribute in state must be
 * named here - compared, refreshed-but-plan-neutral, or kept from state by the
 * provider - or the fast plan gives way to a full one: a provider that grew an
 * attribute is a doubt, not a pass.
 */
import type { StateEntry } from './terraform-state';
import type { LiveIdentity } from './live-identity';

/** How a resource's refresh would differ from its state. */
export interface Drift {
  readonly address: string;
  /**
   * plan: gone, or an attribute the configuration sets or another resource reads differs,
   * so the plan changes. state: only attributes the plan shows in the after values of a
   * resource it changes for another reason (a role's managed_policy_arns).
   */
  readonly effect: 'plan' | 'state';
  /** What differs, for the output: "tags", "gone". */
  readonly what: readonly string[];
}

/** A value the read could not give: always a difference. */
const UNKNOWN = Symbol('unknown');
type Refreshed = Record<string, unknown>;

interface TypeSpec {
  /** Attributes refresh rewrites that the plan compares with the configuration or other resources read. */
  readonly compared: readonly string[];
  /** Attributes refresh rewrites that only show in the after values of a changed resource. */
  readonly stateOnly: readonly string[];
  /** Attributes the provider keeps from state and never reads. */
  readonly kept: readonly string[];
  /** The refreshed values of compared and stateOnly, or undefined: the read finds the object gone. */
  refresh(state: Record<string, unknown>, live: LiveIdentity): Refreshed | undefined;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const sorted = (v: readonly string[]): string[] => [...v].sort();
/** RFC 3339 to the second, as the provider writes create_date. */
const rfc3339 = (d: Date | undefined): unknown => (d ? d.toISOString().replace(/\.\d{3}Z$/, 'Z') : UNKNOWN);

/** A policy document as IAM returns it: URL-encoded JSON from AWS, plain JSON from some emulators. */
export function decodePolicy(document: string): string {
  const text = document.trim();
  if (text.startsWith('{')) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]));
  return value;
}

/**
 * The provider keeps the policy in state when the live one is equivalent. Equivalent
 * here is the same JSON up to key order; anything looser (a lone action as a string or
 * a list) counts as a difference, which only costs a refresh of that resource.
 */
export function samePolicy(stateText: unknown, liveDocument: string): boolean {
  try {
    return JSON.stringify(sortKeys(JSON.parse(str(stateText)))) === JSON.stringify(sortKeys(JSON.parse(decodePolicy(liveDocument))));
  } catch {
    return false;
  }
}

const policyValue = (stateText: unknown, liveDocument: string): string => (samePolicy(stateText, liveDocument) ? str(stateText) : decodePolicy(liveDocument));

const SPECS: Readonly<Record<string, TypeSpec>> = {
  aws_iam_user: {
    compared: ['name', 'path', 'arn', 'unique_id', 'permissions_boundary', 'tags', 'tags_all'],
    stateOnly: [],
    kept: ['id', 'force_destroy'],
    refresh(s, live) {
      const u = live.users.get(str(s.id));
      if (!u) return undefined;
      return { name: u.userName, path: u.path, arn: u.arn, unique_id: u.userId ?? UNKNOWN, permissions_boundary: u.permissionsBoundary ?? '', tags: u.tags, tags_all: u.tags };
    },
  },
  aws_iam_user_login_profile: {
    compared: ['user'],
    stateOnly: ['password_reset_required'],
    kept: ['id', 'password', 'password_length', 'pgp_key', 'key_fingerprint', 'encrypted_password'],
    refresh(s, live) {
      const profile = live.loginProfiles.get(str(s.user));
      if (!live.users.has(str(s.user)) || !profile) return undefined;
      return { user: s.user, password_reset_required: profile.passwordResetRequired };
    },
  },
  aws_iam_user_group_membership: {
    compared: ['user', 'groups'],
    stateOnly: [],
    kept: ['id'],
    refresh(s, live) {
      const u = live.users.get(str(s.user));
      if (!u) return undefined;
      // The provider keeps only the groups in state that the user is still in: a group added by hand is not its business.
      const inState = new Set(Array.isArray(s.groups) ? (s.groups as string[]) : []);
      return { user: s.user, groups: sorted(u.groups.filter((g) => inState.has(g))) };
    },
  },
  aws_iam_group: {
    compared: ['name', 'path', 'arn', 'unique_id'],
    stateOnly: [],
    kept: ['id'],
    refresh(s, live) {
      const g = live.groups.get(str(s.id));
      return g && { name: g.groupName, path: g.path, arn: g.arn, unique_id: g.groupId ?? UNKNOWN };
    },
  },
  aws_iam_group_policy: {
    compared: ['group', 'name', 'policy'],
    stateOnly: [],
    kept: ['id', 'name_prefix'],
    refresh(s, live) {
      const policy = live.groups.get(str(s.group))?.inlinePolicies.find((p) => p.name === s.name);
      return policy && { group: s.group, name: s.name, policy: policyValue(s.policy, policy.document) };
    },
  },
  aws_iam_group_policy_attachment: {
    compared: ['group', 'policy_arn'],
    stateOnly: [],
    kept: ['id'],
    refresh(s, live) {
      const attached = live.groups.get(str(s.group))?.attachedPolicyArns.includes(str(s.policy_arn));
      return attached ? { group: s.group, policy_arn: s.policy_arn } : undefined;
    },
  },
  aws_iam_role: {
    compared: ['name', 'path', 'arn', 'unique_id', 'assume_role_policy', 'description', 'max_session_duration', 'permissions_boundary', 'tags', 'tags_all', 'create_date'],
    stateOnly: ['managed_policy_arns', 'inline_policy'],
    kept: ['id', 'force_detach_policies', 'name_prefix'],
    refresh(s, live) {
      const r = live.roles.get(str(s.id));
      if (!r) return undefined;
      return {
        name: r.roleName,
        path: r.path,
        arn: r.arn,
        unique_id: r.roleId ?? UNKNOWN,
        assume_role_policy: policyValue(s.assume_role_policy, r.trustPolicy),
        description: r.description ?? '',
        max_session_duration: r.maxSessionDuration ?? UNKNOWN,
        permissions_boundary: r.permissionsBoundary ?? '',
        tags: r.tags ?? UNKNOWN,
        tags_all: r.tags ?? UNKNOWN,
        create_date: rfc3339(r.createDate),
        managed_policy_arns: sorted(r.attachedPolicyArns),
        inline_policy: inlinePolicies(s.inline_policy, r),
      };
    },
  },
  aws_iam_role_policy_attachment: {
    compared: ['role', 'policy_arn'],
    stateOnly: [],
    kept: ['id'],
    refresh(s, live) {
      const attached = live.roles.get(str(s.role))?.attachedPolicyArns.includes(str(s.policy_arn));
      return attached ? { role: s.role, policy_arn: s.policy_arn } : undefined;
    },
  },
  aws_iam_account_password_policy: {
    compared: [
      'allow_users_to_change_password',
      'expire_passwords',
      'hard_expiry',
      'max_password_age',
      'minimum_password_length',
      'password_reuse_prevention',
      'require_lowercase_characters',
      'require_numbers',
      'require_symbols',
      'require_uppercase_characters',
    ],
    stateOnly: [],
    kept: ['id'],
    refresh(_s, live) {
      const p = live.passwordPolicy;
      if (!p) return undefined;
      return {
        allow_users_to_change_password: p.AllowUsersToChangePassword ?? false,
        expire_passwords: p.ExpirePasswords ?? false,
        hard_expiry: p.HardExpiry ?? false,
        // IAM leaves out what it does not enforce; the provider reads that as 0.
        max_password_age: p.MaxPasswordAge ?? 0,
        minimum_password_length: p.MinimumPasswordLength ?? UNKNOWN,
        password_reuse_prevention: p.PasswordReusePrevention ?? 0,
        require_lowercase_characters: p.RequireLowercaseCharacters ?? false,
        require_numbers: p.RequireNumbers ?? false,
        require_symbols: p.RequireSymbols ?? false,
        require_uppercase_characters: p.RequireUppercaseCharacters ?? false,
      };
    },
  },
};

/** A role's inline policies as the provider would refresh them: state's when equivalent, else the live ones. */
function inlinePolicies(inState: unknown, role: { readonly inlinePolicies?: readonly { name: string; document: string }[] }): unknown {
  const live = role.inlinePolicies;
  if (!live) return UNKNOWN;
  const state = Array.isArray(inState) ? (inState as { name?: string; policy?: string }[]) : [];
  const same = state.length === live.length && live.every((p) => state.some((s) => s.name === p.name && samePolicy(s.policy, p.document)));
  return same ? inState : live.map((p) => ({ name: p.name, policy: decodePolicy(p.document) }));
}

/** The resource types the comparison knows. */
export const COMPARED_TYPES: ReadonlySet<string> = new Set(Object.keys(SPECS));

/** Sets are compared as sets: Terraform stores them in its own order. */
const SET_ATTRIBUTES = new Set(['groups', 'managed_policy_arns']);

function same(name: string, a: unknown, b: unknown): boolean {
  if (a === UNKNOWN || b === UNKNOWN) return false;
  if (SET_ATTRIBUTES.has(name) && Array.isArray(a) && Array.isArray(b)) return JSON.stringify(sorted(a as string[])) === JSON.stringify(sorted(b as string[]));
  return JSON.stringify(sortKeys(a ?? null)) === JSON.stringify(sortKeys(b ?? null));
}

/** A state attribute the comparison does not account for: the fast plan must not guess. */
export function unknownAttributes(entry: StateEntry): string[] {
  const spec = SPECS[entry.type];
  if (!spec) return Object.keys(entry.attributes);
  const known = new Set([...spec.compared, ...spec.stateOnly, ...spec.kept]);
  return Object.keys(entry.attributes).filter((a) => !known.has(a));
}

/** Login profiles' user names, for readLiveIdentity. */
export function loginProfileUsers(entries: Iterable<StateEntry>): string[] {
  return [...entries].filter((e) => e.type === 'aws_iam_user_login_profile').map((e) => str(e.attributes.user));
}

/**
 * The drift of each resource in state. setInConfig(address) lists the attributes the
 * configuration sets: a stateOnly attribute the configuration sets is compared too.
 */
export function compareIdentity(entries: Iterable<StateEntry>, live: LiveIdentity, setInConfig: (address: string) => ReadonlySet<string>): Drift[] {
  const drifts: Drift[] = [];
  for (const entry of entries) {
    const spec = SPECS[entry.type];
    if (!spec) throw new Error(`no comparison for ${entry.type}`);
    const refreshed = spec.refresh(entry.attributes, live);
    if (!refreshed) {
      drifts.push({ address: entry.address, effect: 'plan', what: ['gone'] });
      continue;
    }
    const configured = setInConfig(entry.address);
    const planWhat = spec.compared.filter((a) => !same(a, entry.attributes[a], refreshed[a]));
    const stateWhat = spec.stateOnly.filter((a) => !same(a, entry.attributes[a], refreshed[a]));
    const planToo = stateWhat.filter((a) => configured.has(a));
    if (planWhat.length + planToo.length > 0) drifts.push({ address: entry.address, effect: 'plan', what: [...planWhat, ...stateWhat] });
    else if (stateWhat.length > 0) drifts.push({ address: entry.address, effect: 'state', what: stateWhat });
  }
  return drifts;
}
