/**
 * The classified plan in a reviewer's words: one Markdown line per finding.
 * Every roster string goes through markdown-text.ts.
 */
import { governedAccounts } from '../../roster/accounts';
import { ADMIN_GROUP_NAME } from '../../roster/model';
import { accountOfGroup, roleOfGroup } from '../../stacks/addresses';
import type { DestructiveFinding, GrantReason, OtherChange, PersonChange, PlanClassification, PrivilegeEffect, PrivilegeFinding, RosterPair } from './classification';
import { classifyPlan } from './classify-plan';
import { bold, code, escapeText } from './markdown-text';
import type { Plan } from './plan-json';
import type { PasswordSettingChange, StatementDiff } from './policy-diff';

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
  readonly kind: DestructiveFinding['kind'];
  readonly text: string;
}

/** The plan summary as the comment shows it: people as data, every other finding as a line. */
export interface PlanSummary extends Omit<PlanClassification, 'privileges' | 'destructive' | 'other'> {
  /** The member account the plan changes, when the roster names it or the plan retires it - none for the identity account. */
  readonly account?: { readonly name: string; readonly id: string; readonly retired?: boolean };
  readonly privileges: readonly PrivilegeChange[];
  readonly destructive: readonly DestructiveChange[];
  /** Role, group, policy and account-setting changes not tied to one person. */
  readonly other: readonly string[];
}

function who(p: PersonChange): string {
  return p.name ? `${bold(p.username)} (${escapeText(p.name)}, ${escapeText(p.employeeId)})` : `${bold(p.username)} (${escapeText(p.employeeId)})`;
}

function privilegeName(group: string): string {
  if (group === ADMIN_GROUP_NAME) return `the ${bold(ADMIN_GROUP_NAME)} group (may assume the admin role)`;
  const role = roleOfGroup(group);
  const account = accountOfGroup(group);
  return role ? `the privileged role ${bold(role)}${account ? ` in account ${bold(account)}` : ''}` : `the group ${bold(group)}`;
}

function grantReason(reason: GrantReason | undefined): string {
  if (reason?.via === 'admin') return ` (${code('admin: true')})`;
  if (reason?.via === 'person') return ` (${code(`roles: [${reason.role}]`)} on the person)`;
  if (reason?.via === 'team') return ` (through team ${bold(reason.team)})`;
  return '';
}

const policy = (arn: string | undefined) => code(arn ? (arn.split('/').pop() as string) : '(unknown policy)');
const hours = (seconds: number) => seconds / 3600;

function statements(d: StatementDiff): string {
  const list = (ids: readonly string[]) => ids.map(code).join(', ');
  const parts = [
    d.added.length ? `statements added: ${list(d.added)}` : '',
    d.removed.length ? `statements removed: ${list(d.removed)}` : '',
    d.changed.length ? `statements changed: ${list(d.changed)}` : '',
  ].filter(Boolean);
  return parts.join('; ') || 'document rewritten';
}

function settings(list: readonly PasswordSettingChange[]): string {
  return list.map((s) => `${code(s.key)} ${JSON.stringify(s.before ?? null)} → ${JSON.stringify(s.after ?? null)}${s.strength ? ` (${s.strength})` : ''}`).join(', ');
}

export function privilegeText(f: PrivilegeFinding): string {
  switch (f.kind) {
    case 'person-gains': {
      const verb = f.as === 'new' ? 'new person gets' : f.as === 'reactivated' ? 'reactivated, gets' : 'gains';
      return `${who(f.person)} ${verb} ${privilegeName(f.group)}${grantReason(f.reason)}`;
    }
    case 'person-loses':
      return `${who(f.person)} loses ${privilegeName(f.group)}${f.person.suspended ? ' (suspended)' : ''}`;
    case 'role-created':
      return `new privileged role ${bold(f.role)} (max session ${hours(f.maxSessionSeconds)} h)`;
    case 'role-deleted':
      return `privileged role ${bold(f.role)} is deleted`;
    case 'role-session':
      return `role ${bold(f.role)} sessions ${f.afterSeconds > f.beforeSeconds ? 'lengthen' : 'shorten'}: ${hours(f.beforeSeconds)} h → ${hours(f.afterSeconds)} h`;
    case 'role-trust':
      return `role ${bold(f.role)} trust policy changes (who may assume it): ${statements(f.diff)}`;
    case 'role-policy-attached':
      return f.newRole ? `new role ${bold(f.role)} grants ${policy(f.policyArn)}` : `role ${bold(f.role)} widens: gains ${policy(f.policyArn)}`;
    case 'role-policy-detached':
      return `role ${bold(f.role)} narrows: loses ${policy(f.policyArn)}`;
    case 'role-policy-changed':
      return `role ${bold(f.role)} policy attachment ${policy(f.policyArn)} is ${f.replaced ? 'replaced' : 'updated'}`;
    case 'group-policy-attached':
      return `every member of group ${bold(f.group)} gains ${policy(f.policyArn)} directly`;
    case 'group-policy-detached':
      return `group ${bold(f.group)} loses ${policy(f.policyArn)}`;
    case 'mfa-statement': {
      const what = f.change === 'removed' ? 'is removed: users without MFA are no longer denied' : f.change === 'created' ? 'is created' : `changes: ${statements(f.diff)}`;
      return `the MFA statement (group ${bold(f.group)}, policy ${code(f.policyName)}) ${what}`;
    }
    case 'group-inline-added':
      return `group ${bold(f.group)} gains inline policy ${code(f.policyName)}`;
    case 'group-inline-removed':
      return `group ${bold(f.group)} loses inline policy ${code(f.policyName)}`;
    case 'group-inline-changed':
      return `group ${bold(f.group)} inline policy ${code(f.policyName)} changes: ${statements(f.diff)}`;
    case 'group-role-account': {
      const where = `${bold(f.role)} in account ${bold(f.account)}`;
      const who = f.members === undefined ? `members of group ${bold(f.group)}` : f.members.length > 0 ? `${f.members.map(bold).join(', ')} (group ${bold(f.group)})` : `group ${bold(f.group)} (no members)`;
      const verb = f.members?.length === 1 ? f.change : f.change === 'gains' ? 'gain' : 'lose';
      return `${who} ${f.members?.length === 0 ? (f.change === 'gains' ? 'now names' : 'no longer names') : verb} ${where}`;
    }
    case 'password-policy-removed':
      return 'the account password policy is **removed** (AWS defaults apply: weaker)';
    case 'password-policy-changed':
      return `the account password policy changes: ${settings(f.settings)}`;
  }
}

export function otherText(o: OtherChange): string {
  switch (o.kind) {
    case 'role-description':
      return `role ${bold(o.role)} description changes`;
    case 'group-attachment-changed':
      return `group ${bold(o.group)} policy attachment ${policy(o.policyArn)} is ${o.replaced ? 'replaced' : 'updated'}`;
    case 'password-policy-set':
      return `account password policy is set: ${settings(o.settings)}`;
    case 'group-created':
      return `group ${bold(o.group)} is created`;
    case 'group-updated':
      return `group ${bold(o.group)} is updated`;
    case 'resource':
      return `${code(o.address)} ${o.change === 'update' ? 'is updated in place' : o.change === 'create' ? 'is created' : o.change === 'delete' ? 'is deleted' : 'is replaced'}`;
  }
}

export function destructiveText(d: DestructiveFinding): string {
  if (d.kind === 'retire' && d.retired) {
    const { account, roles, resources } = d.retired;
    const what = roles.length > 0 ? `its privileged roles ${roles.map(bold).join(', ')} and everything else its stack made there` : 'everything its stack made there';
    return `account ${bold(account.name)} (${code(account.id)}) is **removed from the roster**: stack ${code(d.address)} is **destroyed**, ${resources} resource(s), ${what}`;
  }
  if (!d.user && d.role) {
    return `privileged role ${bold(d.role)} is ${d.kind === 'replace' ? '**replaced** (deleted, then created: its sessions end)' : '**deleted**: nobody may assume it here any more'} (${code(d.address)})`;
  }
  if (!d.user) return `${code(d.address)} is ${d.kind === 'replace' ? '**replaced** (deleted, then created)' : '**deleted**'}`;
  const label = d.user.person ? who(d.user.person) : code(d.address);
  if (d.kind === 'replace') return `IAM user ${label} is **deleted and recreated** (${code(d.address)}${d.reason ? `, ${d.reason}` : ''}): it loses its unique ID, MFA device and access history`;
  if (d.kind === 'recreate') {
    return `IAM user ${label} would be **recreated instead of updated**: ${code(d.address)} is deleted and ${code(d.twinAddress ?? '')} created for the same person (a changed employee ID or address); keep the address and add a \`moved\` block instead`;
  }
  return `IAM user ${label} is **deleted** with its MFA devices, keys and login profile (\`force_destroy\`)`;
}

/** What happens to a person, in a few words ("renamed JSmith → JohnSmith; moved platform → data"). */
export function describePerson(p: PersonChange): string {
  if (p.added) return `added to team ${bold(p.team ?? '?')}`;
  if (p.removed) return 'removed (offboarded): the IAM user is deleted';
  const parts: string[] = [];
  if (p.replaced) parts.push('**recreated** (user deleted and created again)');
  if (p.previousUsername !== undefined) parts.push(`renamed: username ${code(p.previousUsername)} → ${code(p.username)}`);
  if (p.previousName !== undefined) parts.push(`name "${escapeText(p.previousName)}" → "${escapeText(p.name)}"`);
  if (p.previousTeam !== undefined) parts.push(`moved team ${bold(p.previousTeam)} → ${bold(p.team ?? '')}`);
  if (p.suspended) parts.push('**suspended**: console access and all group memberships removed, user kept');
  if (p.reactivated) parts.push('reactivated');
  if (p.consoleAdded && !p.reactivated) parts.push('console password added');
  if (p.consoleRemoved && !p.suspended) parts.push('console password removed');
  if (p.consoleReset) parts.push('**console password reset**: the login profile is recreated, so the person gets a new initial password');
  const groups = [...p.groupsAdded.map((g) => `+${escapeText(g)}`), ...p.groupsRemoved.map((g) => `−${escapeText(g)}`)];
  if (groups.length > 0 && !p.suspended) parts.push(`groups ${groups.join(' ')}`);
  return parts.join('; ') || 'updated';
}

/** The classified plan with each finding put into words. */
export function wordSummary(c: PlanClassification): PlanSummary {
  return {
    people: c.people,
    privileges: c.privileges.map((f) => ({ effect: f.effect, subject: f.subject, text: privilegeText(f), ...(f.adminEquivalent ? { adminEquivalent: true } : {}) })),
    destructive: c.destructive.map((d) => ({ address: d.address, kind: d.kind, text: destructiveText(d) })),
    other: c.other.map(otherText),
    counts: c.counts,
    changes: c.changes,
    driftCount: c.driftCount,
    ...(c.terraformVersion ? { terraformVersion: c.terraformVersion } : {}),
  };
}

/** Read a plan in roster terms and word it; the rosters, when given, add statuses and the reason for each grant. */
export function summarizePlan(plan: Plan, rosters: RosterPair = {}): PlanSummary {
  const roster = rosters.head ?? rosters.base;
  const member = roster && plan.accountId !== undefined ? governedAccounts(roster).find((a) => !a.identity && a.id === plan.accountId) : undefined;
  const account = plan.retiredAccount ? { ...plan.retiredAccount, retired: true } : member ? { name: member.name, id: member.id } : undefined;
  return { ...wordSummary(classifyPlan(plan, rosters)), ...(account ? { account } : {}) };
}
