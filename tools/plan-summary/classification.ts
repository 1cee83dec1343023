/**
 * A Terraform plan read back in roster terms, as data: who is added, removed,
 * renamed, suspended or moved, what widens or narrows whose access, and what is
 * destroyed. No words here: wording.ts puts each finding into a sentence.
 */
import type { Roster } from '../../roster/model';
import type { RetiredAccount } from '../../stacks/retired-account';
import type { ChangeKind, ResourceChange } from './plan-json';
import type { PasswordSettingChange, StatementDiff } from './policy-diff';

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

/** Why the head roster lets a person assume a role. */
export type GrantReason = { readonly via: 'admin' } | { readonly via: 'person'; readonly role: string } | { readonly via: 'team'; readonly team: string };

/** The group a person joins or leaves, and what made them join. */
export type PersonPrivilege =
  | { readonly kind: 'person-gains'; readonly person: PersonChange; readonly group: string; readonly as: 'new' | 'reactivated' | 'existing'; readonly reason?: GrantReason }
  | { readonly kind: 'person-loses'; readonly person: PersonChange; readonly group: string };

/** A change to a role, a group's policies, the MFA statement or the password policy. */
export type ResourcePrivilege =
  | { readonly kind: 'role-created'; readonly role: string; readonly maxSessionSeconds: number }
  | { readonly kind: 'role-deleted'; readonly role: string }
  | { readonly kind: 'role-session'; readonly role: string; readonly beforeSeconds: number; readonly afterSeconds: number }
  | { readonly kind: 'role-trust'; readonly role: string; readonly diff: StatementDiff }
  | { readonly kind: 'role-policy-attached'; readonly role: string; readonly policyArn?: string; readonly newRole: boolean }
  | { readonly kind: 'role-policy-detached'; readonly role: string; readonly policyArn?: string }
  | { readonly kind: 'role-policy-changed'; readonly role: string; readonly policyArn?: string; readonly replaced: boolean }
  | { readonly kind: 'group-policy-attached' | 'group-policy-detached'; readonly group: string; readonly policyArn?: string }
  | { readonly kind: 'mfa-statement'; readonly group: string; readonly policyName: string; readonly change: 'created' | 'removed' | 'changed'; readonly diff: StatementDiff }
  | { readonly kind: 'group-inline-added' | 'group-inline-removed'; readonly group: string; readonly policyName: string }
  | { readonly kind: 'group-inline-changed'; readonly group: string; readonly policyName: string; readonly diff: StatementDiff }
  | {
      /** A group's policy names a role's ARN in one more account, or one fewer: its members gain or lose the role there. */
      readonly kind: 'group-role-account';
      readonly group: string;
      readonly role: string;
      /** The account's roster name, or its ID when neither roster names it. */
      readonly account: string;
      readonly change: 'gains' | 'loses';
      /** Usernames of the group's active members in the roster (head, else base); none when no roster is given. */
      readonly members?: readonly string[];
    }
  | { readonly kind: 'password-policy-removed' }
  | { readonly kind: 'password-policy-changed'; readonly settings: readonly PasswordSettingChange[] };

/** A change in what someone may do. */
export type PrivilegeFinding = (PersonPrivilege | ResourcePrivilege) & {
  readonly effect: PrivilegeEffect;
  /** person, role, group, password-policy, mfa-statement or trust. */
  readonly subject: string;
  /** A grant or widening of an admin-equivalent role (or the admin group): shown first, under its own heading. */
  readonly adminEquivalent?: boolean;
};

/** Role, group, policy and account-setting changes not tied to one person and not a privilege change. */
export type OtherChange =
  | { readonly kind: 'role-description'; readonly role: string }
  | { readonly kind: 'group-attachment-changed'; readonly group: string; readonly policyArn?: string; readonly replaced: boolean }
  | { readonly kind: 'password-policy-set'; readonly settings: readonly PasswordSettingChange[] }
  | { readonly kind: 'group-created' | 'group-updated'; readonly group: string }
  | { readonly kind: 'resource'; readonly address: string; readonly change: ChangeKind };

export interface DestructiveFinding {
  readonly address: string;
  /** retire: a member account taken off the roster, its whole stack destroyed (address is the stack). */
  readonly kind: 'delete' | 'replace' | 'recreate' | 'retire';
  /** For a role deleted or replaced: its name. */
  readonly role?: string;
  /** For retire: the account, and the roles destroyed there. */
  readonly retired?: { readonly account: RetiredAccount; readonly roles: readonly string[]; readonly resources: number };
  /** An IAM user (with its person when the plan maps it to one), or another resource that loses something. */
  readonly user?: { readonly person?: PersonChange };
  /** Terraform's reason for a replacement (replace_because_cannot_update, ...). */
  readonly reason?: string;
  /** For recreate: the user created for the same person under another address. */
  readonly twinAddress?: string;
}

export interface CountRow {
  readonly type: string;
  readonly create: number;
  readonly update: number;
  readonly replace: number;
  readonly delete: number;
}

export interface PlanClassification {
  readonly people: readonly PersonChange[];
  /** Person grants first, then resource changes in plan order. */
  readonly privileges: readonly PrivilegeFinding[];
  readonly destructive: readonly DestructiveFinding[];
  readonly other: readonly OtherChange[];
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

/** A string attribute of a planned resource. */
export function str(attrs: Attrs, key: string): string | undefined {
  const v = attrs?.[key];
  return typeof v === 'string' ? v : undefined;
}

/** A tag of a planned resource. */
export function tag(attrs: Attrs, key: string): string | undefined {
  const tags = attrs?.tags;
  if (tags && typeof tags === 'object') {
    const v = (tags as Record<string, unknown>)[key];
    if (typeof v === 'string') return v;
  }
  return undefined;
}
