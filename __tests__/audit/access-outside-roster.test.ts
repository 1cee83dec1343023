import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseRoster } from '../../roster';
import { checkAdminWildcards, checkRolesOutsideRoster } from '../../tools/audit/access-outside-roster';
import type { IamRoleDetails } from '../../tools/audit/authorization-details';
import { PROJECT_ROOT } from '../../tools/project-root';

const roster = parseRoster(readFileSync(join(PROJECT_ROOT, 'users.yaml'), 'utf8'), 'users.yaml');
const trust = (statement: object) => encodeURIComponent(JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', ...statement }] }));
const role = (roleName: string, trustPolicy: string, path = '/', inline: { name: string; document: string }[] = []): IamRoleDetails => ({
  roleName,
  path,
  arn: `arn:aws:iam::123456789012:role${path}${roleName}`,
  trustPolicy,
  attachedPolicyArns: [],
  inlinePolicyNames: inline.map((p) => p.name),
  inlinePolicies: inline,
});
const ids = (findings: { id: string; user: string; severity: string }[]) => findings.map((f) => `${f.id} ${f.user} ${f.severity}`);

test('a hand-made role another account can assume without MFA is high', () => {
  const roles = [role('vendor-access', trust({ Principal: { AWS: 'arn:aws:iam::999999999999:root' } }))];
  const [f] = checkRolesOutsideRoster(roster, roles);
  expect([f.id, f.user, f.severity, f.found]).toEqual(['role-trust-no-mfa', 'role/vendor-access', 'high', 'arn:aws:iam::999999999999:root']);
  expect(f.action).toContain('npm run deploy does not repair it');
});

test('BoolIfExists does not count as requiring MFA; Bool true does', () => {
  const ifExists = role('a', trust({ Principal: { AWS: '*' }, Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'true' } } }));
  const strict = role('b', trust({ Principal: { AWS: ['arn:aws:iam::123456789012:root'] }, Condition: { Bool: { 'aws:MultiFactorAuthPresent': ['true'] } } }));
  expect(ids(checkRolesOutsideRoster(roster, [ifExists, strict]))).toEqual(['role-trust-no-mfa role/a high']);
});

test('service-linked roles, roles trusting only AWS services or an identity provider, and the roster roles are left alone', () => {
  const open = trust({ Principal: { AWS: 'arn:aws:iam::123456789012:root' } });
  const roles = [
    role('AWSServiceRoleForSupport', open, '/aws-service-role/support.amazonaws.com/'),
    role('lambda-exec', trust({ Principal: { Service: 'lambda.amazonaws.com' } })),
    role('iam-roster-plan', trust({ Principal: { Federated: 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com' }, Action: 'sts:AssumeRoleWithWebIdentity' })),
    // The roster's own roles are compared exactly by role-trust-drift instead.
    role('admin', open, '/privileged/'),
  ];
  expect(checkRolesOutsideRoster(roster, roles)).toEqual([]);
});

const policy = (action: string | string[]) => encodeURIComponent(JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] }));

test('iam:* or * in a customer-managed, group, user or role inline policy is high; the admin role may hold it', () => {
  const found = checkAdminWildcards({
    users: [{ userName: 'JSmith', path: '/people/', arn: '', groups: [], attachedPolicyArns: [], inlinePolicyNames: ['x'], inlinePolicies: [{ name: 'x', document: policy('IAM:*') }], tags: {} }],
    roles: [role('admin', '', '/privileged/', [{ name: 'full', document: policy('*') }]), role('ops', '', '/', [{ name: 'full', document: policy(['s3:GetObject', '*']) }])],
    others: [
      { owner: 'group/ops', name: 'everything', document: policy('*') },
      { owner: 'policy/arn:aws:iam::123456789012:policy/iam-admin', name: 'iam-admin', document: policy('iam:*') },
      { owner: 'policy/arn:aws:iam::123456789012:policy/s3', name: 's3', document: policy(['s3:*', 'iam:Get*']) },
    ],
  });
  expect(ids(found)).toEqual([
    'policy-admin-wildcard user/JSmith high',
    'policy-admin-wildcard role/ops high',
    'policy-admin-wildcard group/ops high',
    'policy-admin-wildcard policy/arn:aws:iam::123456789012:policy/iam-admin high',
  ]);
  expect(found[3].message).toBe('customer-managed policy iam-admin allows iam:*; only the admin role may hold administrator access');
});
