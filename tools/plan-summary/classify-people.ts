/**
 * Per-person changes: every per-person resource is keyed by employee ID
 * (stacks/addresses.ts), so the plan maps back to people.
 */
import { ADMIN_GROUP_NAME, BASE_GROUP_NAME, type Person, type Roster, assumableRoles } from '../../roster/model';
import { employeeIdOf, roleOfGroup } from '../../stacks/addresses';
import { type GrantReason, type PersonChange, type PrivilegeFinding, type RosterPair, str, tag } from './classification';
import type { ResourceChange } from './plan-json';

function stringList(attrs: Record<string, unknown> | null, key: string): string[] {
  const v = attrs?.[key];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

const personIndex = (roster?: Roster) => new Map((roster?.people ?? []).map((p) => [p.employeeId, p]));

/** Who is added, removed, renamed, suspended or moved, sorted by employee ID. */
export function classifyPeople(changes: readonly ResourceChange[], rosters: RosterPair): PersonChange[] {
  const byPerson = new Map<string, Partial<Record<string, ResourceChange>>>();
  for (const change of changes) {
    const id = employeeIdOf(change.type, change.name);
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

/** Why a person may assume a role in the head roster: their team, their own roles, or admin. */
function grantReason(person: Person | undefined, group: string, roster: Roster | undefined): GrantReason | undefined {
  if (!person || !roster) return undefined;
  if (group === ADMIN_GROUP_NAME) return person.admin ? { via: 'admin' } : undefined;
  const role = roleOfGroup(group);
  if (!role || !assumableRoles(person, roster).includes(role)) return undefined;
  if (person.extraRoles.includes(role)) return { via: 'person', role };
  return { via: 'team', team: person.team };
}

/** The privileged groups each person joins or leaves (the base group is no privilege). */
export function personPrivileges(people: readonly PersonChange[], rosters: RosterPair, adminRoles: ReadonlySet<string>): PrivilegeFinding[] {
  const head = personIndex(rosters.head);
  const out: PrivilegeFinding[] = [];
  for (const p of people) {
    for (const group of p.groupsAdded) {
      if (group === BASE_GROUP_NAME) continue;
      const role = roleOfGroup(group);
      const adminEquivalent = role !== undefined && adminRoles.has(role);
      const reason = grantReason(head.get(p.employeeId), group, rosters.head);
      out.push({
        kind: 'person-gains',
        effect: 'widens',
        subject: 'person',
        person: p,
        group,
        as: p.added ? 'new' : p.reactivated ? 'reactivated' : 'existing',
        ...(reason ? { reason } : {}),
        ...(adminEquivalent ? { adminEquivalent } : {}),
      });
    }
    if (p.removed) continue;
    for (const group of p.groupsRemoved) {
      if (group !== BASE_GROUP_NAME) out.push({ kind: 'person-loses', effect: 'narrows', subject: 'person', person: p, group });
    }
  }
  return out;
}
