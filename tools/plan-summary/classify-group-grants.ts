/**
 * A group's assume policy in roster terms: the role ARNs it names, by account. With member
 * accounts, moving a role between accounts, adding an account or removing one changes which
 * ARNs a group names, not who is in it; each ARN added or removed is its members gaining or
 * losing the role in that account.
 */
import { governedAccounts, groupsOf } from '../../roster/accounts';
import type { Roster } from '../../roster/model';
import type { PrivilegeFinding, RosterPair } from './classification';

/** A role ARN split into the account and the role name (the path left out). */
function roleOfArn(arn: string): { accountId: string; role: string } | undefined {
  const m = /^arn:aws[a-z-]*:iam::(\d{12}):role\/(?:[^*?]*\/)?([^/*?]+)$/.exec(arn);
  return m ? { accountId: m[1], role: m[2] } : undefined;
}

type Statement = { Effect?: unknown; Action?: unknown; Resource?: unknown; [k: string]: unknown };

function statementsOf(policy: unknown): Statement[] | undefined {
  if (typeof policy !== 'string') return undefined;
  try {
    const list = (JSON.parse(policy) as { Statement?: unknown }).Statement;
    return (Array.isArray(list) ? list : list ? [list] : []) as Statement[];
  } catch {
    return undefined;
  }
}

const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);
const assumes = (s: Statement) => s.Effect === 'Allow' && asList(s.Action).length > 0 && asList(s.Action).every((a) => a === 'sts:AssumeRole');

/** The role ARNs the policy's Allow sts:AssumeRole statements name, and the document with those left out. */
function assumedArns(policy: unknown): { arns: Set<string>; rest: string } | undefined {
  const statements = statementsOf(policy);
  if (!statements) return undefined;
  const arns = new Set(statements.filter(assumes).flatMap((s) => asList(s.Resource).filter((r): r is string => typeof r === 'string')));
  const rest = JSON.stringify(statements.map((s) => (assumes(s) ? { ...s, Resource: null } : s)));
  return { arns, rest };
}

function accountName(accountId: string, rosters: RosterPair): string {
  for (const roster of [rosters.head, rosters.base]) {
    const found = roster ? governedAccounts(roster).find((a) => a.id === accountId) : undefined;
    if (found) return found.name;
  }
  return accountId;
}

function members(group: string, roster: Roster | undefined): string[] | undefined {
  return roster?.people.filter((p) => groupsOf(p, roster).includes(group)).map((p) => p.username);
}

/**
 * The accounts a group's members gain and lose a role in, from the group policy's ARNs before and
 * after; undefined when either document is unknown (not yet computed) or unreadable. `rest` is
 * whether anything else in the document changed too.
 */
export function groupRoleAccountChanges(group: string, before: unknown, after: unknown, rosters: RosterPair): { findings: PrivilegeFinding[]; rest: boolean } | undefined {
  const b = assumedArns(before);
  const a = assumedArns(after);
  if (!b || !a) return undefined;
  const who = members(group, rosters.head ?? rosters.base);
  const finding = (arn: string, change: 'gains' | 'loses'): PrivilegeFinding[] => {
    const parsed = roleOfArn(arn);
    if (!parsed) return [];
    return [{ kind: 'group-role-account', effect: change === 'gains' ? 'widens' : 'narrows', subject: 'group', group, role: parsed.role, account: accountName(parsed.accountId, rosters), change, ...(who ? { members: who } : {}) }];
  };
  const findings = [...[...a.arns].filter((x) => !b.arns.has(x)).flatMap((x) => finding(x, 'gains')), ...[...b.arns].filter((x) => !a.arns.has(x)).flatMap((x) => finding(x, 'loses'))];
  const unparsed = [...a.arns, ...b.arns].some((x) => !roleOfArn(x));
  return { findings, rest: b.rest !== a.rest || unparsed };
}
