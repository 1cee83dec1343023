import { EXAMPLE_ROSTER, readRosterText, synthIdentity } from '../stacks/synthesized';
import { ACCOUNT, type Caller, SynthesizedIam, decide } from './iam-model';

/**
 * What a base-group member may do before and after signing in with MFA, evaluated on the
 * synthesized policies plus AWS's own ReadOnlyAccess document.
 * Jane Smith (1002, network) is in readonly-base and assume-network-admin, nothing else.
 */
const iam = new SynthesizedIam(synthIdentity(readRosterText(EXAMPLE_ROSTER)));
const jane: Caller = { ...iam.user('1002'), policies: iam.identityPoliciesOf('1002') };
const johnArn = iam.user('1001').arn;
const ownMfaDevice = `arn:aws:iam::${ACCOUNT}:mfa/${jane.name}`;

// Without MFA, AWS omits aws:MultiFactorAuthPresent for long-term keys and sets it false for other sessions; both must be covered.
const NO_MFA = [
  ['console session without MFA', { mfa: false }],
  ['access keys (key absent)', {}],
] as const;
const WITH_MFA = { mfa: true, mfaAgeSeconds: 120 };

describe('base group before MFA', () => {
  it('the person is in the base group and only the groups the roster gives them', () => {
    expect(jane.name).toBe('JaneSmith');
    expect(iam.groupsOf('1002')).toEqual(['aws_iam_group.group-readonly-base', 'aws_iam_group.group-assume-network-admin']);
    expect(jane.policies.map((p) => p.name).sort()).toEqual(['ReadOnlyAccess', 'group-assume-network-admin-assume-network-admin', 'group-readonly-base-self-service-mfa']);
  });

  describe.each(NO_MFA)('%s', (_label, session) => {
    it.each([
      ['change their own initial password', 'iam:ChangePassword', jane.arn],
      ['create a virtual MFA device', 'iam:CreateVirtualMFADevice', ownMfaDevice],
      ['enable MFA on their own user', 'iam:EnableMFADevice', jane.arn],
      ['list their own MFA devices', 'iam:ListMFADevices', jane.arn],
      ['read their own user', 'iam:GetUser', jane.arn],
      ['read the password rules', 'iam:GetAccountPasswordPolicy', '*'],
    ])('may %s', async (_what, action, resource) => {
      expect(await decide(jane, action, resource, session)).toBe('Allowed');
    });

    it.each([
      ['change another person\'s password', 'iam:ChangePassword', johnArn],
      ['enable MFA on another person', 'iam:EnableMFADevice', johnArn],
      ['read another person\'s user', 'iam:GetUser', johnArn],
      ['list another person\'s MFA devices', 'iam:ListMFADevices', johnArn],
      ['remove their own MFA device', 'iam:DeactivateMFADevice', jane.arn],
      ['read what ReadOnlyAccess would allow (EC2)', 'ec2:DescribeInstances', '*'],
      ['list buckets', 's3:ListAllMyBuckets', '*'],
      ['list IAM users', 'iam:ListUsers', '*'],
      ['assume their team role', 'sts:AssumeRole', iam.roleArn('network-admin')],
      ['write anything', 'ec2:RunInstances', `arn:aws:ec2:us-east-1:${ACCOUNT}:instance/*`],
    ])('may not %s', async (_what, action, resource) => {
      expect(await decide(jane, action, resource, session)).toBe('ExplicitlyDenied');
    });
  });
});

describe('base group with MFA', () => {
  it.each([
    ['describe EC2 instances', 'ec2:DescribeInstances', '*'],
    ['list buckets', 's3:ListAllMyBuckets', '*'],
    ['read an object', 's3:GetObject', 'arn:aws:s3:::some-bucket/report.csv'],
    ['list IAM users', 'iam:ListUsers', '*'],
    ['read another person\'s user', 'iam:GetUser', johnArn],
    ['remove and re-enrol their own MFA device', 'iam:DeactivateMFADevice', jane.arn],
  ])('may %s', async (_what, action, resource) => {
    expect(await decide(jane, action, resource, WITH_MFA)).toBe('Allowed');
  });

  it.each([
    ['run an instance', 'ec2:RunInstances', `arn:aws:ec2:us-east-1:${ACCOUNT}:instance/*`],
    ['write an object', 's3:PutObject', 'arn:aws:s3:::some-bucket/report.csv'],
    ['create a user', 'iam:CreateUser', `arn:aws:iam::${ACCOUNT}:user/people/Mallory`],
    ['attach a policy to themselves', 'iam:AttachUserPolicy', jane.arn],
    ['add themselves to the admin group', 'iam:AddUserToGroup', `arn:aws:iam::${ACCOUNT}:group/people/admins`],
    ['create an access key', 'iam:CreateAccessKey', jane.arn],
    ['change another person\'s password', 'iam:ChangePassword', johnArn],
    ['remove another person\'s MFA device', 'iam:DeactivateMFADevice', johnArn],
  ])('may not %s', async (_what, action, resource) => {
    expect(await decide(jane, action, resource, WITH_MFA)).not.toBe('Allowed');
  });
});
