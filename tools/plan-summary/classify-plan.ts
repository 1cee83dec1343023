/**
 * A whole plan classified: people, privileges, destructive changes, the rest and
 * counts by type. Data only; wording.ts and markdown.ts say it.
 */
import { adminEquivalentReason, isAdminEquivalentRole } from '../../roster/grant-rules';
import { ADMIN_ROLE_NAME } from '../../roster/model';
import { employeeIdOf, memberStackName } from '../../stacks/addresses';
import { EMPLOYEE_ID_TAG_KEY } from '../../stacks/person-tags';
import { type CountRow, type DestructiveFinding, type PersonChange, type PlanClassification, type RosterPair, str, tag } from './classification';
import { classifyPeople, personPrivileges } from './classify-people';
import { classifyResources } from './classify-resources';
import type { Plan, ResourceChange } from './plan-json';

/** Resources whose deletion or replacement loses something (identity, members, history). */
const DESTROYABLE_TYPES = ['aws_iam_group', 'aws_iam_role', 'aws_iam_account_password_policy', 'aws_iam_openid_connect_provider', 'aws_s3_bucket'];

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

function destructiveChanges(changes: readonly ResourceChange[], people: readonly PersonChange[]): DestructiveFinding[] {
  const out: DestructiveFinding[] = [];
  const byId = new Map(people.map((p) => [p.employeeId, p]));
  const users = changes.filter((c) => c.type === 'aws_iam_user');
  const createdUsers = users.filter((c) => c.kind === 'create');
  for (const c of users) {
    const person = byId.get(employeeIdOf(c.type, c.name) ?? '');
    const user = person ? { person } : {};
    if (c.kind === 'replace') {
      out.push({ address: c.address, kind: 'replace', user, ...(c.reason ? { reason: c.reason } : {}) });
    } else if (c.kind === 'delete') {
      const name = str(c.before, 'name');
      const employeeId = tag(c.before, EMPLOYEE_ID_TAG_KEY);
      const twin = createdUsers.find((n) => (name !== undefined && str(n.after, 'name')?.toLowerCase() === name.toLowerCase()) || (employeeId !== undefined && tag(n.after, EMPLOYEE_ID_TAG_KEY) === employeeId));
      out.push(twin ? { address: c.address, kind: 'recreate', user, twinAddress: twin.address } : { address: c.address, kind: 'delete', user });
    }
  }
  for (const c of changes) {
    if (c.type === 'aws_iam_user' || (c.kind !== 'delete' && c.kind !== 'replace')) continue;
    // Memberships, login profiles and attachments are re-made without loss; their effect is told per person or role.
    const role = c.type === 'aws_iam_role' ? str(c.before, 'name') : undefined;
    if (DESTROYABLE_TYPES.includes(c.type)) out.push({ address: c.address, kind: c.kind, ...(role ? { role } : {}) });
  }
  return out;
}

/** A retired account's stack destroys everything it made there: one finding above the resources it deletes. */
function retirement(plan: Plan, changes: readonly ResourceChange[]): DestructiveFinding[] {
  const account = plan.retiredAccount;
  const deleted = changes.filter((c) => c.kind === 'delete');
  if (!account || deleted.length === 0) return [];
  const roles = deleted.filter((c) => c.type === 'aws_iam_role').map((c) => str(c.before, 'name') ?? c.name).sort();
  return [{ address: memberStackName(account.name), kind: 'retire', retired: { account, roles, resources: deleted.length } }];
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
export function classifyPlan(plan: Plan, rosters: RosterPair = {}): PlanClassification {
  const changes = plan.changes.filter((c) => c.kind !== 'no-op' && c.kind !== 'read');
  const people = classifyPeople(changes, rosters);
  const adminRoles = adminEquivalentRoles(plan.changes, rosters);
  const resources = classifyResources(changes, adminRoles, rosters);
  return {
    people,
    privileges: [...personPrivileges(people, rosters, adminRoles), ...resources.privileges],
    destructive: [...retirement(plan, changes), ...destructiveChanges(changes, people)],
    other: resources.other,
    counts: countRows(changes),
    changes,
    driftCount: plan.driftCount,
    ...(plan.terraformVersion ? { terraformVersion: plan.terraformVersion } : {}),
  };
}
