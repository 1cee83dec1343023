/**
 * A valid roster grants exactly what it says: each fixture was accepted before
 * (and synthesized something else, or failed only at plan or apply), and must now
 * be reported with its exact message at the line:col a person would edit.
 */
import { stringify } from 'yaml';
import { groupsOf, parseRoster, roleMembers } from '../../roster';
import { fixtureProblems as problemsOf, textProblems as problemsOfText } from './fixture-problems';


const RESERVED = '(reserved: admin, admins, aws-support, iam-roster-audit, iam-roster-deploy, iam-roster-plan, readonly-base)';
const KEBAB = 'must be lower-case letters, digits and "-", starting with a letter, at most 40 characters';
const DECLARE = 'declare it with "adminEquivalent: true" on the role so reviewers see it as such, or attach a narrower policy';

const cases: [string, string, string[]][] = [
  [
    'two roles whose role and policy names join to one terraform address are one error naming both',
    'grants-address-collision.yaml',
    [
      '15:9: roles.ops-db.managedPolicyArns[1]: role "ops-db" with policy "arn:aws:iam::123456789012:policy/admin" would have the terraform address aws_iam_role_policy_attachment.role-ops-db-admin, which role "ops" with policy "arn:aws:iam::123456789012:policy/db-admin" (roles.ops.managedPolicyArns[0]) already has; one would silently replace the other, so rename one of the roles',
    ],
  ],
  [
    "names inherited from JavaScript objects are unknown teams and roles, never Object.prototype's",
    'grants-prototype-references.yaml',
    [
      '6:18: teams.platform.roles[1]: unknown role "constructor" (known: ops)',
      '14:11: people[0].team: unknown team "constructor" (known: platform)',
      '15:13: people[0].roles[0]: unknown role "constructor" (known: ops)',
      '15:26: people[0].roles[1]: unknown role "valueof" (known: ops)',
      `18:11: people[1].team: ${KEBAB}, got string "toString"`,
      `19:13: people[1].roles[0]: ${KEBAB}, got string "toString"`,
      `19:23: people[1].roles[1]: ${KEBAB}, got string "__proto__"`,
      `19:34: people[1].roles[2]: ${KEBAB}, got string "hasOwnProperty"`,
    ],
  ],
  [
    'teams and roles named after Object.prototype members are invalid names, __proto__ included (it was silently dropped)',
    'grants-prototype-names.yaml',
    [`7:3: teams.toString: name "toString" ${KEBAB}`, `8:3: teams.hasOwnProperty: name "hasOwnProperty" ${KEBAB}`, `13:3: roles.__proto__: name "__proto__" ${KEBAB}`],
  ],
  [
    'a roster role may not take the name of a role or group the stacks create themselves',
    'grants-reserved-role-names.yaml',
    [
      `8:3: roles.aws-support: "aws-support" is the name of the AWS Support role (baseline stack), which the stacks create themselves; pick another role name ${RESERVED}`,
      `11:3: roles.admin: "admin" is the name of the administrator role (identity stack), which the stacks create themselves; pick another role name ${RESERVED}; admins get it with "admin: true" on a person`,
      `14:3: roles.readonly-base: "readonly-base" is the name of the group every active person is in (identity stack), which the stacks create themselves; pick another role name ${RESERVED}`,
      `17:3: roles.admins: "admins" is the name of the admin group (identity stack), which the stacks create themselves; pick another role name ${RESERVED}`,
      `20:3: roles.iam-roster-deploy: "iam-roster-deploy" is the name of the deploy role (bootstrap stack), which the stacks create themselves; pick another role name ${RESERVED}`,
    ],
  ],
  [
    'a role holding a policy that can grant itself anything must be declared adminEquivalent: true; PowerUserAccess need not',
    'grants-admin-equivalent.yaml',
    [
      `10:25: roles.break-glass.managedPolicyArns[0]: "arn:aws:iam::aws:policy/AdministratorAccess" makes role "break-glass" equivalent to an administrator (it allows every action on every resource); ${DECLARE}`,
      `15:9: roles.identity-admin.managedPolicyArns[1]: "arn:aws:iam::aws:policy/IAMFullAccess" makes role "identity-admin" equivalent to an administrator (it allows iam:*, so the role can attach AdministratorAccess to itself); ${DECLARE}`,
      `19:25: roles.org-admin.managedPolicyArns[0]: "arn:aws:iam::aws:policy/AWSOrganizationsFullAccess" makes role "org-admin" equivalent to an administrator (it allows organizations:*; from the management account that controls every account of the organization, this one included); ${DECLARE}`,
    ],
  ],
  [
    'limits IAM, the account API and the AWS provider enforce are reported in the roster, not at plan or apply',
    'grants-provider-limits.yaml',
    [
      '5:11: settings.securityContact.name: "Security Operations Center and Incident …" is 69 characters; the AWS provider allows at most 64 bytes, so shorten it',
      '6:12: settings.securityContact.email: "security-alerts-for-every-team-of-the-co…" is 270 characters; the AWS account API allows at most 254',
      '7:12: settings.securityContact.phone: "+1\u00a0555 0100" has "\u00a0" (U+00A0); the AWS account API accepts digits, plain spaces and ( ) + - only',
      '8:12: settings.securityContact.title: "Chief Information Security Officer and S…" is 52 characters; the AWS provider allows at most 50 bytes, so shorten it',
      '14:18: roles.long.description: "Operate the platform. Operate the platfo…" is 1,001 characters; a role description may be at most 1,000 bytes, so shorten it',
      '17:18: roles.quoted.description: IAM does not accept "“" (U+201C), "”" (U+201D), "€" (U+20AC) in a role description; use printable ASCII, tabs, line breaks and Latin-1 letters (U+00A1 to U+00FF), for example straight quotes instead of curly ones',
      '18:25: roles.quoted.managedPolicyArns[0]: "arn:aws-cn:iam::aws:policy/ReadOnlyAccess" is in partition "aws-cn", but the roster governs an account in the "aws" partition; use arn:aws:iam::...',
      '20:18: roles.latin.description: "éééééééééééééééééééééééééééééééééééééééé…" is 1,002 bytes in UTF-8 (501 characters); a role description may be at most 1,000 bytes, so shorten it',
      '24:25: roles.foreign.managedPolicyArns[0]: "arn:aws:iam::210987654321:policy/theirs" is a policy of account 210987654321, and a role can only attach AWS managed policies (arn:aws:iam::aws:policy/...) or customer managed policies of the governed account 123456789012',
    ],
  ],
  [
    'a phone number longer than the account API allows is reported even though it looks like a phone number',
    'grants-long-phone.yaml',
    ['7:12: settings.securityContact.phone: "+1 (555) 0100-0000-0000-00" is 26 characters; the AWS account API allows at most 25, spaces and ( ) + - included'],
  ],
];

describe('a valid roster grants exactly what it says', () => {
  test.each(cases)('%s', (_behaviour, fixture, expected) => {
    expect(problemsOf(fixture)).toEqual(expected);
  });

  test('a team or role whose name Object.prototype also has is looked up as the roster defines it', () => {
    const roster = parseRoster(
      stringify({
        settings: { accountId: '123456789012', naming: 'initial-last' },
        teams: { constructor: { roles: ['valueof'] } },
        roles: { valueof: { description: 'A role with an inherited-looking name', managedPolicyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'] } },
        people: [{ name: 'John Smith', employeeId: '1001', team: 'constructor' }],
      }),
      'test.yaml',
    );
    expect(groupsOf(roster.people[0], roster)).toEqual(['readonly-base', 'assume-valueof']);
    expect(roleMembers(roster)).toEqual({ admin: [], valueof: ['JSmith'] });
  });

  test('more people than an account holds IAM users is reported at the first one over the quota', () => {
    const people = Array.from({ length: 5001 }, (_, i) => ({ name: `Person ${i}`, employeeId: `E${i}`, team: 'platform', username: `Person${i}` }));
    const text = stringify({ settings: { accountId: '123456789012', naming: 'initial-last' }, teams: { platform: {} }, people });
    expect(problemsOfText(text)).toEqual([
      `${7 + 5000 * 4}:5: people[5000]: the roster lists 5,001 people, one IAM user each; an AWS account holds at most 5,000 IAM users (IAM quota), so keep the roster at 5,000 or fewer`,
    ]);
  });
});
