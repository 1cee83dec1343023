import { deriveUsername, nameParts, sharedNameReason, transliterate, usernameKey } from '../../roster';

describe('naming standards', () => {
  const john = { name: 'John Smith', employeeId: '1234' };

  test.each([
    ['initials-id', 'JS1234'],
    ['first_last', 'John_Smith'],
    ['initial-last', 'JSmith'],
  ] as const)('%s derives %s from John Smith, 1234', (standard, expected) => {
    expect(deriveUsername(john, standard)).toBe(expected);
  });

  test('company-id prefixes the employee ID with the company initials', () => {
    expect(deriveUsername(john, 'company-id', 'SF')).toBe('SF1234');
  });

  test('middle names are skipped: first and last name only', () => {
    expect(deriveUsername({ name: 'Mary Ann Lee', employeeId: '7' }, 'initial-last')).toBe('MLee');
    expect(deriveUsername({ name: 'Mary Ann Lee', employeeId: '7' }, 'initials-id')).toBe('ML7');
    expect(deriveUsername({ name: 'Mary Ann Lee', employeeId: '7' }, 'first_last')).toBe('Mary_Lee');
  });

  test('a single-word name still derives a username', () => {
    expect(deriveUsername({ name: 'Madonna', employeeId: '42' }, 'initials-id')).toBe('M42');
    expect(deriveUsername({ name: 'Madonna', employeeId: '42' }, 'initial-last')).toBe('Madonna');
  });

  test('accents are transliterated: José Núñez -> JNunez', () => {
    expect(deriveUsername({ name: 'José Núñez', employeeId: '1003' }, 'initial-last')).toBe('JNunez');
    expect(deriveUsername({ name: 'José Núñez', employeeId: '1003' }, 'first_last')).toBe('Jose_Nunez');
    expect(deriveUsername({ name: 'Ærin Straße', employeeId: '9' }, 'first_last')).toBe('AErin_Strasse');
  });

  test('apostrophes are dropped and hyphens kept', () => {
    expect(nameParts("Liam O'Brien-Smith")).toEqual(['Liam', 'OBrien-Smith']);
  });

  test('a name with no Latin letters derives nothing, so the roster must set username:', () => {
    expect(deriveUsername({ name: '王小明', employeeId: '1' }, 'initial-last')).toBeUndefined();
    expect(transliterate('王')).toBe('王');
  });

  test('usernames compare case-insensitively, as IAM does', () => {
    expect(usernameKey('JSmith')).toBe(usernameKey('jsmith'));
    expect(usernameKey('JSmith')).not.toBe(usernameKey('JSmyth'));
  });
});

describe('shared and role-like account names', () => {
  const teams = ['network', 'data-eng'];
  const roles = ['network-admin'];

  test.each([
    ['admin', 'a shared account name'],
    ['Shared', 'a shared account name'],
    ['ops', 'a shared account name'],
    ['netAdmin', 'a role-like account name'],
    ['networkAdmin', "a role's name"],
    ['DbaAdmin', 'a role-like account name'],
    ['sys_admin', 'a shared account name'],
    ['CloudAdmins', 'a role-like account name'],
    ['DataEngTeam', 'a role-like account name'],
    ['Network', "a team's name"],
    ['data-eng', "a team's name"],
    ['Network_Admin', "a role's name"],
    ['readonly-base', "a group's name"],
  ])('%s is %s', (username, reason) => {
    expect(sharedNameReason(username, teams, roles)).toBe(reason);
  });

  test.each(['JSmith', 'John_Smith', 'JS1234', 'SF1234', 'DAdmin', 'Opsahl', 'TAdams', 'Netanya_Cohen'])('%s is a personal name', (username) => {
    expect(sharedNameReason(username, teams, roles)).toBeUndefined();
  });
});
