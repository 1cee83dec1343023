/**
 * A Terraform plan read back in roster terms: who is added, removed, renamed,
 * suspended or moved, who gains or loses privileges, and what is destroyed.
 * Addresses follow the identity stack (stacks/person-user.ts and friends): every
 * per-person resource is keyed by employee ID, so the plan maps back to people.
 */
import { adminEquivalentReason, isAdminEquivalentRole } from '../../roster/grant-rules';
import { ADMIN_GROUP_NAME, ADMIN_ROLE_NAME, BASE_GROUP_NAME, type Person, type Roster, assumableRoles, roleGroupName } from '../../roster/model';
import { BASE_GROUP_MFA_POLICY_ID, employeeIdOf } from '../../stacks/addresses';
import type { ChangeKind, Plan, ResourceChange } from './plan-json';

const ROLE_GROUP_PREFIX = roleGroupName('');
/** Resources whose deletion or replacement loses something (identity, members, history). */
const DESTROYABLE_TYPES = ['aws_iam_group', 'aws_iam_role', 'aws_iam_account_password_policy', 'aws_iam_openid_connect_provider', 'aws_s3_bucket'];
/** The base group's inline policy that holds the deny-everything-without-MFA statement. */
const MFA_POLICY_ADDRESS = `aws_iam_group_policy.${BASE_GROUP_MFA_POLICY_ID}`;

export interface PersonChange {
  readonly employeeId: string;
  /** Full name (after the change when it changes); empty when neither the plan nor a roster says. */
  readonly name: string;
  /** Username after the change (before it, for a person removed). */
  readonly username: string;
  readonly added: boolean;
  readonly removed: boolean;
  /** The user is deleted and created again: it loses its unique ID, MFA device and history. */
  readonly replaced: boolean;
  readonly previousUsername?: string;
  readonly previousName?: string;
  readonly previousTeam?: string;
  readonly team?: string;
  readonly suspended: boolean;
  readonly reactivated: boolean;
  readonly consoleAdded: boolean;
  readonly consoleRemoved: boolean;
  /** The login profile is recreated (a rename does this): the person gets a new initial password. */
  readonly consoleReset: boolean;
  readonly groupsAdded: readonly string[];
  readonly groupsRemoved: readonly string[];
}

/** widens: more access or a weaker control; narrows: less; changes: needs a reviewer's judgement. */
export type PrivilegeEffect = 'widens' | 'narrows' | 'changes';

/** A change in what someone may do, in one line a reviewer can judge. */
export interface PrivilegeChange {
  readonly effect: PrivilegeEffect;
  /** person, role, group, password-policy, mfa-statement or trust. */
  readonly subject: string;
  readonly text: string;
  /** A grant or widening of an admin-equivalent role (or the admin group): shown first, under its own heading. */
  readonly adminEquivalent?: boolean;
}

export interface DestructiveChange {
  readonly address: string;
  readonly kind: 'delete' | 'replace' | 'recreate';
  readonly text: string;
}

export interface CountRow {
  readonly type: string;
  readonly create: number;
  readonly update: number;
  readonly replace: number;
  readonly delete: number;
}

export interface PlanSummary {
  readonly people: readonly PersonChange[];
  readonly privileges: readonly PrivilegeChange[];
  readonly destructive: readonly DestructiveChange[];
  /** Role, group, policy and account-setting changes not tied to one person. */
  readonly other: readonly string[];
  readonly counts: readonly CountRow[];
  /** Resource changes other than no-op, in plan order. */
  readonly changes: readonly ResourceChange[];
  readonly driftCount: number;
  readonly terraformVersion?: string;
}

export interface RosterPair {
  /** The roster at the base of the change (main) - none: inferred from the plan alone. */
  readonly base?: Roster;
  /** The roster at the head of the change (the pull request) - none: inferred from the plan alone. */
  readonly head?: Roster;
}

type Attrs = Record<string, unknown> | null;

function str(attrs: Attrs, key: string): string | undefined {
  const v = attrs?.[key];
  return typeof v === 'string' ? v : undefined;
}

function tag(attrs: Attrs, key: string): string | undefined {
  const tags = attrs?.tags;
  if (tags && typeof tags === 'object') {
    const v = (tags as Record<string, unknown>)[key];
    if (typeof v === 'string') return v;
  }
  return undefined;
}

function stringList(attrs: Attrs, key: string): string[] {
  const v = attrs?.[key];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

function personKey(change: ResourceChange): string | undefined {
  return employeeIdOf(change.type, change.name);
}

/**
 * Roles that amount to administrator access: the built-in admin role, roles either
 * roster declares adminEquivalent or gives an admin-equivalent policy, and roles the
 * plan (no-op entries included) attaches such a policy to.
 */
function adminEquivalentRoles(allChanges: readonly ResourceChange[], rosters: RosterPair): Set<string> {
  const roles = new Set<string>([ADMIN_ROLE_NAME]);
  for (const roster of [rosters.base, rosters.head]) {
    for (const [name, role] of Object.entries(roster?.roles ?? {})) if (isAdminEquivalentRole(role)) roles.add(name);
  }
  for (const c of allChanges) {
    if (c.type !== 'aws_iam_role_policy_attachment') continue;
    for (const attrs of [c.before, c.after]) {
      const role = str(attrs, 'role');
      const arn = str(attrs, 'policy_arn');
      if (role && arn && adminEquivalentReason(arn)) roles.add(role);
    }
  }
  return roles;
}

function roleOfGroup(group: string): string | undefined {
  if (group === ADMIN_GROUP_NAME) return ADMIN_ROLE_NAME;
  return group.startsWith(ROLE_GROUP_PREFIX) ? group.slice(ROLE_GROUP_PREFIX.length) : undefined;
}

function privilegeName(group: string): string {
  if (group === ADMIN_GROUP_NAME) return `the **${ADMIN_GROUP_NAME}** group (may assume the admin role)`;
  const role = roleOfGroup(group);
  return role ? `the privileged role **${role}**` : `the group **${group}**`;
}

function policyName(arn: string | undefined): string {
  return arn ? (arn.split('/').pop() as string) : '(unknown policy)';
}

const personIndex = (roster?: Roster) => new Map((roster?.people ?? []).map((p) => [p.employeeId, p]));

/** Why a person may assume a role in the head roster: their team, their own roles, or admin. */
function grantReason(person: Person | undefined, group: string, roster: Roster | undefined): string {
  if (!person || !roster) return '';
  if (group === ADMIN_GROUP_NAME) return person.admin ? ' (`admin: true`)' : '';
  const role = roleOfGroup(group);
  if (!role || !assumableRoles(person, roster).includes(role)) return '';
  if (person.extraRoles.includes(role)) return ` (\`roles: [${role}]\` on the person)`;
  return ` (through team **${person.team}**)`;
}

function analyzePeople(changes: readonly ResourceChange[], rosters: RosterPair): PersonChange[] {
  const byPerson = new Map<string, Partial<Record<string, ResourceChange>>>();
  for (const change of changes) {
    const id = personKey(change);
    if (id === undefined || change.kind === 'no-op' || change.kind === 'read') continue;
    const entry = byPerson.get(id) ?? {};
    entry[change.type] = change;
    byPerson.set(id, entry);
  }
  const baseRoster = personIndex(rosters.base);
  const headRoster = personIndex(rosters.head);
  const people: PersonChange[] = [];
  for (const [employeeId, entry] of byPerson) {
    const user = entry.aws_iam_user;
    const membership = entry.aws_iam_user_group_membership;
    const login = entry.aws_iam_user_login_profile;
    const basePerson = baseRoster.get(employeeId);
    const headPerson = headRoster.get(employeeId);
    const added = user?.kind === 'create';
    const removed = user?.kind === 'delete';
    const replaced = user?.kind === 'replace';
    const beforeUser = user?.before ?? null;
    const afterUser = user?.after ?? null;
    const name = tag(afterUser, 'Name') ?? tag(beforeUser, 'Name') ?? headPerson?.name ?? basePerson?.name ?? '';
    const username =
      str(afterUser, 'name') ?? str(beforeUser, 'name') ?? str(membership?.after ?? null, 'user') ?? str(membership?.before ?? null, 'user') ??
      str(login?.after ?? null, 'user') ?? str(login?.before ?? null, 'user') ?? headPerson?.username ?? basePerson?.username ?? employeeId;
    const changedUser = user && (user.kind === 'update' || user.kind === 'replace');
    const previousUsername = changedUser && str(beforeUser, 'name') !== str(afterUser, 'name') ? str(beforeUser, 'name') : undefined;
    const previousName = changedUser && tag(beforeUser, 'Name') !== tag(afterUser, 'Name') ? tag(beforeUser, 'Name') : undefined;
    const teamBefore = tag(beforeUser, 'Team');
    const teamAfter = tag(afterUser, 'Team');
    const groupsBefore = new Set(stringList(membership?.before ?? null, 'groups'));
    const groupsAfter = new Set(stringList(membership?.after ?? null, 'groups'));
    const keptUser = !added && !removed;
    // Active people are always in the base group: losing every membership while the user stays is a suspension.
    const inferredSuspended = keptUser && membership?.kind === 'delete';
    const inferredReactivated = keptUser && membership?.kind === 'create' && user?.kind !== 'replace';
    const rosterKnowsStatus = basePerson !== undefined && headPerson !== undefined;
    const suspended = rosterKnowsStatus ? basePerson.status === 'active' && headPerson.status === 'suspended' : inferredSuspended;
    const reactivated = rosterKnowsStatus ? basePerson.status === 'suspended' && headPerson.status === 'active' : inferredReactivated;
    people.push({
      employeeId,
      name,
      username,
      added,
      removed,
      replaced,
      ...(previousUsername !== undefined ? { previousUsername } : {}),
      ...(previousName !== undefined ? { previousName } : {}),
      ...(changedUser && teamBefore !== teamAfter ? { previousTeam: teamBefore } : {}),
      team: teamAfter ?? teamBefore ?? headPerson?.team ?? basePerson?.team,
      suspended,
      reactivated,
      consoleAdded: !added && login?.kind === 'create' ? true : false,
      consoleRemoved: !removed && login?.kind === 'delete' ? true : false,
      consoleReset: login?.kind === 'replace' && !replaced,
      groupsAdded: [...groupsAfter].filter((g) => !groupsBefore.has(g)).sort(),
      groupsRemoved: [...groupsBefore].filter((g) => !groupsAfter.has(g)).sort(),
    });
  }
  return people.sort((a, b) => a.employeeId.localeCompare(b.employeeId, 'en', { numeric: true }));
}

function who(p: PersonChange): string {
  return p.name ? `**${p.username}** (${p.name}, ${p.employeeId})` : `**${p.username}** (${p.employeeId})`;
}

function personPrivileges(people: readonly PersonChange[], rosters: RosterPair, adminRoles: ReadonlySet<string>): PrivilegeChange[] {
  const head = personIndex(rosters.head);
  const out: PrivilegeChange[] = [];
  for (const p of people) {
    for (const g of p.groupsAdded) {
      if (g === BASE_GROUP_NAME) continue;
      const verb = p.added ? 'new person gets' : p.reactivated ? 'reactivated, gets' : 'gains';
      const role = roleOfGroup(g);
      const adminEquivalent = role !== undefined && adminRoles.has(role);
      out.push({
        effect: 'widens',
        subject: 'person',
        text: `${who(p)} ${verb} ${privilegeName(g)}${grantReason(head.get(p.employeeId), g, rosters.head)}`,
        ...(adminEquivalent ? { adminEquivalent } : {}),
      });
    }
    if (p.removed) continue;
    for (const g of p.groupsRemoved) {
      if (g === BASE_GROUP_NAME) continue;
      out.push({ effect: 'narrows', subject: 'person', text: `${who(p)} loses ${privilegeName(g)}${p.suspended ? ' (suspended)' : ''}` });
    }
  }
  return out;
}

function jsonOf(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(jsonOf(a)) === JSON.stringify(jsonOf(b));
}

/** Statement Sids (or indexes) present after but not before, and the reverse. */
function statementDiff(before: unknown, after: unknown): { added: string[]; removed: string[]; changed: string[] } {
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

function describeStatementDiff(d: ReturnType<typeof statementDiff>): string {
  const parts = [
    d.added.length ? `statements added: ${d.added.map((s) => `\`${s}\``).join(', ')}` : '',
    d.removed.length ? `statements removed: ${d.removed.map((s) => `\`${s}\``).join(', ')}` : '',
    d.changed.length ? `statements changed: ${d.changed.map((s) => `\`${s}\``).join(', ')}` : '',
  ].filter(Boolean);
  return parts.join('; ') || 'document rewritten';
}

type Strength = 'stronger' | 'weaker' | 'changed';

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
      return after === true ? 'stronger' : 'weaker';
    case 'allow_users_to_change_password':
      return after === true ? 'stronger' : 'weaker';
    default:
      return 'changed';
  }
}

function resourcePrivileges(changes: readonly ResourceChange[], adminRoles: ReadonlySet<string>): { privileges: PrivilegeChange[]; other: string[] } {
  const found: PrivilegeChange[] = [];
  // Whatever widens or re-trusts an admin-equivalent role is a grant of administrator access.
  const privileges = {
    push: (change: PrivilegeChange, role?: string) =>
      found.push(role !== undefined && adminRoles.has(role) && change.effect !== 'narrows' ? { ...change, adminEquivalent: true } : change),
  };
  const other: string[] = [];
  const createdRoles = new Set(changes.filter((c) => c.type === 'aws_iam_role' && c.kind === 'create').map((c) => str(c.after, 'name')));
  for (const c of changes) {
    if (c.kind === 'no-op' || c.kind === 'read') continue;
    const b = c.before;
    const a = c.after;
    switch (c.type) {
      case 'aws_iam_role': {
        const role = str(a, 'name') ?? str(b, 'name') ?? c.name;
        if (c.kind === 'create') {
          privileges.push({ effect: 'widens', subject: 'role', text: `new privileged role **${role}** (max session ${Number(a?.max_session_duration ?? 3600) / 3600} h)` }, role);
        } else if (c.kind === 'delete') {
          privileges.push({ effect: 'narrows', subject: 'role', text: `privileged role **${role}** is deleted` });
        } else {
          const beforeSession = Number(b?.max_session_duration ?? 0);
          const afterSession = Number(a?.max_session_duration ?? 0);
          if (beforeSession !== afterSession) {
            privileges.push({
              effect: afterSession > beforeSession ? 'widens' : 'narrows',
              subject: 'role',
              text: `role **${role}** sessions ${afterSession > beforeSession ? 'lengthen' : 'shorten'}: ${beforeSession / 3600} h → ${afterSession / 3600} h`,
            }, role);
          }
          if (!sameJson(b?.assume_role_policy, a?.assume_role_policy)) {
            privileges.push({ effect: 'changes', subject: 'trust', text: `role **${role}** trust policy changes (who may assume it): ${describeStatementDiff(statementDiff(b?.assume_role_policy, a?.assume_role_policy))}` }, role);
          }
          if (str(b, 'description') !== str(a, 'description')) other.push(`role **${role}** description changes`);
        }
        break;
      }
      case 'aws_iam_role_policy_attachment': {
        const role = str(a, 'role') ?? str(b, 'role') ?? c.name;
        const policy = policyName(str(a, 'policy_arn') ?? str(b, 'policy_arn'));
        if (c.kind === 'create') {
          privileges.push({ effect: 'widens', subject: 'role', text: createdRoles.has(role) ? `new role **${role}** grants \`${policy}\`` : `role **${role}** widens: gains \`${policy}\`` }, role);
        } else if (c.kind === 'delete') {
          privileges.push({ effect: 'narrows', subject: 'role', text: `role **${role}** narrows: loses \`${policy}\`` });
        } else {
          privileges.push({ effect: 'changes', subject: 'role', text: `role **${role}** policy attachment \`${policy}\` is ${c.kind === 'replace' ? 'replaced' : 'updated'}` }, role);
        }
        break;
      }
      case 'aws_iam_group_policy_attachment': {
        const group = str(a, 'group') ?? str(b, 'group') ?? c.name;
        const policy = policyName(str(a, 'policy_arn') ?? str(b, 'policy_arn'));
        if (c.kind === 'create') privileges.push({ effect: 'widens', subject: 'group', text: `every member of group **${group}** gains \`${policy}\` directly` }, adminEquivalentReason(str(a, 'policy_arn') ?? '') ? ADMIN_ROLE_NAME : roleOfGroup(group));
        else if (c.kind === 'delete') privileges.push({ effect: 'narrows', subject: 'group', text: `group **${group}** loses \`${policy}\`` });
        else other.push(`group **${group}** policy attachment \`${policy}\` is ${c.kind === 'replace' ? 'replaced' : 'updated'}`);
        break;
      }
      case 'aws_iam_group_policy': {
        const group = str(a, 'group') ?? str(b, 'group') ?? c.name;
        const policy = str(a, 'name') ?? str(b, 'name') ?? c.name;
        if (c.address === MFA_POLICY_ADDRESS) {
          const what = c.kind === 'delete' ? 'is removed: users without MFA are no longer denied' : c.kind === 'create' ? 'is created' : `changes: ${describeStatementDiff(statementDiff(b?.policy, a?.policy))}`;
          privileges.push({ effect: c.kind === 'delete' ? 'widens' : c.kind === 'create' ? 'narrows' : 'changes', subject: 'mfa-statement', text: `the MFA statement (group **${group}**, policy \`${policy}\`) ${what}` });
        } else if (c.kind === 'create') {
          // A new role's own group policy is part of the new role, already listed.
          if (!createdRoles.has(roleOfGroup(group) ?? '')) privileges.push({ effect: 'widens', subject: 'group', text: `group **${group}** gains inline policy \`${policy}\`` }, roleOfGroup(group));
        } else if (c.kind === 'delete') {
          privileges.push({ effect: 'narrows', subject: 'group', text: `group **${group}** loses inline policy \`${policy}\`` });
        } else if (!sameJson(b?.policy, a?.policy)) {
          privileges.push({ effect: 'changes', subject: 'group', text: `group **${group}** inline policy \`${policy}\` changes: ${describeStatementDiff(statementDiff(b?.policy, a?.policy))}` }, roleOfGroup(group));
        }
        break;
      }
      case 'aws_iam_account_password_policy': {
        if (c.kind === 'delete') {
          privileges.push({ effect: 'widens', subject: 'password-policy', text: 'the account password policy is **removed** (AWS defaults apply: weaker)' });
          break;
        }
        const keys = [...new Set([...Object.keys(b ?? {}), ...Object.keys(a ?? {})])].filter((k) => k !== 'id' && JSON.stringify(b?.[k]) !== JSON.stringify(a?.[k])).sort();
        const parts = keys.map((k) => `\`${k}\` ${JSON.stringify(b?.[k] ?? null)} → ${JSON.stringify(a?.[k] ?? null)}${c.kind === 'create' ? '' : ` (${passwordStrength(k, b?.[k], a?.[k])})`}`);
        if (c.kind === 'create') other.push(`account password policy is set: ${parts.join(', ')}`);
        else {
          const strengths = keys.map((k) => passwordStrength(k, b?.[k], a?.[k]));
          const effect: PrivilegeEffect = strengths.includes('weaker') ? 'widens' : strengths.every((x) => x === 'stronger') ? 'narrows' : 'changes';
          privileges.push({ effect, subject: 'password-policy', text: `the account password policy changes: ${parts.join(', ')}` });
        }
        break;
      }
      case 'aws_iam_group': {
        const group = str(a, 'name') ?? str(b, 'name') ?? c.name;
        if (c.kind === 'create') other.push(`group **${group}** is created`);
        else if (c.kind === 'update') other.push(`group **${group}** is updated`);
        break;
      }
      default:
        if (employeeIdOf(c.type, c.name) === undefined) other.push(`\`${c.address}\` ${c.kind === 'update' ? 'is updated in place' : c.kind === 'create' ? 'is created' : c.kind === 'delete' ? 'is deleted' : 'is replaced'}`);
    }
  }
  return { privileges: found, other };
}

function destructiveChanges(changes: readonly ResourceChange[], people: readonly PersonChange[]): DestructiveChange[] {
  const out: DestructiveChange[] = [];
  const byId = new Map(people.map((p) => [p.employeeId, p]));
  const users = changes.filter((c) => c.type === 'aws_iam_user');
  const createdUsers = users.filter((c) => c.kind === 'create');
  for (const c of users) {
    const p = byId.get(personKey(c) ?? '');
    const label = p ? who(p) : `\`${c.address}\``;
    if (c.kind === 'replace') {
      out.push({ address: c.address, kind: 'replace', text: `IAM user ${label} is **deleted and recreated** (\`${c.address}\`${c.reason ? `, ${c.reason}` : ''}): it loses its unique ID, MFA device and access history` });
    } else if (c.kind === 'delete') {
      const name = str(c.before, 'name');
      const employeeId = tag(c.before, 'EmployeeId');
      const twin = createdUsers.find((n) => (name !== undefined && str(n.after, 'name')?.toLowerCase() === name.toLowerCase()) || (employeeId !== undefined && tag(n.after, 'EmployeeId') === employeeId));
      if (twin) {
        out.push({
          address: c.address,
          kind: 'recreate',
          text: `IAM user ${label} would be **recreated instead of updated**: \`${c.address}\` is deleted and \`${twin.address}\` created for the same person (a changed employee ID or address); keep the address and add a \`moved\` block instead`,
        });
      } else {
        out.push({ address: c.address, kind: 'delete', text: `IAM user ${label} is **deleted** with its MFA devices, keys and login profile (\`force_destroy\`)` });
      }
    }
  }
  for (const c of changes) {
    if (c.type === 'aws_iam_user' || (c.kind !== 'delete' && c.kind !== 'replace')) continue;
    // Memberships, login profiles and attachments are re-made without loss; their effect is told per person or role.
    if (!DESTROYABLE_TYPES.includes(c.type)) continue;
    out.push({ address: c.address, kind: c.kind, text: `\`${c.address}\` is ${c.kind === 'replace' ? '**replaced** (deleted, then created)' : '**deleted**'}` });
  }
  return out;
}

function countRows(changes: readonly ResourceChange[]): CountRow[] {
  const rows = new Map<string, { create: number; update: number; replace: number; delete: number }>();
  for (const c of changes) {
    if (c.kind === 'no-op' || c.kind === 'read') continue;
    const row = rows.get(c.type) ?? { create: 0, update: 0, replace: 0, delete: 0 };
    row[c.kind] += 1;
    rows.set(c.type, row);
  }
  return [...rows.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([type, row]) => ({ type, ...row }));
}

/** Read a plan in roster terms; the rosters, when given, add statuses and the reason for each grant. */
export function summarizePlan(plan: Plan, rosters: RosterPair = {}): PlanSummary {
  const changes = plan.changes.filter((c) => c.kind !== 'no-op' && c.kind !== 'read');
  const people = analyzePeople(changes, rosters);
  const adminRoles = adminEquivalentRoles(plan.changes, rosters);
  const resources = resourcePrivileges(changes, adminRoles);
  return {
    people,
    privileges: [...personPrivileges(people, rosters, adminRoles), ...resources.privileges],
    destructive: destructiveChanges(changes, people),
    other: resources.other,
    counts: countRows(changes),
    changes,
    driftCount: plan.driftCount,
    ...(plan.terraformVersion ? { terraformVersion: plan.terraformVersion } : {}),
  };
}

/** What happens to a person, in a few words ("renamed JSmith → JohnSmith; moved platform → data"). */
export function describePerson(p: PersonChange): string {
  if (p.added) return `added to team **${p.team ?? '?'}**`;
  if (p.removed) return 'removed (offboarded): the IAM user is deleted';
  const parts: string[] = [];
  if (p.replaced) parts.push('**recreated** (user deleted and created again)');
  if (p.previousUsername !== undefined) parts.push(`renamed: username \`${p.previousUsername}\` → \`${p.username}\``);
  if (p.previousName !== undefined) parts.push(`name "${p.previousName}" → "${p.name}"`);
  if (p.previousTeam !== undefined) parts.push(`moved team **${p.previousTeam}** → **${p.team}**`);
  if (p.suspended) parts.push('**suspended**: console access and all group memberships removed, user kept');
  if (p.reactivated) parts.push('reactivated');
  if (p.consoleAdded && !p.reactivated) parts.push('console password added');
  if (p.consoleRemoved && !p.suspended) parts.push('console password removed');
  if (p.consoleReset) parts.push('**console password reset**: the login profile is recreated, so the person gets a new initial password');
  const groups = [...p.groupsAdded.map((g) => `+${g}`), ...p.groupsRemoved.map((g) => `−${g}`)];
  if (groups.length > 0 && !p.suspended) parts.push(`groups ${groups.join(' ')}`);
  return parts.join('; ') || 'updated';
}

export type { ChangeKind };
