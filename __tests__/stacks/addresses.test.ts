import { EXAMPLE_ROSTER, addresses, editRoster, readRosterText, resourceAt, synthIdentity } from './synthesized';

/**
 * Addresses are the contract with Terraform state: changing one destroys and
 * recreates the real resource. When one must change, update this list and add a move.
 */
const EXAMPLE_ADDRESSES = [
  'aws_iam_account_password_policy.password-policy',
  'aws_iam_group.group-admins',
  'aws_iam_group.group-assume-database-admin',
  'aws_iam_group.group-assume-network-admin',
  'aws_iam_group.group-assume-platform-operator',
  'aws_iam_group.group-assume-security-auditor',
  'aws_iam_group.group-readonly-base',
  'aws_iam_group_policy.group-admins-assume-admin',
  'aws_iam_group_policy.group-assume-database-admin-assume-database-admin',
  'aws_iam_group_policy.group-assume-network-admin-assume-network-admin',
  'aws_iam_group_policy.group-assume-platform-operator-assume-platform-operator',
  'aws_iam_group_policy.group-assume-security-auditor-assume-security-auditor',
  'aws_iam_group_policy.group-readonly-base-self-service-mfa',
  'aws_iam_group_policy_attachment.group-readonly-base-ReadOnlyAccess',
  'aws_iam_role.role-admin',
  'aws_iam_role.role-database-admin',
  'aws_iam_role.role-network-admin',
  'aws_iam_role.role-platform-operator',
  'aws_iam_role.role-security-auditor',
  'aws_iam_role_policy_attachment.role-admin-AdministratorAccess',
  'aws_iam_role_policy_attachment.role-database-admin-DatabaseAdministrator',
  'aws_iam_role_policy_attachment.role-network-admin-NetworkAdministrator',
  'aws_iam_role_policy_attachment.role-platform-operator-PowerUserAccess',
  'aws_iam_role_policy_attachment.role-security-auditor-SecurityAudit',
  // Six people (1001-1006): every one keeps a user, suspended 1006 included.
  'aws_iam_user.user-1001',
  'aws_iam_user.user-1002',
  'aws_iam_user.user-1003',
  'aws_iam_user.user-1004',
  'aws_iam_user.user-1005',
  'aws_iam_user.user-1006',
  // Suspended 1006 is in no group.
  'aws_iam_user_group_membership.groups-1001',
  'aws_iam_user_group_membership.groups-1002',
  'aws_iam_user_group_membership.groups-1003',
  'aws_iam_user_group_membership.groups-1004',
  'aws_iam_user_group_membership.groups-1005',
  // 1005 has console: false, 1006 is suspended.
  'aws_iam_user_login_profile.login-1001',
  'aws_iam_user_login_profile.login-1002',
  'aws_iam_user_login_profile.login-1003',
  'aws_iam_user_login_profile.login-1004',
];

describe('resource addresses', () => {
  const exampleText = readRosterText(EXAMPLE_ROSTER);
  const example = synthIdentity(exampleText);

  it('the example roster produces exactly the listed addresses', () => {
    expect(addresses(example)).toEqual(EXAMPLE_ADDRESSES);
  });

  it('renaming a person keeps every address and changes only the user name', () => {
    const renamed = synthIdentity(
      editRoster(exampleText, (doc) => {
        const john = doc.people.find((p: { employeeId: string }) => p.employeeId === '1001');
        john.name = 'Johnny Smithers';
      }),
    );
    expect(addresses(renamed)).toEqual(addresses(example));
    expect(resourceAt(example, 'aws_iam_user.user-1001').name).toBe('JSmith');
    expect(resourceAt(renamed, 'aws_iam_user.user-1001').name).toBe('JSmithers');
    expect(resourceAt(renamed, 'aws_iam_user.user-1001').tags.Name).toBe('Johnny Smithers');
  });

  it('changing the naming standard renames users in place under the same addresses', () => {
    const reNamed = synthIdentity(
      editRoster(exampleText, (doc) => {
        doc.settings.naming = 'initials-id';
      }),
    );
    expect(addresses(reNamed)).toEqual(addresses(example));
    expect(resourceAt(reNamed, 'aws_iam_user.user-1001').name).toBe('JS1001');
    expect(resourceAt(reNamed, 'aws_iam_user.user-1003').name).toBe('JN1003');
  });

  it('moving a person to another team changes only their group list, under the same addresses', () => {
    const moved = synthIdentity(
      editRoster(exampleText, (doc) => {
        doc.people.find((p: { employeeId: string }) => p.employeeId === '1002').team = 'data';
      }),
    );
    expect(addresses(moved)).toEqual(addresses(example));
    expect(resourceAt(example, 'aws_iam_user_group_membership.groups-1002').groups).toContain('${aws_iam_group.group-assume-network-admin.name}');
    expect(resourceAt(moved, 'aws_iam_user_group_membership.groups-1002').groups).toEqual([
      '${aws_iam_group.group-readonly-base.name}',
      '${aws_iam_group.group-assume-database-admin.name}',
    ]);
  });

  it('reordering people changes no address', () => {
    const reversed = synthIdentity(
      editRoster(exampleText, (doc) => {
        doc.people.reverse();
      }),
    );
    expect(addresses(reversed)).toEqual(addresses(example));
    expect(resourceAt(reversed, 'aws_iam_user.user-1006').name).toBe(resourceAt(example, 'aws_iam_user.user-1006').name);
  });

  it('every address is a flat, valid Terraform name without a construct-path hash', () => {
    for (const address of addresses(example)) {
      const name = address.split('.')[1];
      expect(name).toMatch(/^[A-Za-z_][A-Za-z0-9_-]*$/);
      expect(name).not.toMatch(/[A-F0-9]{8}$/);
    }
  });
});
