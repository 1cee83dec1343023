import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseRoster } from '../../roster';
import type { IamUserDetails } from '../../tools/audit/authorization-details';
import { parseCredentialReport } from '../../tools/audit/credential-report';
import { checkDrift } from '../../tools/audit/drift';
import { PROJECT_ROOT } from '../../tools/project-root';

/** Drift cases the emulator test does not make: a pending rename and a suspended person with a password. */
const roster = parseRoster(readFileSync(join(PROJECT_ROOT, 'users.yaml'), 'utf8'), 'users.yaml');

function user(userName: string, groups: string[], tags: Record<string, string> = {}): IamUserDetails {
  return { userName, path: '/people/', arn: `arn:aws:iam::123456789012:user/people/${userName}`, groups, attachedPolicyArns: [], inlinePolicyNames: [], tags };
}

const deployed: IamUserDetails[] = [
  user('JSmith', ['readonly-base', 'admins', 'assume-platform-operator']),
  // Jane renamed on the roster (JaneSmith) but not deployed: the user still has her employee ID.
  user('JSmith2', ['readonly-base', 'assume-network-admin'], { EmployeeId: '1002' }),
  user('jnunez', ['readonly-base', 'assume-database-admin', 'assume-network-admin']),
  user('PRaman', ['readonly-base', 'admins', 'assume-security-auditor']),
  user('LOBrien', ['readonly-base', 'assume-platform-operator']),
  user('MChen', []),
];

const header = readFileSync(join(__dirname, 'fixtures', 'credential-report.csv'), 'utf8').split('\n')[0];
const reportRow = (name: string, password: boolean) =>
  `${name},arn:aws:iam::123456789012:user/people/${name},2026-01-01T00:00:00+00:00,${password},no_information,2026-01-01T00:00:00+00:00,N/A,false,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`;

test('a rename not yet deployed is one username-drift finding, not an unknown user plus a missing one', () => {
  const found = checkDrift(roster, deployed).map((f) => `${f.id} ${f.user}`);
  expect(found).toEqual(['username-drift JSmith2']);
});

test('usernames match case-insensitively, as IAM compares them', () => {
  expect(checkDrift(roster, deployed).some((f) => f.user.toLowerCase() === 'jnunez')).toBe(false);
});

test('a suspended person with a console password is reported; an active one with console access is not', () => {
  const report = parseCredentialReport([header, reportRow('MChen', true), reportRow('JSmith', true)].join('\n'));
  const found = checkDrift(roster, deployed, report).filter((f) => f.id === 'console-password-not-on-roster');
  expect(found.map((f) => [f.user, f.message])).toEqual([['MChen', 'has a console password, but the roster says the person is suspended']]);
});
