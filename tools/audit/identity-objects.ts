/**
 * The identity stack's users and groups against the roster: each person's path,
 * tags and login profile, the groups and their policies, and groups the roster
 * does not define that have members.
 */
import { roleAccounts, roleGroups } from '../../roster/accounts';
import { ADMIN_GROUP_NAME, ADMIN_ROLE_NAME, BASE_GROUP_NAME, PEOPLE_PATH, ROLE_PATH, type Roster } from '../../roster/model';
import { IDENTITY_ACCOUNT } from '../../roster/schema';
import { memberRoleArns } from '../../stacks/member-role-arns';
import { ADMINISTRATOR_ACCESS_ARN, READ_ONLY_POLICY_ARN } from '../../stacks/addresses';
import { SUPPORT_ROLE_NAME } from '../../stacks/built-in-names';
import { MANAGED_BY_TAG_KEY } from '../../stacks/managed-by';
import { EMPLOYEE_ID_TAG_KEY, personTags } from '../../stacks/person-tags';
import { type PolicyDocument, SELF_SERVICE_MFA_POLICY_NAME, assumePolicyName, assumeRolePolicy, roleArn, selfServiceMfaPolicy } from '../../stacks/policies/documents';
import type { AuditContext } from './audit-context';
import type { IamGroupDetails, IamUserDetails } from './authorization-details';
import type { CredentialReportRow } from './credential-report';
import { matchPeople } from './drift';
import type { Finding } from './findings';
import { type NormalStatement, normaliseStatements, parsePolicy } from './role-checks';
import { CONSOLE_PASSWORD_MISSING, GROUP_MISSING, GROUP_PATH_DRIFT, GROUP_POLICY_DRIFT, GROUP_POLICY_EXTRA, UNKNOWN_GROUP_WITH_MEMBERS, USER_PATH_DRIFT, USER_TAG_DRIFT, USER_TAG_DRIFT_KEY } from './rules/identity';

export function checkIdentityObjects(ctx: AuditContext): Finding[] {
  return identityObjectFindings({ roster: ctx.roster, accountId: ctx.accountId, users: ctx.users, report: ctx.report, groups: ctx.groups });
}

export interface IdentityObjects {
  readonly roster: Roster;
  readonly accountId: string;
  readonly users: readonly IamUserDetails[];
  readonly report: readonly CredentialReportRow[];
  readonly groups: readonly IamGroupDetails[];
}

export function identityObjectFindings(input: IdentityObjects): Finding[] {
  return [...checkPeople(input), ...checkGroups(input), ...checkUnknownGroups(input)];
}

/** Tags the tools rely on: a change to these is more than cosmetic. */
const KEY_TAGS: readonly string[] = [EMPLOYEE_ID_TAG_KEY, MANAGED_BY_TAG_KEY];

function checkPeople({ roster, users, report }: IdentityObjects): Finding[] {
  const findings: Finding[] = [];
  for (const { person, user } of matchPeople(roster, users)) {
    // No user is missing-user or unknown-user (drift.ts).
    if (!user) continue;
    const object = user.userName;
    if (user.path !== PEOPLE_PATH) {
      findings.push({
        id: USER_PATH_DRIFT.id,
        severity: USER_PATH_DRIFT.severity,
        user: object,
        message: `user is under path ${user.path}, not ${PEOPLE_PATH}: the roles' trust policies and the base group's MFA policy only admit users under ${PEOPLE_PATH}`,
        expected: PEOPLE_PATH,
        found: user.path,
        action: `npm run deploy repairs it (it moves the user back under ${PEOPLE_PATH} in place); find out who moved it (CloudTrail UpdateUser)`,
      });
    }
    findings.push(...checkTags(object, user.tags, personTags(person)));
    const row = report.find((r) => !r.isRoot && r.user.toLowerCase() === user.userName.toLowerCase());
    // A user newer than the report has no row yet: nothing to judge.
    if (person.status === 'active' && person.console && row?.passwordEnabled === false) {
      findings.push({
        id: CONSOLE_PASSWORD_MISSING.id,
        severity: CONSOLE_PASSWORD_MISSING.severity,
        user: object,
        message: 'has no console password (login profile), but the roster gives the person console access',
        expected: 'a console password',
        found: 'no console password',
        action: 'npm run deploy repairs it: it creates a login profile with a new initial password (npm run initial-password shows it), to be changed at first sign-in',
      });
    }
  }
  return findings;
}

// moto keys user tags by ARN, so a rename or a path change there drops them all (AWS keeps them);
// each is then reported absent, and a deploy puts them back as it would on AWS.
function checkTags(object: string, found: Readonly<Record<string, string>>, expected: Readonly<Record<string, string>>): Finding[] {
  const findings: Finding[] = [];
  const none = Object.keys(found).length === 0;
  const rule = (key: string) => (KEY_TAGS.includes(key) ? USER_TAG_DRIFT_KEY : USER_TAG_DRIFT);
  for (const [key, value] of Object.entries(expected)) {
    if (found[key] === value) continue;
    const absent = !Object.hasOwn(found, key);
    findings.push({
      id: rule(key).id,
      severity: rule(key).severity,
      user: object,
      message: absent ? `tag ${key} is absent${none ? ' (the user has no tags at all)' : ''}` : `tag ${key} is "${found[key]}", not "${value}"`,
      expected: `${key}=${value}`,
      found: absent ? 'no such tag' : `${key}=${found[key]}`,
      action: "npm run deploy repairs it (the tags are in Terraform state); a person's name and team change only in users.yaml",
    });
  }
  for (const key of Object.keys(found).filter((k) => !Object.hasOwn(expected, k)).sort()) {
    findings.push({
      id: USER_TAG_DRIFT.id,
      severity: USER_TAG_DRIFT.severity,
      user: object,
      message: `tag ${key} is not one the stack writes`,
      expected: 'no such tag',
      found: `${key}=${found[key]}`,
      action: 'npm run deploy repairs it (it removes tags the stack does not write)',
    });
  }
  return findings;
}

/** An inline policy the stacks write on a group. */
export interface ExpectedInlinePolicy {
  readonly name: string;
  readonly document: PolicyDocument;
  /**
   * Whether its absence is a finding. The baseline stack, which not every target
   * deploys, grants the admin group the support role; that grant is compared only when present.
   */
  readonly required: boolean;
}

export interface ExpectedGroup {
  readonly groupName: string;
  readonly managedPolicyArns: readonly string[];
  readonly inlinePolicies: readonly ExpectedInlinePolicy[];
}

/**
 * Every group the stacks create, with the policies they give it, as stacks/identity-stack.ts builds
 * them: each group's assume policy names the role's ARN in every account it covers (roleGroups).
 */
export function expectedGroups(roster: Pick<Roster, 'settings' | 'roles' | 'accounts' | 'teams' | 'people'>, accountId: string): ExpectedGroup[] {
  const arns = (roleName: string, accounts: readonly string[]) => [
    ...(accounts.includes(IDENTITY_ACCOUNT) ? [roleArn({ accountId }, roleName, ROLE_PATH)] : []),
    ...memberRoleArns(roster, roleName, accounts),
  ];
  const assume = (roleName: string, accounts: readonly string[], required = true): ExpectedInlinePolicy => ({
    name: assumePolicyName(roleName),
    document: assumeRolePolicy(arns(roleName, accounts)),
    required,
  });
  return [
    { groupName: BASE_GROUP_NAME, managedPolicyArns: [READ_ONLY_POLICY_ARN], inlinePolicies: [{ name: SELF_SERVICE_MFA_POLICY_NAME, document: selfServiceMfaPolicy(), required: true }] },
    {
      groupName: ADMIN_GROUP_NAME,
      managedPolicyArns: roster.settings.adminAccess === 'direct' ? [ADMINISTRATOR_ACCESS_ARN] : [],
      inlinePolicies: [assume(ADMIN_ROLE_NAME, roleAccounts(ADMIN_ROLE_NAME, roster)), assume(SUPPORT_ROLE_NAME, roleAccounts(SUPPORT_ROLE_NAME, roster), false)],
    },
    ...roleGroups(roster).map((g) => ({ groupName: g.group, managedPolicyArns: [], inlinePolicies: [assume(g.role, g.accounts)] })),
  ];
}

function checkGroups({ roster, accountId, groups }: IdentityObjects): Finding[] {
  // IAM group names are unique case-insensitively.
  const byName = new Map(groups.map((g) => [g.groupName.toLowerCase(), g]));
  const findings: Finding[] = [];
  for (const want of expectedGroups(roster, accountId)) {
    const object = `group/${want.groupName}`;
    const group = byName.get(want.groupName.toLowerCase());
    if (!group) {
      findings.push({
        id: GROUP_MISSING.id,
        severity: GROUP_MISSING.severity,
        user: object,
        message: 'the roster defines this group but the account has no such group',
        expected: `group ${want.groupName} under ${PEOPLE_PATH}`,
        found: 'no group',
        action: 'npm run deploy repairs it (it recreates the group, its policies and memberships); if it was deleted by hand, find out who did it',
      });
      continue;
    }
    if (group.path !== PEOPLE_PATH) {
      findings.push({
        id: GROUP_PATH_DRIFT.id,
        severity: GROUP_PATH_DRIFT.severity,
        user: object,
        message: `the group is under ${group.path}, not ${PEOPLE_PATH}`,
        expected: PEOPLE_PATH,
        found: group.path,
        action: 'npm run deploy repairs it (the path is in Terraform state); find out who moved it (CloudTrail UpdateGroup)',
      });
    }
    findings.push(...checkGroupManagedPolicies(object, group, want), ...checkGroupInlinePolicies(object, group, want));
  }
  return findings;
}

function checkGroupManagedPolicies(object: string, group: IamGroupDetails, want: ExpectedGroup): Finding[] {
  const findings: Finding[] = [];
  const expected = [...want.managedPolicyArns].sort().join(', ') || 'none';
  const found = [...group.attachedPolicyArns].sort().join(', ') || 'none';
  const missing = want.managedPolicyArns.filter((a) => !group.attachedPolicyArns.includes(a));
  if (missing.length > 0) {
    findings.push({
      id: GROUP_POLICY_DRIFT.id,
      severity: GROUP_POLICY_DRIFT.severity,
      user: object,
      message: `the stacks attach ${missing.join(', ')}, but it is not attached`,
      expected,
      found,
      action: 'npm run deploy repairs it (the attachment is in Terraform state); find out who detached it (CloudTrail DetachGroupPolicy)',
    });
  }
  for (const arn of group.attachedPolicyArns.filter((a) => !want.managedPolicyArns.includes(a)).sort()) {
    findings.push({
      id: GROUP_POLICY_EXTRA.id,
      severity: GROUP_POLICY_EXTRA.severity,
      user: object,
      message: `managed policy ${arn} is attached, but the stacks do not attach it`,
      expected,
      found,
      action: `detach it (aws iam detach-group-policy --group-name ${group.groupName} --policy-arn ${arn}); npm run deploy does not remove it; grant access only through users.yaml`,
    });
  }
  return findings;
}

function statementsOf(document: string): NormalStatement[] | undefined {
  try {
    return normaliseStatements(parsePolicy(document));
  } catch {
    return undefined;
  }
}

/** The Sids of the expected statements not found as the stacks write them, and how many found statements are extra. */
function statementDifferences(expected: PolicyDocument, found: readonly NormalStatement[]): string {
  const text = (s: NormalStatement) => JSON.stringify(s);
  const foundTexts = new Set(found.map(text));
  const wanted = expected.Statement.map((s) => ({ sid: s.Sid ?? '(no Sid)', text: text(normaliseStatements({ Statement: [s] })[0]) }));
  const changed = wanted.filter((w) => !foundTexts.has(w.text)).map((w) => w.sid);
  const wantedTexts = new Set(wanted.map((w) => w.text));
  const extra = found.filter((s) => !wantedTexts.has(text(s))).length;
  return [changed.length ? `statements missing or changed: ${changed.join(', ')}` : '', extra ? `${extra} statement${extra === 1 ? '' : 's'} the stacks do not write` : '']
    .filter(Boolean)
    .join('; ');
}

function checkGroupInlinePolicies(object: string, group: IamGroupDetails, want: ExpectedGroup): Finding[] {
  const findings: Finding[] = [];
  const drift = { id: GROUP_POLICY_DRIFT.id, severity: GROUP_POLICY_DRIFT.severity, user: object };
  for (const policy of group.inlinePolicies) {
    const expected = want.inlinePolicies.find((p) => p.name === policy.name);
    if (!expected) {
      findings.push({
        id: GROUP_POLICY_EXTRA.id,
        severity: GROUP_POLICY_EXTRA.severity,
        user: object,
        message: `inline policy ${policy.name} is on the group, but the stacks do not write it`,
        expected: `inline policies: ${want.inlinePolicies.map((p) => p.name).join(', ')}`,
        found: `inline policy ${policy.name}`,
        action: `delete it (aws iam delete-group-policy --group-name ${group.groupName} --policy-name ${policy.name}); npm run deploy does not remove it; grant access only through users.yaml`,
      });
      continue;
    }
    const wanted = normaliseStatements(expected.document);
    const found = statementsOf(policy.document);
    if (found && JSON.stringify(found) === JSON.stringify(wanted)) continue;
    findings.push({
      ...drift,
      message: `inline policy ${policy.name} differs from what the stacks deploy: ${found ? statementDifferences(expected.document, found) : 'not a readable policy document'}`,
      expected: JSON.stringify(wanted),
      found: found ? JSON.stringify(found) : policy.document,
      action: 'npm run deploy repairs it (the policy is in Terraform state); find out who changed it (CloudTrail PutGroupPolicy)',
    });
  }
  for (const expected of want.inlinePolicies.filter((p) => p.required && !group.inlinePolicies.some((g) => g.name === p.name))) {
    findings.push({
      ...drift,
      message: `inline policy ${expected.name}, which the stacks write, is missing`,
      expected: `inline policy ${expected.name}`,
      found: 'no such inline policy',
      action: 'npm run deploy repairs it (the policy is in Terraform state); find out who deleted it (CloudTrail DeleteGroupPolicy)',
    });
  }
  return findings;
}

function checkUnknownGroups({ roster, accountId, users }: IdentityObjects): Finding[] {
  const defined = new Set(expectedGroups(roster, accountId).map((g) => g.groupName.toLowerCase()));
  const members = new Map<string, { name: string; users: string[] }>();
  for (const user of users) {
    for (const group of user.groups.filter((g) => !defined.has(g.toLowerCase()))) {
      const entry = members.get(group.toLowerCase()) ?? { name: group, users: [] };
      entry.users.push(user.userName);
      members.set(group.toLowerCase(), entry);
    }
  }
  return [...members.values()].map(({ name, users: names }) => ({
    id: UNKNOWN_GROUP_WITH_MEMBERS.id,
    severity: UNKNOWN_GROUP_WITH_MEMBERS.severity,
    user: `group/${name}`,
    message: `a group the roster does not define has ${names.length} member${names.length === 1 ? '' : 's'}: ${names.sort().join(', ')}`,
    expected: 'no member in a group outside the roster',
    found: names.join(', '),
    action: `remove the members (aws iam remove-user-from-group --group-name ${name} --user-name <user>) and delete the group, or grant the access through a roster role; npm run deploy does not repair it`,
  }));
}
