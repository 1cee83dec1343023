import { attachmentIds } from '../../stacks/addresses';
import { EXAMPLE_ROSTER, EVERY_FEATURE_ROSTER, deployedPolicy, editRoster, hasResource, readRosterText, referencedAddress, resourceAt, resourcesOf, synthIdentity } from './synthesized';

const ACCOUNT = '123456789012';
const ADMINISTRATOR_ACCESS = 'arn:aws:iam::aws:policy/AdministratorAccess';
const exampleText = readRosterText(EXAMPLE_ROSTER);
const example = synthIdentity(exampleText);
const direct = synthIdentity(
  editRoster(exampleText, (doc) => {
    doc.settings.adminAccess = 'direct';
  }),
);

function groupAttachments(tf: typeof example, groupAddress: string): string[] {
  return Object.values(resourcesOf(tf, 'aws_iam_group_policy_attachment'))
    .filter((a) => referencedAddress(a.group, 'name') === groupAddress)
    .map((a) => a.policy_arn);
}

describe('admin group', () => {
  it('by default gives no AdministratorAccess to the group: the MFA-gated admin role has it', () => {
    expect(groupAttachments(example, 'aws_iam_group.group-admins')).toEqual([]);
    expect(resourceAt(example, 'aws_iam_role_policy_attachment.role-admin-AdministratorAccess')).toMatchObject({
      role: '${aws_iam_role.role-admin.name}',
      policy_arn: ADMINISTRATOR_ACCESS,
    });
    const policy = deployedPolicy(example, resourceAt(example, 'aws_iam_group_policy.group-admins-assume-admin').policy, ACCOUNT);
    expect(policy.Statement).toEqual([expect.objectContaining({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${ACCOUNT}:role/privileged/admin` })]);
  });

  it('with adminAccess: direct also attaches AdministratorAccess to the group', () => {
    expect(groupAttachments(direct, 'aws_iam_group.group-admins')).toEqual([ADMINISTRATOR_ACCESS]);
    expect(hasResource(direct, 'aws_iam_group_policy_attachment.group-admins-AdministratorAccess')).toBe(true);
    // The admin role stays, so switching back is only the removal of the attachment.
    expect(hasResource(direct, 'aws_iam_role.role-admin')).toBe(true);
  });

  it('no other group gets AdministratorAccess, in either mode', () => {
    for (const tf of [example, direct]) {
      const adminGrants = Object.entries(resourcesOf(tf, 'aws_iam_group_policy_attachment')).filter(([, a]) => a.policy_arn === ADMINISTRATOR_ACCESS);
      expect(adminGrants.map(([, a]) => referencedAddress(a.group, 'name')).filter((g) => g !== 'aws_iam_group.group-admins')).toEqual([]);
    }
  });
});

describe('role grants', () => {
  it('every group policy but the base one allows sts:AssumeRole on exactly one role ARN, never a wildcard', () => {
    const every = synthIdentity(readRosterText(EVERY_FEATURE_ROSTER));
    for (const tf of [example, every]) {
      const grants = Object.entries(resourcesOf(tf, 'aws_iam_group_policy')).filter(([name]) => name !== 'group-readonly-base-self-service-mfa');
      expect(grants.length).toBe(Object.keys(resourcesOf(tf, 'aws_iam_role')).length);
      for (const [name, grant] of grants) {
        const policy = deployedPolicy(tf, grant.policy, ACCOUNT);
        expect(policy.Statement).toHaveLength(1);
        const [statement] = policy.Statement;
        expect(statement).toMatchObject({ Effect: 'Allow', Action: 'sts:AssumeRole' });
        expect(typeof statement.Resource).toBe('string');
        expect(statement.Resource).toMatch(new RegExp(`^arn:aws:iam::${ACCOUNT}:role/privileged/[a-z0-9-]+$`));
        // The group named in the address is the group the policy is on, and the role is the one named after it.
        const role = name.replace(/^group-.*-assume-/, '');
        expect(statement.Resource.endsWith(`/${role}`)).toBe(true);
      }
    }
  });

  it('role grants are per role: the network-admin group can name only the network-admin role', () => {
    const grant = resourceAt(example, 'aws_iam_group_policy.group-assume-network-admin-assume-network-admin');
    expect(referencedAddress(grant.group, 'name')).toBe('aws_iam_group.group-assume-network-admin');
    expect(deployedPolicy(example, grant.policy, ACCOUNT).Statement[0].Resource).toBe(`arn:aws:iam::${ACCOUNT}:role/privileged/network-admin`);
  });

  it('role session length follows maxSessionHours', () => {
    const roles = resourcesOf(example, 'aws_iam_role');
    expect(Object.fromEntries(Object.entries(roles).map(([name, r]) => [name, r.max_session_duration]))).toEqual({
      'role-admin': 3600,
      'role-platform-operator': 3600,
      'role-network-admin': 3600,
      'role-database-admin': 7200,
      'role-security-auditor': 14400,
    });
    const longer = synthIdentity(
      editRoster(exampleText, (doc) => {
        doc.roles['network-admin'].maxSessionHours = 12;
      }),
    );
    expect(resourceAt(longer, 'aws_iam_role.role-network-admin').max_session_duration).toBe(43200);
  });

  it('trust policies carry the roster account, its MFA age limit and the session-name rule', () => {
    const shortMfa = synthIdentity(
      editRoster(exampleText, (doc) => {
        doc.settings.mfaMaxAgeSeconds = 900;
      }),
    );
    const trust = JSON.parse(resourceAt(shortMfa, 'aws_iam_role.role-database-admin').assume_role_policy.replace(/\$\$\{/g, '${'));
    expect(trust.Statement).toHaveLength(1);
    expect(trust.Statement[0]).toMatchObject({
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
      Action: 'sts:AssumeRole',
      Condition: {
        Bool: { 'aws:MultiFactorAuthPresent': 'true' },
        NumericLessThan: { 'aws:MultiFactorAuthAge': '900' },
        StringLike: { 'sts:RoleSessionName': '${aws:username}' },
      },
    });
  });

  it('role managed policies are attached from the roster, one attachment per ARN', () => {
    expect(resourceAt(example, 'aws_iam_role_policy_attachment.role-network-admin-NetworkAdministrator')).toMatchObject({
      role: '${aws_iam_role.role-network-admin.name}',
      policy_arn: 'arn:aws:iam::aws:policy/job-function/NetworkAdministrator',
    });
    const every = synthIdentity(readRosterText(EVERY_FEATURE_ROSTER));
    expect(
      Object.values(resourcesOf(every, 'aws_iam_role_policy_attachment'))
        .filter((a) => a.role === '${aws_iam_role.role-platform-operator.name}')
        .map((a) => a.policy_arn)
        .sort(),
    ).toEqual(['arn:aws:iam::aws:policy/PowerUserAccess', 'arn:aws:iam::aws:policy/job-function/SupportUser']);
  });

  it('policy names that are not Terraform names, or that two ARNs share, still give valid distinct addresses', () => {
    const ids = attachmentIds([
      'arn:aws:iam::aws:policy/ReadOnlyAccess',
      'arn:aws:iam::123456789012:policy/teams/ReadOnlyAccess',
      'arn:aws:iam::123456789012:policy/ops+db.access@2024',
      'arn:aws:iam::aws:policy/ReadOnlyAccess',
    ]);
    expect([...ids.values()]).toEqual(['aws-ReadOnlyAccess', '123456789012-teams_ReadOnlyAccess', 'ops_db_access_2024']);
    const withCustom = synthIdentity(
      editRoster(exampleText, (doc) => {
        doc.roles['network-admin'].managedPolicyArns.push('arn:aws:iam::123456789012:policy/net+dns.edit', 'arn:aws:iam::aws:policy/job-function/NetworkAdministrator');
      }),
    );
    const attachments = Object.keys(resourcesOf(withCustom, 'aws_iam_role_policy_attachment')).filter((a) => a.startsWith('role-network-admin-'));
    expect(attachments.sort()).toEqual(['role-network-admin-NetworkAdministrator', 'role-network-admin-net_dns_edit']);
  });
});

describe('account password policy', () => {
  it('cis: at least 14 characters, 24 remembered, complexity and 90-day rotation', () => {
    expect(resourceAt(example, 'aws_iam_account_password_policy.password-policy')).toEqual({
      minimum_password_length: 14,
      password_reuse_prevention: 24,
      require_lowercase_characters: true,
      require_uppercase_characters: true,
      require_numbers: true,
      require_symbols: true,
      max_password_age: 90,
      allow_users_to_change_password: true,
      hard_expiry: false,
    });
  });

  it('nist: a longer minimum, no composition rules and rotation explicitly off', () => {
    const nist = synthIdentity(
      editRoster(exampleText, (doc) => {
        doc.settings.passwordPolicy = 'nist';
      }),
    );
    const policy = resourceAt(nist, 'aws_iam_account_password_policy.password-policy');
    expect(policy.minimum_password_length).toBeGreaterThanOrEqual(15);
    expect(policy.minimum_password_length).toBeGreaterThan(resourceAt(example, 'aws_iam_account_password_policy.password-policy').minimum_password_length);
    expect(policy).toMatchObject({
      require_lowercase_characters: false,
      require_uppercase_characters: false,
      require_numbers: false,
      require_symbols: false,
      max_password_age: 0,
      password_reuse_prevention: 24,
      allow_users_to_change_password: true,
    });
  });
});
