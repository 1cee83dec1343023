import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseRoster } from '../../roster';
import type { IamGroupDetails, IamUserDetails } from '../../tools/audit/authorization-details';
import { parseCredentialReport } from '../../tools/audit/credential-report';
import type { Finding } from '../../tools/audit/findings';
import { identityObjectFindings } from '../../tools/audit/identity-objects';
import { IDENTITY_RULES } from '../../tools/audit/rules/identity';
import { type PolicyDocument, selfServiceMfaPolicy } from '../../stacks/policies/documents';
import { PROJECT_ROOT } from '../../tools/project-root';

/** The example roster deployed as the stacks deploy it, read back as IAM returns it; each test breaks one thing. */
const roster = parseRoster(readFileSync(join(PROJECT_ROOT, 'users.yaml'), 'utf8'), 'users.yaml');
const accountId = '123456789012';

const PEOPLE: [string, string, string, string, string[]][] = [
  ['JSmith', '1001', 'platform', 'John Smith', ['readonly-base', 'admins', 'assume-platform-operator']],
  ['JaneSmith', '1002', 'network', 'Jane Smith', ['readonly-base', 'assume-network-admin']],
  ['JNunez', '1003', 'data', 'José Núñez', ['readonly-base', 'assume-database-admin', 'assume-network-admin']],
  ['PRaman', '1004', 'security', 'Priya Raman', ['readonly-base', 'admins', 'assume-security-auditor']],
  // The apostrophe is not allowed in a tag value, so the stack drops it.
  ['LOBrien', '1005', 'platform', 'Liam OBrien', ['readonly-base', 'assume-platform-operator']],
  ['MChen', '1006', 'data', 'Mei Chen', []],
];

function users(change: (name: string) => Partial<IamUserDetails> = () => ({})): IamUserDetails[] {
  return PEOPLE.map(([userName, employeeId, team, name, groups]) => ({
    userName,
    path: '/people/',
    arn: `arn:aws:iam::${accountId}:user/people/${userName}`,
    groups,
    attachedPolicyArns: [],
    inlinePolicyNames: [],
    tags: { EmployeeId: employeeId, Team: team, Name: name, ManagedBy: 'iam-roster' },
    ...change(userName),
  }));
}

const header = readFileSync(join(__dirname, 'fixtures', 'credential-report.csv'), 'utf8').split('\n')[0];
const row = (name: string, password: boolean) =>
  `${name},arn:aws:iam::${accountId}:user/people/${name},2026-01-01T00:00:00+00:00,${password},no_information,2026-01-01T00:00:00+00:00,N/A,false,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`;
/** Console passwords for the four active people with console: true. */
const report = (without: string[] = []) =>
  parseCredentialReport([header, ...PEOPLE.map(([name]) => row(name, ['JSmith', 'JaneSmith', 'JNunez', 'PRaman'].includes(name) && !without.includes(name)))].join('\n'));

/** A policy as AWS returns it: URL-encoded, statements reversed, no Sid, single values as arrays. */
function asAwsReturnsIt(doc: PolicyDocument): string {
  const statements = [...doc.Statement].reverse().map(({ Sid: _sid, ...s }) => Object.fromEntries(Object.entries(s).map(([k, v]) => [k, typeof v === 'string' && k !== 'Effect' ? [v] : v])));
  return encodeURIComponent(JSON.stringify({ Version: '2012-10-17', Statement: statements }));
}
const assume = (role: string) => ({
  name: `assume-${role}`,
  document: encodeURIComponent(JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${accountId}:role/privileged/${role}` }] })),
});
const group = (groupName: string, attachedPolicyArns: string[], inlinePolicies: IamGroupDetails['inlinePolicies']): IamGroupDetails => ({
  groupName,
  path: '/people/',
  arn: `arn:aws:iam::${accountId}:group/people/${groupName}`,
  attachedPolicyArns,
  inlinePolicies,
});

function groups(change: (name: string) => Partial<IamGroupDetails> = () => ({})): IamGroupDetails[] {
  return [
    group('readonly-base', ['arn:aws:iam::aws:policy/ReadOnlyAccess'], [{ name: 'self-service-credentials-mfa-required', document: asAwsReturnsIt(selfServiceMfaPolicy()) }]),
    group('admins', [], [assume('admin')]),
    ...['platform-operator', 'network-admin', 'database-admin', 'security-auditor'].map((r) => group(`assume-${r}`, [], [assume(r)])),
  ].map((g) => ({ ...g, ...change(g.groupName) }));
}

const audit = (input: { users?: IamUserDetails[]; groups?: IamGroupDetails[]; report?: ReturnType<typeof report> } = {}) =>
  identityObjectFindings({ roster, accountId, users: input.users ?? users(), groups: input.groups ?? groups(), report: input.report ?? report() });
const ids = (findings: Finding[]) => findings.map((f) => `${f.id} ${f.user} ${f.severity}`);

test('the example roster as the stacks deploy it gives no finding, with policies reordered, without Sids and URL-encoded', () => {
  expect(audit()).toEqual([]);
});

test('a person moved out of /people/ is user-path-drift (medium), with the path found', () => {
  const [f] = audit({ users: users((n) => (n === 'JaneSmith' ? { path: '/contractors/' } : {})) });
  expect(f).toMatchObject({ id: 'user-path-drift', severity: 'medium', user: 'JaneSmith', expected: '/people/', found: '/contractors/' });
  expect(f.action).toContain('npm run deploy repairs it');
});

test('a changed Team tag is low and a missing EmployeeId tag medium, one finding per tag', () => {
  const found = audit({
    users: users((n): Partial<IamUserDetails> =>
      n === 'JNunez' ? { tags: { EmployeeId: '1003', Team: 'network', Name: 'José Núñez', ManagedBy: 'iam-roster' } } : n === 'PRaman' ? { tags: { Team: 'security', Name: 'Priya Raman', ManagedBy: 'iam-roster' } } : {},
    ),
  });
  expect(found.map((f) => [f.id, f.user, f.severity, f.expected, f.found])).toEqual([
    ['user-tag-drift', 'JNunez', 'low', 'Team=data', 'Team=network'],
    ['user-tag-drift', 'PRaman', 'medium', 'EmployeeId=1004', 'no such tag'],
  ]);
  expect(found[0].message).toBe('tag Team is "network", not "data"');
});

test('a user with no tags at all (the emulator drops them on a rename) gets one finding per tag, and is still matched by name', () => {
  const found = audit({ users: users((n) => (n === 'MChen' ? { tags: {} } : {})) });
  expect(ids(found)).toEqual(['user-tag-drift MChen medium', 'user-tag-drift MChen low', 'user-tag-drift MChen low', 'user-tag-drift MChen medium']);
  expect(found[0].message).toBe('tag EmployeeId is absent (the user has no tags at all)');
});

test('a tag the stack does not write is low; a wrong ManagedBy tag is medium', () => {
  const found = audit({ users: users((n) => (n === 'JSmith' ? { tags: { EmployeeId: '1001', Team: 'platform', Name: 'John Smith', ManagedBy: 'console', CostCenter: 'x1' } } : {})) });
  expect(found.map((f) => [f.id, f.severity, f.found])).toEqual([
    ['user-tag-drift', 'medium', 'ManagedBy=console'],
    ['user-tag-drift', 'low', 'CostCenter=x1'],
  ]);
});

test('a pending rename is judged on the user found by its EmployeeId tag', () => {
  const found = audit({ users: users((n) => (n === 'JaneSmith' ? { userName: 'JSmith2', path: '/' } : {})), report: report() });
  expect(ids(found)).toEqual(['user-path-drift JSmith2 medium']);
});

test('an active console person without a password is console-password-missing; console: false and suspended people are not', () => {
  const found = audit({ report: report(['PRaman']) });
  expect(ids(found)).toEqual(['console-password-missing PRaman medium']);
  expect(found[0].action).toContain('npm run deploy repairs it');
  // LOBrien (console: false) and MChen (suspended) have no password in every report above.
});

test('a person newer than the credential report is not judged on it', () => {
  const rows = report().filter((r) => r.user !== 'JSmith');
  expect(audit({ report: rows })).toEqual([]);
});

test('a deleted roster group is group-missing (medium)', () => {
  const found = audit({ groups: groups().filter((g) => g.groupName !== 'assume-database-admin') });
  expect(found.map((f) => [f.id, f.user, f.severity, f.found])).toEqual([['group-missing', 'group/assume-database-admin', 'medium', 'no group']]);
});

test('a roster group moved out of /people/ is group-path-drift (medium), with the path found', () => {
  const found = audit({ groups: groups((n) => (n === 'admins' ? { path: '/' } : {})) });
  expect(found.map((f) => [f.id, f.user, f.severity, f.expected, f.found])).toEqual([['group-path-drift', 'group/admins', 'medium', '/people/', '/']]);
});

test('group names match case-insensitively, as IAM compares them', () => {
  expect(audit({ groups: groups((n) => (n === 'admins' ? { groupName: 'Admins' } : {})) })).toEqual([]);
});

test('ReadOnlyAccess detached from the base group is group-policy-drift (high); a policy attached by hand is group-policy-extra (high, not repaired by a deploy)', () => {
  const found = audit({
    groups: groups((n) => (n === 'readonly-base' ? { attachedPolicyArns: [] } : n === 'assume-network-admin' ? { attachedPolicyArns: ['arn:aws:iam::aws:policy/PowerUserAccess'] } : {})),
  });
  expect(found.map((f) => [f.id, f.user, f.severity, f.expected, f.found])).toEqual([
    ['group-policy-drift', 'group/readonly-base', 'high', 'arn:aws:iam::aws:policy/ReadOnlyAccess', 'none'],
    ['group-policy-extra', 'group/assume-network-admin', 'high', 'none', 'arn:aws:iam::aws:policy/PowerUserAccess'],
  ]);
  expect(found[0].action).toContain('npm run deploy repairs it');
  expect(found[1].action).toContain('npm run deploy does not remove it');
});

test('adminAccess: direct expects AdministratorAccess on the admin group', () => {
  const direct = { ...roster, settings: { ...roster.settings, adminAccess: 'direct' as const } };
  const found = identityObjectFindings({ roster: direct, accountId, users: users(), groups: groups(), report: report() });
  expect(found.map((f) => [f.id, f.user, f.message])).toEqual([['group-policy-drift', 'group/admins', 'the stacks attach arn:aws:iam::aws:policy/AdministratorAccess, but it is not attached']]);
});

test("a changed MFA policy is group-policy-drift naming the changed statement; an added inline policy is group-policy-extra; a deleted assume policy is group-policy-drift", () => {
  const weakened = { ...selfServiceMfaPolicy(), Statement: selfServiceMfaPolicy().Statement.filter((s) => s.Sid !== 'DenyAllExceptListedIfNoMFA') };
  const found = audit({
    groups: groups((n) =>
      n === 'readonly-base'
        ? { inlinePolicies: [{ name: 'self-service-credentials-mfa-required', document: asAwsReturnsIt(weakened) }] }
        : n === 'admins'
          ? { inlinePolicies: [assume('admin'), { name: 'quick-fix', document: '{}' }] }
          : n === 'assume-security-auditor'
            ? { inlinePolicies: [] }
            : {},
    ),
  });
  expect(found.map((f) => [f.id, f.user, f.severity, f.message])).toEqual([
    ['group-policy-drift', 'group/readonly-base', 'high', 'inline policy self-service-credentials-mfa-required differs from what the stacks deploy: statements missing or changed: DenyAllExceptListedIfNoMFA'],
    ['group-policy-extra', 'group/admins', 'high', 'inline policy quick-fix is on the group, but the stacks do not write it'],
    ['group-policy-drift', 'group/assume-security-auditor', 'high', 'inline policy assume-security-auditor, which the stacks write, is missing'],
  ]);
});

test('an assume policy naming another role is group-policy-drift, with the expected and found statements', () => {
  const [f] = audit({ groups: groups((n) => (n === 'assume-network-admin' ? { inlinePolicies: [{ ...assume('admin'), name: 'assume-network-admin' }] } : {})) });
  expect([f.id, f.user, f.message]).toEqual(['group-policy-drift', 'group/assume-network-admin', 'inline policy assume-network-admin differs from what the stacks deploy: statements missing or changed: AssumeThisRoleOnly; 1 statement the stacks do not write']);
  expect(f.expected).toContain('arn:aws:iam::123456789012:role/privileged/network-admin');
  expect(f.found).toContain('arn:aws:iam::123456789012:role/privileged/admin');
});

test("the admin group may hold the baseline's support-role grant; a changed one is drift", () => {
  expect(audit({ groups: groups((n) => (n === 'admins' ? { inlinePolicies: [assume('admin'), assume('aws-support')] } : {})) })).toEqual([]);
  const other = { ...assume('admin'), name: 'assume-aws-support' };
  expect(ids(audit({ groups: groups((n) => (n === 'admins' ? { inlinePolicies: [assume('admin'), other] } : {})) }))).toEqual(['group-policy-drift group/admins high']);
});

test('a group the roster does not define is unknown-group-with-members (high) when it has members, once per group', () => {
  const found = audit({ users: users((n) => (n === 'JSmith' || n === 'MChen' ? { groups: ['contractors'] } : {})) });
  expect(found.map((f) => [f.id, f.user, f.severity, f.found])).toEqual([['unknown-group-with-members', 'group/contractors', 'high', 'JSmith, MChen']]);
  expect(found[0].action).toContain('npm run deploy does not repair it');
});

test('every finding names a rule of the identity-objects section with its severity', () => {
  const broken = audit({
    users: users((n) => (n === 'JSmith' ? { path: '/', tags: { X: 'y' }, groups: ['contractors'] } : {})),
    groups: groups((n) => (n === 'admins' ? { path: '/', inlinePolicies: [{ name: 'x', document: '{}' }], attachedPolicyArns: ['arn:aws:iam::aws:policy/IAMFullAccess'] } : {})).filter((g) => g.groupName !== 'assume-network-admin'),
    report: report(['JaneSmith']),
  });
  const rules = new Set(IDENTITY_RULES.rules.map((r) => `${r.id} ${r.severity}`));
  expect(IDENTITY_RULES.key).toBe('identity-objects');
  expect(broken.map((f) => `${f.id} ${f.severity}`).filter((r) => !rules.has(r))).toEqual([]);
  // Each rule is made at least once by the cases above.
  expect(new Set(broken.map((f) => `${f.id} ${f.severity}`))).toEqual(rules);
});
