import { generateKey } from 'openpgp';
import { EXAMPLE_ROSTER, editRoster, hasResource, readRosterText, resourceAt, resourcesOf, synthIdentity } from './synthesized';

const exampleText = readRosterText(EXAMPLE_ROSTER);
const example = synthIdentity(exampleText);

describe('people as IAM users', () => {
  it('each user carries EmployeeId, Team and Name tags, the people path and force_destroy', () => {
    expect(resourceAt(example, 'aws_iam_user.user-1003')).toMatchObject({
      name: 'JNunez',
      path: '/people/',
      force_destroy: true,
      tags: { EmployeeId: '1003', Team: 'data', Name: 'José Núñez' },
    });
    // IAM tag values reject the apostrophe; the tag keeps the rest of the name.
    expect(resourceAt(example, 'aws_iam_user.user-1005').tags).toMatchObject({ EmployeeId: '1005', Team: 'platform', Name: 'Liam OBrien' });
    for (const user of Object.values(resourcesOf(example, 'aws_iam_user'))) {
      expect(user.force_destroy).toBe(true);
      expect(user.path).toBe('/people/');
    }
  });

  it('an explicit username overrides the naming standard', () => {
    expect(resourceAt(example, 'aws_iam_user.user-1002').name).toBe('JaneSmith');
  });

  it('no person ever gets an access key', () => {
    expect(resourcesOf(example, 'aws_iam_access_key')).toEqual({});
    expect(JSON.stringify(example.resource)).not.toContain('access_key');
  });

  it('console users get a login profile that forces a new password at first sign-in and ignores the later change', () => {
    const login = resourceAt(example, 'aws_iam_user_login_profile.login-1001');
    expect(login.user).toBe('${aws_iam_user.user-1001.name}');
    expect(login.password_reset_required).toBe(true);
    expect(login.pgp_key).toBeUndefined();
    // Once the person sets their own password, AWS reports password_reset_required false: that is not drift.
    expect(login.lifecycle.ignore_changes).toEqual(expect.arrayContaining(['password_reset_required', 'password_length', 'pgp_key']));
  });

  it('the initial password of a person without a PGP key is only in a sensitive output', () => {
    const initial = example.output.initial_passwords;
    expect(initial.sensitive).toBe(true);
    expect(initial.value).toEqual({
      '1001': '${aws_iam_user_login_profile.login-1001.password}',
      '1002': '${aws_iam_user_login_profile.login-1002.password}',
      '1003': '${aws_iam_user_login_profile.login-1003.password}',
      '1004': '${aws_iam_user_login_profile.login-1004.password}',
    });
    expect(example.output.encrypted_initial_passwords.value).toEqual({});
  });

  it('console: false means a user without a login profile, still in its groups', () => {
    expect(hasResource(example, 'aws_iam_user.user-1005')).toBe(true);
    expect(hasResource(example, 'aws_iam_user_login_profile.login-1005')).toBe(false);
    expect(resourceAt(example, 'aws_iam_user_group_membership.groups-1005').groups).toEqual([
      '${aws_iam_group.group-readonly-base.name}',
      '${aws_iam_group.group-assume-platform-operator.name}',
    ]);
    expect(example.output.initial_passwords.value).not.toHaveProperty('1005');
  });

  it('a suspended person keeps the user but has no login profile and no group membership', () => {
    expect(resourceAt(example, 'aws_iam_user.user-1006')).toMatchObject({ name: 'MChen', tags: { EmployeeId: '1006' } });
    expect(hasResource(example, 'aws_iam_user_login_profile.login-1006')).toBe(false);
    expect(hasResource(example, 'aws_iam_user_group_membership.groups-1006')).toBe(false);
  });

  it('suspending an admin removes the login profile and every membership, admin included', () => {
    const suspended = synthIdentity(
      editRoster(exampleText, (doc) => {
        doc.people.find((p: { employeeId: string }) => p.employeeId === '1001').status = 'suspended';
      }),
    );
    expect(resourceAt(example, 'aws_iam_user_group_membership.groups-1001').groups).toContain('${aws_iam_group.group-admins.name}');
    expect(hasResource(suspended, 'aws_iam_user.user-1001')).toBe(true);
    expect(hasResource(suspended, 'aws_iam_user_login_profile.login-1001')).toBe(false);
    expect(hasResource(suspended, 'aws_iam_user_group_membership.groups-1001')).toBe(false);
  });

  it('memberships list the base group, the admin group for admins, and team and personal role groups', () => {
    expect(resourceAt(example, 'aws_iam_user_group_membership.groups-1001').groups).toEqual([
      '${aws_iam_group.group-readonly-base.name}',
      '${aws_iam_group.group-admins.name}',
      '${aws_iam_group.group-assume-platform-operator.name}',
    ]);
    // José is on the data team and holds network-admin personally.
    expect(resourceAt(example, 'aws_iam_user_group_membership.groups-1003').groups).toEqual([
      '${aws_iam_group.group-readonly-base.name}',
      '${aws_iam_group.group-assume-database-admin.name}',
      '${aws_iam_group.group-assume-network-admin.name}',
    ]);
    expect(resourceAt(example, 'aws_iam_user_group_membership.groups-1003').user).toBe('${aws_iam_user.user-1003.name}');
  });

  it('a PGP key is set on the login profile and the password is published only encrypted', async () => {
    const { publicKey } = await generateKey({ type: 'ecc', curve: 'curve25519Legacy', userIDs: [{ name: 'Jane Smith', email: 'jane@example.com' }], format: 'binary' });
    const pgpKey = Buffer.from(publicKey).toString('base64');
    const withKey = synthIdentity(
      editRoster(exampleText, (doc) => {
        doc.people.find((p: { employeeId: string }) => p.employeeId === '1002').pgpKey = pgpKey;
      }),
    );
    expect(resourceAt(withKey, 'aws_iam_user_login_profile.login-1002')).toMatchObject({ pgp_key: pgpKey, password_reset_required: true });
    expect(withKey.output.encrypted_initial_passwords.value).toEqual({ '1002': '${aws_iam_user_login_profile.login-1002.encrypted_password}' });
    expect(withKey.output.encrypted_initial_passwords.sensitive).toBeFalsy();
    expect(withKey.output.initial_passwords.value).not.toHaveProperty('1002');
    expect(Object.keys(withKey.output.initial_passwords.value)).toEqual(['1001', '1003', '1004']);
  });
});
