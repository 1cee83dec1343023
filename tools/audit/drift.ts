/**
 * Drift between the roster and the account's IAM users: who exists, which
 * groups they are in, and policies that bypass the groups.
 */
import { groupsOf } from '../../roster/accounts';
import { type Person, type Roster } from '../../roster/model';
import { EMPLOYEE_ID_TAG_KEY } from '../../stacks/person-tags';
import type { IamUserDetails } from './authorization-details';
import type { CredentialReportRow } from './credential-report';
import type { Finding } from './findings';

/** A roster person and the IAM user that is theirs, if any. */
export interface PersonMatch {
  readonly person: Person;
  /** Their user - undefined when the account has none. */
  readonly user?: IamUserDetails;
  /** Whether the user was found by its EmployeeId tag under another name: a rename not deployed yet. */
  readonly renamed: boolean;
}

/**
 * Each person's user, in roster order: the user with their username (IAM compares
 * names case-insensitively), else one not yet claimed that carries their employee
 * ID in the EmployeeId tag (a rename not deployed yet).
 */
export function matchPeople(roster: Pick<Roster, 'people'>, users: readonly IamUserDetails[]): PersonMatch[] {
  const byName = new Map(users.map((u) => [u.userName.toLowerCase(), u]));
  const claimed = new Set<string>();
  return roster.people.map((person) => {
    const named = byName.get(person.username.toLowerCase());
    const user = named ?? users.find((u) => u.tags[EMPLOYEE_ID_TAG_KEY] === person.employeeId && !claimed.has(u.userName.toLowerCase()));
    if (user) claimed.add(user.userName.toLowerCase());
    return { person, user, renamed: !named && user !== undefined };
  });
}

export function checkDrift(roster: Roster, users: readonly IamUserDetails[], report?: readonly CredentialReportRow[]): Finding[] {
  const findings: Finding[] = [];
  const matches = matchPeople(roster, users);
  const claimed = new Set(matches.flatMap((m) => (m.user ? [m.user.userName.toLowerCase()] : [])));

  for (const { person, user, renamed } of matches) {
    const who = `${person.name} (${person.employeeId})`;
    if (!user) {
      findings.push({
        id: 'missing-user',
        severity: 'medium',
        user: person.username,
        message: `${who} is on the roster but has no IAM user`,
        expected: `IAM user ${person.username}`,
        found: 'no user',
        action: 'deploy the roster (npm run deploy); if the user was deleted by hand, find out who did it',
      });
      continue;
    }
    if (renamed) {
      // A rename not deployed yet: the user still carries the person's employee ID under the old name.
      findings.push({
        id: 'username-drift',
        severity: 'medium',
        user: user.userName,
        message: `${who} is ${person.username} on the roster but ${user.userName} in the account`,
        expected: person.username,
        found: user.userName,
        action: 'deploy the roster (npm run deploy) to rename the user in place',
      });
    }
    findings.push(...checkGroups(user, groupsOf(person, roster)));
    const consoleAllowed = person.status === 'active' && person.console;
    const row = report?.find((r) => r.user.toLowerCase() === user.userName.toLowerCase());
    if (!consoleAllowed && row?.passwordEnabled === true) {
      findings.push({
        id: 'console-password-not-on-roster',
        severity: 'high',
        user: user.userName,
        message: `has a console password, but the roster says ${person.status === 'suspended' ? 'the person is suspended' : 'console: false'}`,
        expected: 'no console password',
        found: 'a console password',
        action: `delete the login profile (aws iam delete-login-profile --user-name ${user.userName}) or set console: true in the roster`,
      });
    }
  }

  for (const user of users) {
    if (!claimed.has(user.userName.toLowerCase())) {
      findings.push({
        id: 'unknown-user',
        severity: 'high',
        user: user.userName,
        message: `IAM user is not a person on the roster${user.groups.length ? ` (groups: ${user.groups.join(', ')})` : ''}`,
        expected: 'no such user: not a person on the roster',
        found: `user ${user.userName}${user.groups.length ? ` in ${user.groups.join(', ')}` : ''}`,
        action: 'add the person to users.yaml, or delete the user; shared and hand-made accounts are not allowed',
      });
    }
    findings.push(...checkDirectPolicies(user));
  }
  return findings;
}

function checkGroups(user: IamUserDetails, expected: readonly string[]): Finding[] {
  const findings: Finding[] = [];
  const actual = new Set(user.groups);
  for (const group of user.groups.filter((g) => !expected.includes(g)).sort()) {
    findings.push({
      id: 'unexpected-group',
      severity: 'high',
      user: user.userName,
      message: `is in group ${group}, which the roster does not give them`,
      expected: [...expected].sort().join(', ') || 'no group',
      found: [...user.groups].sort().join(', '),
      action: `remove the user from ${group} (aws iam remove-user-from-group; npm run deploy does not, as it manages only the groups the roster lists), or grant it in users.yaml in a pull request`,
    });
  }
  for (const group of expected.filter((g) => !actual.has(g))) {
    findings.push({
      id: 'missing-group',
      severity: 'medium',
      user: user.userName,
      message: `is not in group ${group}, which the roster gives them`,
      expected: [...expected].sort().join(', '),
      found: [...user.groups].sort().join(', ') || 'no group',
      action: 'deploy the roster (npm run deploy) to restore the membership',
    });
  }
  return findings;
}

function checkDirectPolicies(user: IamUserDetails): Finding[] {
  const findings: Finding[] = [];
  for (const arn of user.attachedPolicyArns) {
    findings.push({
      id: 'direct-user-policy',
      severity: 'high',
      user: user.userName,
      message: `managed policy ${arn} is attached to the user directly`,
      expected: 'no policy on the user: access comes through groups and roles',
      found: arn,
      action: `detach it (aws iam detach-user-policy --user-name ${user.userName} --policy-arn ${arn}); grant access through the roster's groups and roles`,
    });
  }
  for (const name of user.inlinePolicyNames) {
    findings.push({
      id: 'inline-user-policy',
      severity: 'high',
      user: user.userName,
      message: `inline policy ${name} is on the user directly`,
      expected: 'no policy on the user: access comes through groups and roles',
      found: `inline policy ${name}`,
      action: `delete it (aws iam delete-user-policy --user-name ${user.userName} --policy-name ${name}); grant access through the roster's groups and roles`,
    });
  }
  return findings;
}
