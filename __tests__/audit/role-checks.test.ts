import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseRoster } from '../../roster';
import type { IamRoleDetails } from '../../tools/audit/authorization-details';
import { checkRoles, expectedRoles } from '../../tools/audit/role-checks';
import { PROJECT_ROOT } from '../../tools/project-root';

const roster = parseRoster(readFileSync(join(PROJECT_ROOT, 'users.yaml'), 'utf8'), 'users.yaml');
const ctx = { accountId: '123456789012', mfaMaxAgeSeconds: 3600 };

/** The trust policy as AWS returns it: URL-encoded, conditions in another order, single values as arrays. */
const TRUST = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: { AWS: ['arn:aws:iam::123456789012:root'] },
      Action: ['sts:AssumeRole'],
      Condition: {
        ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::123456789012:user/people/*' },
        StringLike: { 'sts:RoleSessionName': '${aws:username}' },
        NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' },
        Bool: { 'aws:MultiFactorAuthPresent': ['true'] },
      },
    },
  ],
};

function deployed(change: (name: string) => Partial<IamRoleDetails> = () => ({})): IamRoleDetails[] {
  return expectedRoles(roster).map((r) => ({
    roleName: r.roleName,
    path: '/privileged/',
    arn: `arn:aws:iam::123456789012:role/privileged/${r.roleName}`,
    trustPolicy: encodeURIComponent(JSON.stringify(TRUST)),
    attachedPolicyArns: r.managedPolicyArns,
    inlinePolicyNames: [],
    maxSessionDuration: r.maxSessionHours * 3600,
    ...change(r.roleName),
  }));
}
const found = (roles: IamRoleDetails[]) => checkRoles(roster, ctx, roles).map((f) => `${f.id} ${f.user} ${f.severity}`);

test('roles as the stacks deploy them give no finding, whatever the order and single-or-array form', () => {
  expect(found(deployed())).toEqual([]);
});

test('a trust policy without the MFA conditions is critical', () => {
  const noMfa = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'sts:AssumeRole' }] });
  const roles = deployed((n) => (n === 'admin' ? { trustPolicy: noMfa } : {}));
  expect(found(roles)).toEqual(['role-trust-drift role/admin critical']);
});

test('a trust policy with MFA but another account as principal is high and names the principal', () => {
  const other = JSON.stringify({ ...TRUST, Statement: [{ ...TRUST.Statement[0], Principal: { AWS: 'arn:aws:iam::999999999999:root' } }] });
  const [f] = checkRoles(roster, ctx, deployed((n) => (n === 'network-admin' ? { trustPolicy: other } : {})));
  expect([f.id, f.user, f.severity, f.message]).toEqual(['role-trust-drift', 'role/network-admin', 'high', 'trust policy differs from what the stacks deploy: principal']);
});

test('an MFA age longer than settings.mfaMaxAgeSeconds is critical', () => {
  const long = JSON.stringify({ ...TRUST, Statement: [{ ...TRUST.Statement[0], Condition: { ...TRUST.Statement[0].Condition, NumericLessThan: { 'aws:MultiFactorAuthAge': '86400' } } }] });
  expect(found(deployed((n) => (n === 'admin' ? { trustPolicy: long } : {})))).toEqual(['role-trust-drift role/admin critical']);
});

test('a missing managed policy is drift a deploy repairs; an extra one and an inline policy are high and a deploy leaves them; a longer session is medium', () => {
  const roles = deployed((n) =>
    n === 'security-auditor'
      ? { attachedPolicyArns: ['arn:aws:iam::aws:policy/AdministratorAccess'], inlinePolicyNames: ['quick-fix'], maxSessionDuration: 43200 }
      : {},
  );
  const findings = checkRoles(roster, ctx, roles);
  expect(findings.map((f) => `${f.id} ${f.severity}`)).toEqual(['role-policy-drift high', 'role-policy-extra high', 'role-policy-extra high', 'role-session-drift medium']);
  expect(findings[0].message).toBe('on the roster but not attached: arn:aws:iam::aws:policy/SecurityAudit');
  expect(findings[0].action).toContain('npm run deploy');
  expect(findings[1].message).toBe('attached but not on the roster: arn:aws:iam::aws:policy/AdministratorAccess');
  expect(findings[1].action).toContain('npm run deploy does not remove it');
  expect(findings[2].message).toBe('inline policy quick-fix is on the role; the stacks give roles managed policies only');
  expect(findings[3].message).toBe('maximum session is 12 h; the roster says 4 h');
});

test('a missing roster role is medium; a missing support role is left to the baseline checks', () => {
  const roles = deployed().filter((r) => r.roleName !== 'database-admin' && r.roleName !== 'aws-support');
  expect(found(roles)).toEqual(['role-missing role/database-admin medium']);
});

test('a role moved out of /privileged/ is reported', () => {
  expect(found(deployed((n) => (n === 'admin' ? { path: '/' } : {})))).toEqual(['role-path-drift role/admin medium']);
});
