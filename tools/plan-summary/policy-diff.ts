/**
 * What changes between two policy documents or two password policies, as data.
 */

function jsonOf(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** Whether two documents (JSON text or values) are the same. */
export function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(jsonOf(a)) === JSON.stringify(jsonOf(b));
}

/** Statement Sids (or #index) added, removed and changed. */
export interface StatementDiff {
  readonly added: readonly string[];
  readonly removed: readonly string[];
  readonly changed: readonly string[];
}

/** Statement Sids (or indexes) present after but not before, and the reverse. */
export function statementDiff(before: unknown, after: unknown): StatementDiff {
  const statements = (doc: unknown) => {
    const list = (jsonOf(doc) as { Statement?: unknown })?.Statement;
    const arr = Array.isArray(list) ? list : list ? [list] : [];
    return new Map(arr.map((s, i) => [String((s as { Sid?: string }).Sid ?? `#${i + 1}`), JSON.stringify(s)]));
  };
  const b = statements(before);
  const a = statements(after);
  return {
    added: [...a.keys()].filter((k) => !b.has(k)),
    removed: [...b.keys()].filter((k) => !a.has(k)),
    changed: [...a.keys()].filter((k) => b.has(k) && b.get(k) !== a.get(k)),
  };
}

export type Strength = 'stronger' | 'weaker' | 'changed';

/** One password-policy attribute's change; strength is absent when the policy is first set. */
export interface PasswordSettingChange {
  readonly key: string;
  readonly before: unknown;
  readonly after: unknown;
  readonly strength?: Strength;
}

/** Whether a password-policy attribute change makes passwords stronger or weaker. */
function passwordStrength(key: string, before: unknown, after: unknown): Strength {
  const num = (v: unknown) => (typeof v === 'number' ? v : 0);
  switch (key) {
    case 'minimum_password_length':
    case 'password_reuse_prevention':
      return num(after) > num(before) ? 'stronger' : 'weaker';
    case 'require_lowercase_characters':
    case 'require_uppercase_characters':
    case 'require_numbers':
    case 'require_symbols':
    case 'hard_expiry':
    case 'allow_users_to_change_password':
      return after === true ? 'stronger' : 'weaker';
    default:
      return 'changed';
  }
}

/** The attributes that differ between two password policies, sorted; judged unless the policy is new. */
export function passwordSettingChanges(before: Record<string, unknown> | null, after: Record<string, unknown> | null, created: boolean): PasswordSettingChange[] {
  const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])].filter((k) => k !== 'id' && JSON.stringify(before?.[k]) !== JSON.stringify(after?.[k])).sort();
  return keys.map((key) => ({ key, before: before?.[key], after: after?.[key], ...(created ? {} : { strength: passwordStrength(key, before?.[key], after?.[key]) }) }));
}
