import {
  GetAccountPasswordPolicyCommand,
  GetGroupCommand,
  GetGroupPolicyCommand,
  GetLoginProfileCommand,
  type IAMClient,
  ListGroupPoliciesCommand,
  ListGroupsForUserCommand,
  ListMFADevicesCommand,
  ListUserTagsCommand,
  type PasswordPolicy,
  paginateListGroups,
  paginateListRoles,
  paginateListUsers,
} from '@aws-sdk/client-iam';
import { PEOPLE_PATH, ROLE_PATH } from '../../roster/model';
import { ifExists } from '../aws/no-such-entity';

export interface PersonReport {
  readonly username: string;
  readonly userId: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly groups: readonly string[];
  readonly consolePassword: boolean;
  readonly mfaDevices: number;
}

export interface RoleReport {
  readonly name: string;
  readonly arn: string;
  readonly maxSessionHours: number;
  readonly mfaRequired: boolean;
  /** Groups whose policy allows sts:AssumeRole on exactly this role. */
  readonly grantedTo: readonly string[];
  /** Usernames of the members of those groups. */
  readonly assumableBy: readonly string[];
}

export interface AccountReport {
  readonly people: readonly PersonReport[];
  readonly groups: Readonly<Record<string, readonly string[]>>;
  /** The groups whose policy allows sts:AssumeRole on each role ARN, in this account or another. */
  readonly grants: Readonly<Record<string, readonly string[]>>;
  readonly roles: readonly RoleReport[];
  readonly passwordPolicy?: PasswordPolicy;
}

/** What exists in the account now, read back through the IAM API (not from Terraform state). */
export async function readAccount(iam: IAMClient): Promise<AccountReport> {
  const people: PersonReport[] = [];
  for await (const page of paginateListUsers({ client: iam }, { PathPrefix: PEOPLE_PATH })) {
    for (const user of page.Users ?? []) {
      const UserName = user.UserName as string;
      const [tags, groups, login, mfa] = await Promise.all([
        iam.send(new ListUserTagsCommand({ UserName })),
        iam.send(new ListGroupsForUserCommand({ UserName })),
        ifExists(() => iam.send(new GetLoginProfileCommand({ UserName }))),
        iam.send(new ListMFADevicesCommand({ UserName })),
      ]);
      people.push({
        username: UserName,
        userId: user.UserId as string,
        tags: Object.fromEntries((tags.Tags ?? []).map((t) => [t.Key, t.Value])),
        groups: (groups.Groups ?? []).map((g) => g.GroupName as string).sort(),
        consolePassword: login !== undefined,
        mfaDevices: (mfa.MFADevices ?? []).length,
      });
    }
  }
  people.sort((a, b) => (a.tags.EmployeeId ?? a.username).localeCompare(b.tags.EmployeeId ?? b.username));

  const groups: Record<string, string[]> = {};
  const assumeGrants = new Map<string, string[]>();
  for await (const page of paginateListGroups({ client: iam }, { PathPrefix: PEOPLE_PATH })) {
    for (const group of page.Groups ?? []) {
      const GroupName = group.GroupName as string;
      const detail = await iam.send(new GetGroupCommand({ GroupName }));
      groups[GroupName] = (detail.Users ?? []).map((u) => u.UserName as string).sort();
      const { PolicyNames = [] } = await iam.send(new ListGroupPoliciesCommand({ GroupName }));
      for (const PolicyName of PolicyNames) {
        const policy = await iam.send(new GetGroupPolicyCommand({ GroupName, PolicyName }));
        for (const arn of assumableRoleArns(policy.PolicyDocument ?? '')) assumeGrants.set(arn, [...(assumeGrants.get(arn) ?? []), GroupName]);
      }
    }
  }

  const grants = Object.fromEntries(assumeGrants);
  const roles = await readRoles(iam, { groups, grants });
  const passwordPolicy = (await ifExists(() => iam.send(new GetAccountPasswordPolicyCommand({}))))?.PasswordPolicy;
  return { people, groups, grants, roles, passwordPolicy };
}

/**
 * The privileged roles of an account and who may assume them, by the identity account's groups:
 * for the identity account itself, and for a member account read with credentials there.
 */
export async function readRoles(iam: IAMClient, identity: Pick<AccountReport, 'groups' | 'grants'>): Promise<RoleReport[]> {
  const roles: RoleReport[] = [];
  for await (const page of paginateListRoles({ client: iam }, { PathPrefix: ROLE_PATH })) {
    for (const role of page.Roles ?? []) {
      const grantedTo = [...(identity.grants[role.Arn as string] ?? [])].sort();
      const trust = decodeURIComponent(role.AssumeRolePolicyDocument ?? '');
      roles.push({
        name: role.RoleName as string,
        arn: role.Arn as string,
        maxSessionHours: (role.MaxSessionDuration ?? 3600) / 3600,
        mfaRequired: trust.includes('aws:MultiFactorAuthPresent'),
        grantedTo,
        assumableBy: [...new Set(grantedTo.flatMap((g) => identity.groups[g] ?? []))].sort(),
      });
    }
  }
  return roles.sort((a, b) => a.name.localeCompare(b.name));
}

/** Role ARNs an identity policy allows sts:AssumeRole on. */
export function assumableRoleArns(policyDocument: string): string[] {
  const doc = JSON.parse(decodeURIComponent(policyDocument)) as { Statement: unknown };
  const statements = (Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement]) as { Effect: string; Action?: string | string[]; Resource?: string | string[] }[];
  const list = (v?: string | string[]) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
  return statements.filter((s) => s.Effect === 'Allow' && list(s.Action).includes('sts:AssumeRole')).flatMap((s) => list(s.Resource));
}

/** How a person gets their first console password. */
export type PasswordDelivery = 'plain-output' | 'pgp-encrypted' | 'none';

export function formatAccountReport(report: AccountReport, delivery: (employeeId: string) => PasswordDelivery): string {
  const lines: string[] = [];
  lines.push(`People (${report.people.length} IAM users under ${PEOPLE_PATH}):`);
  for (const p of report.people) {
    const id = p.tags.EmployeeId ?? '?';
    lines.push(`  ${p.username.padEnd(14)} ${p.tags.Name ?? ''} - employee ${id}, team ${p.tags.Team ?? '?'}`);
    lines.push(`  ${''.padEnd(14)} groups: ${p.groups.length > 0 ? p.groups.join(', ') : 'none (suspended or not yet in any)'}`);
    const how = delivery(id);
    const sign =
      !p.consolePassword ? 'no console password'
      : how === 'pgp-encrypted' ? `console: initial password encrypted to their PGP key - npm run initial-password -- ${id}`
      : `console: initial password from npm run initial-password -- ${id} (changed at first sign-in)`;
    lines.push(`  ${''.padEnd(14)} ${sign}; MFA devices: ${p.mfaDevices}`);
  }
  lines.push('', 'Groups and members:');
  const width = Math.max(26, ...Object.keys(report.groups).map((g) => g.length + 1));
  for (const [group, members] of Object.entries(report.groups).sort()) lines.push(`  ${group.padEnd(width)} ${members.length > 0 ? members.join(', ') : '(no members)'}`);
  lines.push('', 'Privileged roles and who may assume them (with MFA, session name = own username):');
  lines.push(...report.roles.map(roleLine));
  const pp = report.passwordPolicy;
  lines.push('', pp ? `Password policy: at least ${pp.MinimumPasswordLength} characters, last ${pp.PasswordReusePrevention ?? 0} remembered${pp.MaxPasswordAge ? `, expires after ${pp.MaxPasswordAge} days` : ', no forced rotation'}` : 'Password policy: none set');
  return `${lines.join('\n')}\n`;
}

function roleLine(r: RoleReport): string {
  return `  ${r.name.padEnd(20)} ${r.assumableBy.length > 0 ? r.assumableBy.join(', ') : '(nobody)'} - via group ${r.grantedTo.join(', ') || '-'}, max ${r.maxSessionHours}h${r.mfaRequired ? ', MFA required' : ', MFA NOT required'}`;
}

/** A member account's roles and who may assume them, from the identity account, and its users (there should be none). */
export interface MemberAccountReport {
  readonly name: string;
  readonly id: string;
  readonly roles: readonly RoleReport[];
  readonly users: number;
}

/** A member account read with credentials there, its roles matched against the identity account's grants. */
export async function readMemberAccount(iam: IAMClient, account: Pick<MemberAccountReport, 'name' | 'id'>, identity: Pick<AccountReport, 'groups' | 'grants'>): Promise<MemberAccountReport> {
  const roles = await readRoles(iam, identity);
  let users = 0;
  for await (const page of paginateListUsers({ client: iam }, {})) users += (page.Users ?? []).length;
  return { name: account.name, id: account.id, roles, users };
}

export function formatMemberAccountReport(report: MemberAccountReport): string {
  const lines = [`Account ${report.name} (${report.id}): roles assumed from the identity account (with MFA, session name = own username):`, ...report.roles.map(roleLine)];
  lines.push(report.users === 0 ? '  no IAM users: people sign in to the identity account only' : `  ${report.users} IAM user(s) - people should sign in to the identity account only`);
  return `${lines.join('\n')}\n`;
}
