/** The example users.yaml is what a newcomer reads first: it must be valid and mean what its comments say. */
import { join } from 'node:path';
import { rosterFileFromEnv } from '../../config/from-env';
import { DEFAULT_ROSTER_FILE, groupsOf, loadRosterFile, roleMembers } from '../../roster';

const roster = loadRosterFile(join(__dirname, '..', '..', 'users.yaml'));
const byId = (id: string) => {
  const person = roster.people.find((p) => p.employeeId === id);
  if (!person) throw new Error(`no person ${id} in users.yaml`);
  return person;
};

describe('the example roster', () => {
  test('every person gets the username of the initial-last standard, or their override', () => {
    expect(roster.settings.naming).toBe('initial-last');
    expect(roster.people.map((p) => [p.employeeId, p.username, p.usernameSource])).toEqual([
      ['1001', 'JSmith', 'derived'],
      ['1002', 'JaneSmith', 'explicit'],
      ['1003', 'JNunez', 'derived'],
      ['1004', 'PRaman', 'derived'],
      ['1005', 'LOBrien', 'derived'],
      ['1006', 'MChen', 'derived'],
    ]);
  });

  test('groups follow admin, team roles and personal roles; the suspended person is in none', () => {
    expect(groupsOf(byId('1001'), roster)).toEqual(['readonly-base', 'admins', 'assume-platform-operator']);
    expect(groupsOf(byId('1003'), roster)).toEqual(['readonly-base', 'assume-database-admin', 'assume-network-admin']);
    expect(byId('1006').status).toBe('suspended');
    expect(groupsOf(byId('1006'), roster)).toEqual([]);
  });

  test('who may assume each role, by username', () => {
    expect(roleMembers(roster)).toEqual({
      admin: ['JSmith', 'PRaman'],
      'platform-operator': ['JSmith', 'LOBrien'],
      'network-admin': ['JaneSmith', 'JNunez'],
      'database-admin': ['JNunez'],
      'security-auditor': ['PRaman'],
    });
  });

  test('defaults apply where the roster is silent: console on, admin off, one-hour role sessions', () => {
    expect(byId('1002')).toMatchObject({ console: true, admin: false, status: 'active' });
    expect(byId('1005').console).toBe(false);
    expect(roster.roles['platform-operator'].maxSessionHours).toBe(1);
    expect(roster.settings.adminAccess).toBe('assume-role');
  });
});

describe('which roster file is read', () => {
  test('users.yaml by default', () => {
    expect(rosterFileFromEnv({})).toBe(DEFAULT_ROSTER_FILE);
    expect(DEFAULT_ROSTER_FILE).toBe('users.yaml');
  });

  test('ROSTER_FILE overrides it', () => {
    expect(rosterFileFromEnv({ ROSTER_FILE: 'rosters/eu.yaml' })).toBe('rosters/eu.yaml');
  });
});
