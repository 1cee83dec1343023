import { deriveUsername, droppedLetters, lookalikeKeys, nameParts, sharedNameReason, transliterate, usernameKey } from '../../roster';

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

  test('letters that transliteration cannot make Latin are reported, each once; accents and special letters are not', () => {
    expect(droppedLetters('Аnna Smith')).toEqual(['А']);
    expect(droppedLetters('Olga Петрова')).toEqual(['П', 'е', 'т', 'р', 'о', 'в', 'а']);
    expect(droppedLetters('Ωmega Ωmega')).toEqual(['Ω']);
    expect(droppedLetters('José Núñez Łukasz Żółć Þóra Guðmundsdóttir Ærin Straße')).toEqual([]);
    expect(droppedLetters('Jose\u0301 Nu\u0303n\u0303ez')).toEqual([]);
  });

  test('usernames compare case-insensitively, as IAM does', () => {
    expect(usernameKey('JSmith')).toBe(usernameKey('jsmith'));
    expect(usernameKey('JSmith')).not.toBe(usernameKey('JSmyth'));
  });
});

describe('look-alike keys', () => {
  const alike = (a: string, b: string) => lookalikeKeys(a).some((key, i) => key === lookalikeKeys(b)[i]);

  test.each([
    ['Anna Smith', 'Аnna Smith'],
    ['Olga', 'Οlga'],
    ['Oliver', '0liver'],
    ['ILee', 'lLee'],
    ['Anna Smith', 'anna  smith'],
    ['ﬁona', 'fiona'],
  ])('%s looks like %s', (a, b) => {
    expect(alike(a, b)).toBe(true);
  });

  test.each([
    ['Lan', 'Ian'],
    ['Anna Smith', 'Anna Smyth'],
    ['José', 'Jose'],
  ])('%s does not look like %s', (a, b) => {
    expect(alike(a, b)).toBe(false);
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

  test.each([
    ['Admin1', 'a shared account name'],
    ['root-2', 'a shared account name'],
    ['ops_3', 'a shared account name'],
    ['ci-1', 'a shared account name'],
    ['network2', "a team's name"],
    ['netAdmin-7', 'a role-like account name'],
    ['svc-deploy', 'a service or automation account name'],
    ['deploy_bot', 'a service or automation account name'],
    ['githubactions', 'a service or automation account name'],
    ['scott-bot', 'a service or automation account name'],
  ])('%s is %s', (username, reason) => {
    expect(sharedNameReason(username, teams, roles)).toBe(reason);
  });

  test.each(['CI1001', 'CD1001', 'SA1234', 'MJenkins', 'Talbot', 'Robotham', 'Jenkinson', 'SBot'])('%s (initials with an ID, or a surname) is a personal name', (username) => {
    expect(sharedNameReason(username, teams, roles)).toBeUndefined();
  });

  test('a derived username is judged on its first name: surnames such as Bot and Jenkins pass, hyphens join a first name', () => {
    expect(sharedNameReason('Scott_Bot', teams, roles, true)).toBeUndefined();
    expect(sharedNameReason('Mary_Jenkins', teams, roles, true)).toBeUndefined();
    expect(sharedNameReason('Sa-rang_Kim', teams, roles, true)).toBeUndefined();
    expect(sharedNameReason('CI_Bot', teams, roles, true)).toBe('a service or automation account name');
    expect(sharedNameReason('Scott_Bot', teams, roles)).toBe('a service or automation account name');
  });
});
