import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseRoster } from '../../roster';
import { parseCredentialReport } from '../../tools/audit/credential-report';
import { checkPersonKeys } from '../../tools/audit/person-keys';
import { PROJECT_ROOT } from '../../tools/project-root';

const roster = parseRoster(readFileSync(join(PROJECT_ROOT, 'users.yaml'), 'utf8'), 'users.yaml');
const header = readFileSync(join(__dirname, 'fixtures', 'credential-report.csv'), 'utf8').split('\n')[0];
const NO_KEY = 'false,N/A,N/A,N/A,N/A';
const row = (name: string, path: string, key1: string, key2 = NO_KEY) =>
  `${name},arn:aws:iam::123456789012:user${path}${name},2026-01-01T00:00:00+00:00,true,no_information,2026-01-01T00:00:00+00:00,N/A,false,${key1},${key2},false,N/A,false,N/A`;
const ACTIVE = 'true,2026-02-01T00:00:00+00:00,N/A,N/A,N/A';
// Deactivated: active false, but the slot keeps the date the key was created.
const INACTIVE = 'false,2026-02-01T00:00:00+00:00,N/A,N/A,N/A';

const check = (...rows: string[]) => checkPersonKeys(roster, parseCredentialReport([header, ...rows].join('\n')));

test('one active key on a person is a high finding that says a deploy does not remove it', () => {
  const [f, ...rest] = check(row('PRaman', '/people/', ACTIVE));
  expect(rest).toEqual([]);
  expect(f).toMatchObject({ id: 'access-key-on-person', severity: 'high', user: 'PRaman', found: 'an active key' });
  expect(f.action).toContain('npm run deploy does not repair it');
});

test('an inactive key still counts: the person can reactivate it', () => {
  expect(check(row('JSmith', '/people/', NO_KEY, INACTIVE)).map((f) => f.found)).toEqual(['an inactive key']);
});

test('two keys are named in one finding', () => {
  expect(check(row('JNunez', '/people/', ACTIVE, INACTIVE)).map((f) => f.found)).toEqual(['an active key and an inactive key']);
});

test('people without keys, and users that are not people, give no finding', () => {
  // ci-bot is neither on the roster nor under /people/ (unknown-user reports it); jnunez matches case-insensitively.
  expect(check(row('JSmith', '/people/', NO_KEY), row('ci-bot', '/', ACTIVE)).map((f) => f.user)).toEqual([]);
  expect(check(row('jnunez', '/', ACTIVE)).map((f) => f.user)).toEqual(['jnunez']);
});
