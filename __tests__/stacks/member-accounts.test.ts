/**
 * The stacks of a roster that governs member accounts (examples/organization.yaml): one stack per
 * member account, deploying through a role assumed there, holding that account's privileged roles
 * and baseline and never a person; and the identity account's groups naming exactly those roles.
 */
import { CIS_PASSWORD_POLICY } from '../../stacks/password-policy';
import { type Block, EXAMPLE_ROSTER, ORGANIZATION_ROSTER, type TerraformJson, addresses, editRoster, readRosterText, resourceAt, resourcesOf, synthApp } from './synthesized';

const IDENTITY = '123456789012';
const PROD = '222222222222';
const STAGING = '333333333333';
const arn = (account: string, role: string) => `arn:aws:iam::${account}:role/privileged/${role}`;

const policyOf = (tf: TerraformJson, address: string): Block => JSON.parse(resourceAt(tf, address).policy as string) as Block;
/** A synthesized policy's literal text has $${...} for IAM's own ${...}; Terraform writes it back. */
const unescaped = (text: string) => text.replace(/\$\$\{/g, '${');

describe('a roster with member accounts', () => {
  const organization = readRosterText(ORGANIZATION_ROSTER);
  const stacks = synthApp(organization);
  const prod = stacks['account-prod'];
  const staging = stacks['account-staging'];

  test('each member account gets its own stack beside the identity account\'s three', () => {
    expect(Object.keys(stacks).sort()).toEqual(['account-prod', 'account-staging', 'baseline', 'bootstrap', 'identity']);
  });

  test("a member stack deploys through the account's OrganizationAccountAccessRole and only into that account", () => {
    expect(prod.provider.aws).toEqual([
      {
        region: 'us-east-1',
        allowed_account_ids: [PROD],
        assume_role: [{ role_arn: `arn:aws:iam::${PROD}:role/OrganizationAccountAccessRole`, session_name: 'iam-roster-deploy' }],
      },
    ]);
    expect(staging.provider.aws[0].allowed_account_ids).toEqual([STAGING]);
  });

  test('the deploy role comes from the configuration, with or without a path', () => {
    const configured = synthApp(organization, { IAM_ROSTER_MEMBER_DEPLOY_ROLE: '/deploy/iam-roster' });
    expect(configured['account-prod'].provider.aws[0].assume_role).toEqual([{ role_arn: `arn:aws:iam::${PROD}:role/deploy/iam-roster`, session_name: 'iam-roster-deploy' }]);
  });

  test('offline, a member stack neither assumes a role nor reaches AWS', () => {
    const offline = synthApp(organization, { IAM_ROSTER_OFFLINE: '1' })['account-prod'].provider.aws[0];
    expect(offline.assume_role).toBeUndefined();
    expect(offline.skip_credentials_validation).toBe(true);
  });

  test('each member stack keeps its own state', () => {
    expect(prod.terraform.backend.local.path).toMatch(/\/terraform\.account-prod\.tfstate$/);
    const s3 = synthApp(organization, { STATE_BUCKET: 'acme-state' });
    expect(s3['account-staging'].terraform.backend.s3).toMatchObject({ bucket: 'acme-state', key: 'iam-roster/account-staging.tfstate', use_lockfile: true });
    expect(s3.identity.terraform.backend.s3.key).toBe('iam-roster/identity.tfstate');
  });

  test("a member stack holds exactly the roles the roster places in its account, admin and aws-support unless narrowed", () => {
    const roles = (tf: TerraformJson) => Object.values(resourcesOf(tf, 'aws_iam_role')).map((r) => r.name as string).sort();
    expect(roles(prod)).toEqual(['admin', 'aws-support', 'database-admin', 'platform-operator', 'security-auditor']);
    // supportRoleAccounts: [identity, prod]; billing-viewer is in the identity account only.
    expect(roles(staging)).toEqual(['admin', 'database-admin', 'platform-operator', 'security-auditor']);
    expect(resourceAt(prod, 'aws_iam_role_policy_attachment.role-database-admin-DatabaseAdministrator').policy_arn).toBe('arn:aws:iam::aws:policy/job-function/DatabaseAdministrator');
    expect(resourceAt(prod, 'aws_iam_role.role-database-admin').max_session_duration).toBe(7200);
    expect(resourceAt(prod, 'aws_iam_role.role-admin').max_session_duration).toBe(3600);
  });

  test('every member role trusts only the identity account, with MFA, bounded MFA age and the session named after the caller', () => {
    for (const tf of [prod, staging]) {
      for (const [name, role] of Object.entries(resourcesOf(tf, 'aws_iam_role'))) {
        expect({ name, path: role.path }).toEqual({ name, path: '/privileged/' });
        expect({ name, trust: JSON.parse(unescaped(role.assume_role_policy as string)) }).toEqual({
          name,
          trust: {
            Version: '2012-10-17',
            Statement: [
              {
                Sid: 'AssumeOnlyWithMfaAsYourself',
                Effect: 'Allow',
                Principal: { AWS: `arn:aws:iam::${IDENTITY}:root` },
                Action: 'sts:AssumeRole',
                Condition: {
                  Bool: { 'aws:MultiFactorAuthPresent': 'true' },
                  NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' },
                  StringLike: { 'sts:RoleSessionName': '${aws:username}' },
                  ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${IDENTITY}:user/people/*` },
                },
              },
            ],
          },
        });
      }
    }
  });

  test('no IAM user, login, key, membership or group exists outside the identity account', () => {
    const members = Object.entries(stacks).filter(([name]) => name.startsWith('account-'));
    expect(members).toHaveLength(2);
    for (const [name, tf] of members) {
      const people = addresses(tf).filter((a) => /^aws_iam_(user|group|access_key)/.test(a));
      expect({ name, people }).toEqual({ name, people: [] });
    }
    expect(addresses(stacks.identity).filter((a) => a.startsWith('aws_iam_user.'))).toHaveLength(4);
  });

  test("a member account gets the baseline: SECURITY contact, root-activity alerts to the list, the trail, Access Analyzer and a CIS password policy", () => {
    expect(resourceAt(prod, 'aws_account_alternate_contact.security-contact')).toMatchObject({ alternate_contact_type: 'SECURITY', email_address: 'security-alerts@example.com' });
    expect(resourceAt(prod, 'aws_sns_topic_subscription.security-alerts-email')).toMatchObject({ protocol: 'email', endpoint: 'security-alerts@example.com' });
    expect(Object.keys(resourcesOf(prod, 'aws_cloudwatch_event_rule')).sort()).toEqual(['alert-console-sign-in-without-mfa', 'alert-root-api-use', 'alert-root-console-sign-in']);
    expect(resourceAt(prod, 'aws_s3_bucket.trail-bucket').bucket).toBe(`iam-roster-cloudtrail-${PROD}`);
    expect(resourceAt(prod, 'aws_accessanalyzer_analyzer.access-analyzer').type).toBe('ACCOUNT');
    expect(resourceAt(prod, 'aws_iam_account_password_policy.password-policy').minimum_password_length).toBe(CIS_PASSWORD_POLICY.minimumPasswordLength);
    // The account alias names the identity account only: aliases are globally unique.
    expect(resourcesOf(prod, 'aws_iam_account_alias')).toEqual({});
  });

  test('the emulator switch leaves Access Analyzer out of member accounts too', () => {
    const off = synthApp(organization, { IAM_ROSTER_ACCESS_ANALYZER: 'off' });
    expect(resourcesOf(off['account-prod'], 'aws_accessanalyzer_analyzer')).toEqual({});
    expect(resourcesOf(off.baseline, 'aws_accessanalyzer_analyzer')).toEqual({});
  });

  test("the identity account's group policies name exactly the role ARNs of every account each grant covers", () => {
    const identity = stacks.identity;
    const named = (address: string) => policyOf(identity, address).Statement[0].Resource;
    expect(named('aws_iam_group_policy.group-admins-assume-admin')).toEqual(['${aws_iam_role.role-admin.arn}', arn(PROD, 'admin'), arn(STAGING, 'admin')]);
    expect(named('aws_iam_group_policy.group-assume-platform-operator-assume-platform-operator')).toEqual([
      '${aws_iam_role.role-platform-operator.arn}',
      arn(PROD, 'platform-operator'),
      arn(STAGING, 'platform-operator'),
    ]);
    // database-admin exists in prod and staging only: its group, and no role, in the identity account.
    expect(named('aws_iam_group_policy.group-assume-database-admin-assume-database-admin')).toEqual([arn(PROD, 'database-admin'), arn(STAGING, 'database-admin')]);
    expect(resourcesOf(identity, 'aws_iam_role')['role-database-admin']).toBeUndefined();
    // The data team's grant is narrowed to staging: a group for staging alone.
    expect(named('aws_iam_group_policy.group-assume-database-admin_in_staging-assume-database-admin')).toBe(arn(STAGING, 'database-admin'));
    expect(named('aws_iam_group_policy.group-assume-billing-viewer-assume-billing-viewer')).toBe('${aws_iam_role.role-billing-viewer.arn}');
    expect(policyOf(stacks.baseline, 'aws_iam_group_policy.group-admins-assume-aws-support').Statement[0].Resource).toEqual(['${aws_iam_role.role-aws-support.arn}', arn(PROD, 'aws-support')]);
    for (const policy of Object.values(resourcesOf(identity, 'aws_iam_group_policy'))) expect(JSON.stringify(JSON.parse(policy.policy as string).Statement.map((s: Block) => s.Resource))).not.toMatch(/role\/\*|:role\/privileged\/\*/);
  });

  test('a person is in the group that covers exactly the accounts they are granted', () => {
    const groups = (id: string) => resourceAt(stacks.identity, `aws_iam_user_group_membership.groups-${id}`).groups;
    // José: the team's staging grant and his own prod grant add up to all of database-admin's accounts.
    expect(groups('1003')).toEqual(['${aws_iam_group.group-readonly-base.name}', '${aws_iam_group.group-assume-billing-viewer.name}', '${aws_iam_group.group-assume-database-admin.name}']);
    // Mei has the team's grant alone: staging only.
    expect(groups('1006')).toEqual(['${aws_iam_group.group-readonly-base.name}', '${aws_iam_group.group-assume-database-admin_in_staging.name}']);
  });

  test('a roster without member accounts has no member stack', () => {
    expect(Object.keys(synthApp(readRosterText(EXAMPLE_ROSTER))).sort()).toEqual(['baseline', 'bootstrap', 'identity']);
  });

  test('a role placed in no member account leaves member stacks without it, and its group names the identity role alone', () => {
    const text = editRoster(organization, (doc) => {
      doc.roles['platform-operator'].accounts = ['identity'];
    });
    const edited = synthApp(text);
    expect(resourcesOf(edited['account-prod'], 'aws_iam_role')['role-platform-operator']).toBeUndefined();
    expect(policyOf(edited.identity, 'aws_iam_group_policy.group-assume-platform-operator-assume-platform-operator').Statement[0].Resource).toBe('${aws_iam_role.role-platform-operator.arn}');
  });
});
