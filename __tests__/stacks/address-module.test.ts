import { type Roster } from '../../roster';
import { addressCollisions, attachmentIds, employeeIdOf, identityAddresses } from '../../stacks/addresses';
import { identityAddressInput } from '../../stacks/identity-stack';
import { EVERY_FEATURE_ROSTER, EXAMPLE_ROSTER, ORGANIZATION_ROSTER, addresses, editRoster, readRosterText, resourcesOf, rosterFrom, synthIdentity } from './synthesized';


describe('the address module', () => {
  test.each([
    ['the example roster', readRosterText(EXAMPLE_ROSTER)],
    ['the every-feature roster', readRosterText(EVERY_FEATURE_ROSTER)],
    ['the organization roster: roles of member accounts only and a grant narrowed to one account', readRosterText(ORGANIZATION_ROSTER)],
    [
      'a roster with direct admin access and a role listing one policy twice',
      editRoster(readRosterText(EXAMPLE_ROSTER), (doc) => {
        doc.settings.adminAccess = 'direct';
        doc.roles['network-admin'].managedPolicyArns.push(doc.roles['network-admin'].managedPolicyArns[0]);
      }),
    ],
  ])('computes exactly the addresses the identity stack synthesizes for %s', (_name, text) => {
    const roster = rosterFrom(text);
    expect(identityAddresses(identityAddressInput(roster)).map((a) => a.address).sort()).toEqual(addresses(synthIdentity(roster)));
  });

  test('policy names that differ only in characters Terraform does not allow get distinct attachment addresses', () => {
    const arns = ['arn:aws:iam::aws:policy/team.admin', 'arn:aws:iam::aws:policy/team_admin', 'arn:aws:iam::aws:policy/team+admin'];
    const ids = attachmentIds(arns);
    expect(new Set(ids.values()).size).toBe(3);
    // Before, all three became team_admin and synth stopped with "There is already a Construct with name".
    const tf = synthIdentity(
      editRoster(readRosterText(EXAMPLE_ROSTER), (doc) => {
        doc.roles['network-admin'].managedPolicyArns = arns;
      }),
    );
    const attached = Object.values(resourcesOf(tf, 'aws_iam_role_policy_attachment'))
      .filter((a) => a.role === '${aws_iam_role.role-network-admin.name}')
      .map((a) => a.policy_arn);
    expect(attached.sort()).toEqual([...arns].sort());
  });

  test('two roles whose role and policy names join to one address are a collision naming both', () => {
    const collisions = addressCollisions(
      identityAddresses({
        adminAccess: 'assume-role',
        roles: {
          ops: { managedPolicyArns: ['arn:aws:iam::123456789012:policy/db-admin'] },
          'ops-db': { managedPolicyArns: ['arn:aws:iam::aws:policy/admin'] },
        },
        people: [],
      }),
    );
    expect(collisions.map(({ first, second }) => [second.address, second.owner, first.owner, second.origin, first.origin])).toEqual([
      [
        'aws_iam_role_policy_attachment.role-ops-db-admin',
        'role "ops-db" with policy "arn:aws:iam::aws:policy/admin"',
        'role "ops" with policy "arn:aws:iam::123456789012:policy/db-admin"',
        ['roles', 'ops-db', 'managedPolicyArns', 0],
        ['roles', 'ops', 'managedPolicyArns', 0],
      ],
    ]);
  });

  test('the identity stack refuses a roster that skipped validation rather than drop an attachment', () => {
    const roster = rosterFrom(readRosterText(EXAMPLE_ROSTER));
    const colliding: Roster = {
      ...roster,
      roles: {
        ops: { description: 'x', managedPolicyArns: ['arn:aws:iam::123456789012:policy/db-admin'], maxSessionHours: 1 },
        'ops-db': { description: 'y', managedPolicyArns: ['arn:aws:iam::aws:policy/admin'], maxSessionHours: 1 },
      },
      teams: {},
      people: [],
    };
    expect(() => synthIdentity(colliding)).toThrow(
      'role "ops-db" with policy "arn:aws:iam::aws:policy/admin" and role "ops" with policy "arn:aws:iam::123456789012:policy/db-admin" would both be aws_iam_role_policy_attachment.role-ops-db-admin',
    );
  });

  test('per-person addresses parse back to the employee ID, and nothing else does', () => {
    expect(employeeIdOf('aws_iam_user', 'user-1001')).toBe('1001');
    expect(employeeIdOf('aws_iam_user_login_profile', 'login-E-7')).toBe('E-7');
    expect(employeeIdOf('aws_iam_user_group_membership', 'groups-1001')).toBe('1001');
    expect(employeeIdOf('aws_iam_user', 'login-1001')).toBeUndefined();
    expect(employeeIdOf('aws_iam_role', 'user-1001')).toBeUndefined();
    expect(employeeIdOf('constructor', 'user-1001')).toBeUndefined();
  });
});
