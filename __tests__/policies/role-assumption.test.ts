import { ADMIN_ROLE_NAME, roleMembers } from '../../roster';
import { EVERY_FEATURE_ROSTER, EXAMPLE_ROSTER, readRosterText, rosterFrom, synthIdentity } from '../stacks/synthesized';
import { ACCOUNT, type Caller, type SessionContext, SynthesizedIam, decide } from './iam-model';

/**
 * Who may assume which privileged role: the group policy (identity side) and the role's
 * trust policy (resource side) evaluated together, as STS does for a same-account AssumeRole.
 */
const exampleRoster = rosterFrom(readRosterText(EXAMPLE_ROSTER));
const iam = new SynthesizedIam(synthIdentity(exampleRoster));
const person = (employeeId: string): Caller => ({ ...iam.user(employeeId), policies: iam.identityPoliciesOf(employeeId) });
const asThemselves = (caller: Caller, mfaAgeSeconds = 60): SessionContext => ({ mfa: true, mfaAgeSeconds, roleSessionName: caller.name });
const assume = (caller: Caller, role: string, session: SessionContext) => decide(caller, 'sts:AssumeRole', iam.roleArn(role), session, iam.trustPolicyOf(role));

const jane = person('1002'); // network team
const jose = person('1003'); // data team, network-admin personally
const john = person('1001'); // admin, platform team
const priya = person('1004'); // admin, security team
const mei = person('1006'); // suspended

describe('assuming a privileged role', () => {
  it('team members and people granted the role personally may assume it with fresh MFA as themselves', async () => {
    expect(await assume(jane, 'network-admin', asThemselves(jane))).toBe('Allowed');
    expect(await assume(jose, 'network-admin', asThemselves(jose))).toBe('Allowed');
    expect(await assume(jose, 'database-admin', asThemselves(jose))).toBe('Allowed');
    expect(await assume(john, 'admin', asThemselves(john))).toBe('Allowed');
    expect(await assume(priya, 'admin', asThemselves(priya))).toBe('Allowed');
  });

  it('a person who is not in the role\'s group is denied, even with MFA', async () => {
    expect(await assume(jane, 'database-admin', asThemselves(jane))).not.toBe('Allowed');
    expect(await assume(jane, 'admin', asThemselves(jane))).not.toBe('Allowed');
    expect(await assume(priya, 'network-admin', asThemselves(priya))).not.toBe('Allowed');
  });

  it('a suspended person may assume nothing, admin role included', async () => {
    expect(mei.policies).toEqual([]);
    for (const role of [ADMIN_ROLE_NAME, ...Object.keys(exampleRoster.roles)]) {
      expect(await assume(mei, role, asThemselves(mei))).not.toBe('Allowed');
    }
  });

  it.each([
    ['without MFA in the session', { mfa: false, roleSessionName: 'JaneSmith' }],
    ['with long-term keys (no MFA key at all)', { roleSessionName: 'JaneSmith' }],
    ['with MFA older than the roster limit (3600 s)', { mfa: true, mfaAgeSeconds: 3601, roleSessionName: 'JaneSmith' }],
    ['with MFA but no recorded MFA age', { mfa: true, roleSessionName: 'JaneSmith' }],
    ['under a session name other than their username', { mfa: true, mfaAgeSeconds: 60, roleSessionName: 'someone-else' }],
    ['under another person\'s username', { mfa: true, mfaAgeSeconds: 60, roleSessionName: 'JSmith' }],
    ['without a session name', { mfa: true, mfaAgeSeconds: 60 }],
  ])('a member is denied %s', async (_how, session) => {
    expect(jane.name).toBe('JaneSmith');
    expect(await assume(jane, 'network-admin', session)).not.toBe('Allowed');
  });

  it('MFA just under the roster limit is accepted', async () => {
    expect(await assume(jane, 'network-admin', asThemselves(jane, 3599))).toBe('Allowed');
  });

  it('the trust policy alone lets in no principal that is not a roster user, whatever its own policies allow', async () => {
    const allowAll = [{ name: 'allow-all', policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] } }];
    const outsiders: Caller[] = [
      // A hand-made user outside the roster's /people/ path.
      { name: 'JaneSmith', arn: `arn:aws:iam::${ACCOUNT}:user/JaneSmith`, policies: allowAll },
      // A user of another account.
      { name: 'JaneSmith', arn: 'arn:aws:iam::210987654321:user/people/JaneSmith', policies: allowAll },
    ];
    for (const outsider of outsiders) {
      expect(await assume(outsider, 'network-admin', asThemselves(outsider))).not.toBe('Allowed');
    }
    // The same policies on a roster-path user are let in: the trust policy, not the caller's policy, made the difference.
    const insider: Caller = { name: 'JaneSmith', arn: `arn:aws:iam::${ACCOUNT}:user/people/JaneSmith`, policies: allowAll };
    expect(await assume(insider, 'network-admin', asThemselves(insider))).toBe('Allowed');
  });

  it('exactly the people the roster lists may assume each role, and only with MFA', async () => {
    const members = roleMembers(exampleRoster);
    expect(members).toEqual({
      admin: ['JSmith', 'PRaman'],
      'platform-operator': ['JSmith', 'LOBrien'],
      'network-admin': ['JaneSmith', 'JNunez'],
      'database-admin': ['JNunez'],
      'security-auditor': ['PRaman'],
    });
    for (const role of Object.keys(members)) {
      for (const p of exampleRoster.people) {
        const caller = person(p.employeeId);
        const allowed = (await assume(caller, role, asThemselves(caller))) === 'Allowed';
        expect({ role, person: p.employeeId, allowed }).toEqual({ role, person: p.employeeId, allowed: members[role].includes(caller.name) });
        expect(await assume(caller, role, { mfa: false, roleSessionName: caller.name })).not.toBe('Allowed');
      }
    }
  });

  it('in the every-feature roster the custom MFA age applies and personal roles grant access', async () => {
    const every = new SynthesizedIam(synthIdentity(readRosterText(EVERY_FEATURE_ROSTER)));
    const bjorn: Caller = { ...every.user('2002'), policies: every.identityPoliciesOf('2002') };
    const assumeEvery = (caller: Caller, role: string, session: SessionContext) => decide(caller, 'sts:AssumeRole', every.roleArn(role), session, every.trustPolicyOf(role));
    expect(await assumeEvery(bjorn, 'incident-responder', { mfa: true, mfaAgeSeconds: 1700, roleSessionName: bjorn.name })).toBe('Allowed');
    expect(await assumeEvery(bjorn, 'incident-responder', { mfa: true, mfaAgeSeconds: 1900, roleSessionName: bjorn.name })).not.toBe('Allowed');
    expect(await assumeEvery(bjorn, 'platform-operator', { mfa: true, mfaAgeSeconds: 60, roleSessionName: bjorn.name })).not.toBe('Allowed');
  });
});
