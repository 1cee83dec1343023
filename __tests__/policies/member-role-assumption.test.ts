/**
 * Assuming a role in a member account (examples/organization.yaml): the person's group policies
 * in the identity account and the role's trust policy in the member account, evaluated together
 * as STS does for a cross-account AssumeRole (both sides must allow).
 */
import { ORGANIZATION_ROSTER, type TerraformJson, deployedPolicy, readRosterText, resourceAt, synthApp } from '../stacks/synthesized';
import { ACCOUNT, type Caller, type SessionContext, SynthesizedIam, decide } from './iam-model';

const ACCOUNTS = { prod: '222222222222', staging: '333333333333' } as const;
type Member = keyof typeof ACCOUNTS;

const stacks = synthApp(readRosterText(ORGANIZATION_ROSTER));
const iam = new SynthesizedIam(stacks.identity);
const person = (employeeId: string): Caller => ({ ...iam.user(employeeId), policies: iam.identityPoliciesOf(employeeId) });
const asThemselves = (caller: Caller): SessionContext => ({ mfa: true, mfaAgeSeconds: 60, roleSessionName: caller.name });

/** AssumeRole of a role in a member account; a role the account does not hold is asked for by its would-be ARN, with no trust policy. */
function assumeIn(account: Member, caller: Caller, role: string, session: SessionContext) {
  const tf: TerraformJson = stacks[`account-${account}`];
  const arn = `arn:aws:iam::${ACCOUNTS[account]}:role/privileged/${role}`;
  const exists = tf.resource.aws_iam_role?.[`role-${role}`] !== undefined;
  const trust = exists ? deployedPolicy(tf, resourceAt(tf, `aws_iam_role.role-${role}`).assume_role_policy, ACCOUNTS[account]) : undefined;
  return decide(caller, 'sts:AssumeRole', arn, session, trust);
}

const john = person('1001'); // admin, platform team
const jose = person('1003'); // data team (database-admin in staging) and database-admin in prod himself
const priya = person('1004'); // security team
const mei = person('1006'); // data team: database-admin in staging only

describe('assuming a role in a member account', () => {
  test('the identity account is the emulator account the evaluator signs people into', () => {
    expect(iam.user('1003').arn).toBe(`arn:aws:iam::${ACCOUNT}:user/people/JNunez`);
  });

  test('a person granted database-admin in prod may assume it there with MFA, as themselves', async () => {
    expect(await assumeIn('prod', jose, 'database-admin', asThemselves(jose))).toBe('Allowed');
    expect(await assumeIn('staging', jose, 'database-admin', asThemselves(jose))).toBe('Allowed');
  });

  test('a grant narrowed to staging allows staging and not prod', async () => {
    expect(await assumeIn('staging', mei, 'database-admin', asThemselves(mei))).toBe('Allowed');
    expect(await assumeIn('prod', mei, 'database-admin', asThemselves(mei))).not.toBe('Allowed');
  });

  test('nobody assumes a role in an account the roster does not grant it in', async () => {
    expect(await assumeIn('prod', priya, 'database-admin', asThemselves(priya))).not.toBe('Allowed');
    // billing-viewer exists in the identity account only: José's grant does not reach prod.
    expect(await assumeIn('prod', jose, 'billing-viewer', asThemselves(jose))).not.toBe('Allowed');
    // staging has no aws-support role (supportRoleAccounts: [identity, prod]), and the admins' grant does not name one there.
    expect(await assumeIn('staging', john, 'aws-support', asThemselves(john))).not.toBe('Allowed');
    expect(await assumeIn('staging', john, 'admin', asThemselves(john))).toBe('Allowed');
  });

  test.each([
    ['without MFA', { mfa: false }],
    ['with long-term keys (no MFA key at all)', {}],
    ['with MFA older than the roster limit', { mfa: true, mfaAgeSeconds: 3601 }],
    ['under a session name other than their username', { mfa: true, mfaAgeSeconds: 60, roleSessionName: 'someone-else' }],
  ])('nobody assumes a member role %s', async (_how, session: SessionContext) => {
    const named = (caller: Caller): SessionContext => ({ roleSessionName: caller.name, ...session });
    expect(await assumeIn('prod', jose, 'database-admin', named(jose))).not.toBe('Allowed');
    expect(await assumeIn('staging', mei, 'database-admin', named(mei))).not.toBe('Allowed');
    expect(await assumeIn('prod', john, 'admin', named(john))).not.toBe('Allowed');
  });
});
