import { ADMIN_GROUP_NAME, BASE_GROUP_NAME } from '../../roster/model';
import { BASE_GROUP_MFA_POLICY_ADDRESS, type IdentityAddress, accountOfGroup, buildAddress, parseAddress, roleOfGroup, splitAddress } from '../../stacks/addresses';
import { SUPPORT_ROLE_NAME } from '../../stacks/built-in-names';
import { EVERY_FEATURE_ROSTER, EXAMPLE_ROSTER, ORGANIZATION_ROSTER, addresses, editRoster, readRosterText, rosterFrom, synthIdentity } from './synthesized';

/** One of every kind, with names that contain "-" where the kind allows it. */
const EVERY_KIND: IdentityAddress[] = [
  { kind: 'user', employeeId: 'E-1001' },
  { kind: 'login', employeeId: '1001' },
  { kind: 'membership', employeeId: '1001' },
  { kind: 'role', roleName: 'database-admin' },
  { kind: 'role-attachment', roleName: 'database-admin', suffix: 'DatabaseAdministrator' },
  { kind: 'group', groupName: 'assume-database-admin' },
  { kind: 'group-assume', groupName: 'assume-database-admin', roleName: 'database-admin' },
  { kind: 'group-assume', groupName: ADMIN_GROUP_NAME, roleName: SUPPORT_ROLE_NAME },
  // The group of a grant narrowed to one account.
  { kind: 'group', groupName: 'assume-database-admin_in_prod-eu' },
  { kind: 'group-assume', groupName: 'assume-database-admin_in_prod-eu', roleName: 'database-admin' },
  { kind: 'group-policy', groupName: BASE_GROUP_NAME, suffix: 'self-service-mfa' },
  { kind: 'group-attachment', groupName: BASE_GROUP_NAME, suffix: 'ReadOnlyAccess' },
  { kind: 'password-policy' },
];
const ROLES = { 'database-admin': { managedPolicyArns: ['arn:aws:iam::aws:policy/job-function/DatabaseAdministrator'] } };

describe('addresses build and parse back', () => {
  test.each(EVERY_KIND.map((a) => [a.kind, a]))('a %s address parses back to what built it', (_kind, address) => {
    const built = buildAddress(address);
    expect(parseAddress(built, ROLES)).toEqual(address);
  });

  test.each([
    ['the example roster', readRosterText(EXAMPLE_ROSTER)],
    ['the every-feature roster', readRosterText(EVERY_FEATURE_ROSTER)],
    ['a roster with direct admin access', editRoster(readRosterText(EXAMPLE_ROSTER), (doc) => (doc.settings.adminAccess = 'direct'))],
    ['the organization roster (member accounts, a narrowed grant)', readRosterText(ORGANIZATION_ROSTER)],
  ])('every address synthesized for %s parses and builds back to itself', (_name, text) => {
    const roster = rosterFrom(text);
    const synthesized = addresses(synthIdentity(roster));
    expect(synthesized.length).toBeGreaterThan(25);
    for (const address of synthesized) {
      const parsed = parseAddress(address, roster.roles);
      expect({ address, parsed: parsed && buildAddress(parsed) }).toEqual({ address, parsed: address });
    }
  });

  test('role and policy names that both contain "-" are told apart by the roles the roster declares', () => {
    const roles = { ops: { managedPolicyArns: ['arn:aws:iam::aws:policy/db-admin'] }, 'ops-db': { managedPolicyArns: ['arn:aws:iam::aws:policy/reader'] } };
    expect(parseAddress('aws_iam_role_policy_attachment.role-ops-db-admin', roles)).toEqual({ kind: 'role-attachment', roleName: 'ops', suffix: 'db-admin' });
    expect(parseAddress('aws_iam_role_policy_attachment.role-ops-db-reader', roles)).toEqual({ kind: 'role-attachment', roleName: 'ops-db', suffix: 'reader' });
    // A role's own assume policy reads without the roster.
    expect(parseAddress('aws_iam_group_policy.group-assume-ops-db-assume-ops-db')).toEqual({ kind: 'group-assume', groupName: 'assume-ops-db', roleName: 'ops-db' });
  });

  test.each([
    ['another stack', 'aws_s3_bucket.state-bucket'],
    ['a data source', 'data.aws_iam_policy_document.trust'],
    ['a module address', 'module.identity.aws_iam_user.user-1001'],
    ['an indexed instance', 'aws_iam_user.user-1001[0]'],
    ['a person prefix on the wrong type', 'aws_iam_user.login-1001'],
    ['a person address with no employee ID', 'aws_iam_user.user-'],
    ['a role address with no role', 'aws_iam_role.role-'],
    ['a CI role inline policy', 'aws_iam_role_policy.role-iam-roster-plan-policy'],
    ['an attachment of a role the roster does not declare', 'aws_iam_role_policy_attachment.role-ops-PowerUserAccess'],
    ['an attachment the role does not hold', 'aws_iam_role_policy_attachment.role-admin-PowerUserAccess'],
    ['a policy on a group that is not built', 'aws_iam_group_policy.group-strangers-assume-admin'],
    ['a narrowed group granting another role', 'aws_iam_group_policy.group-assume-db_in_prod-assume-ops'],
    ['a narrowed group with no account', 'aws_iam_group_policy.group-assume-db_in_-assume-db'],
    ['another password policy name', 'aws_iam_account_password_policy.main'],
    ['a type that is an Object.prototype name', 'constructor.user-1001'],
    ['no type at all', 'user-1001'],
  ])('parse rejects %s (%s)', (_what, address) => {
    expect(parseAddress(address)).toBeUndefined();
  });

  test('the base group MFA policy address and the role of a group come from the same names', () => {
    expect(parseAddress(BASE_GROUP_MFA_POLICY_ADDRESS)).toEqual({ kind: 'group-policy', groupName: BASE_GROUP_NAME, suffix: 'self-service-mfa' });
    expect(splitAddress(BASE_GROUP_MFA_POLICY_ADDRESS)).toEqual({ type: 'aws_iam_group_policy', name: 'group-readonly-base-self-service-mfa' });
    expect(roleOfGroup('assume-database-admin')).toBe('database-admin');
    expect(roleOfGroup(ADMIN_GROUP_NAME)).toBe('admin');
    expect(roleOfGroup(BASE_GROUP_NAME)).toBeUndefined();
    expect(roleOfGroup('assume-')).toBeUndefined();
    expect(roleOfGroup('assume-database-admin_in_staging')).toBe('database-admin');
    expect(accountOfGroup('assume-database-admin_in_staging')).toBe('staging');
    expect(accountOfGroup('assume-database-admin')).toBeUndefined();
  });
});
