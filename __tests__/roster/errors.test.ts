/**
 * One fixture per roster error: each must be reported with its exact message and
 * the line:col a person would edit, and nothing may be synthesized from it.
 */
import { join, relative } from 'node:path';
import { RosterError, formatProblem, loadRosterFile, parseRoster } from '../../roster';
import { FIXTURES, fixtureProblems as problemsOf } from './fixture-problems';

const SHARED = "every IAM user belongs to exactly one person, so use a personal name, or, if it is this person's own name, say why in sharedNameReviewed";

const cases: [string, string, string[]][] = [
  ['a yaml syntax error points at the string that is never closed', 'yaml-unclosed-quote.yaml', ['2:14: yaml syntax: string is never closed: add the closing "']],
  ['a key given twice in one mapping is a yaml error naming the key', 'yaml-duplicate-key.yaml', ['10:5: yaml syntax: duplicate key "team"; each key may appear once in a mapping']],
  [
    'a misspelt key is unknown, suggests the known key and does not also report it missing',
    'unknown-key-typo.yaml',
    ['13:5: people[0]: unknown key "naem"; did you mean "name"? (known: name, employeeId, team, admin, roles, username, sharedNameReviewed, lookalikeReviewed, console, status, pgpKey)'],
  ],
  ['a missing required field is reported on its person with the required fields', 'missing-field.yaml', ['13:5: people[0]: missing required field "team" (required: name, employeeId, team)']],
  ['an unquoted employee ID is a number and must be quoted', 'employee-id-not-quoted.yaml', ['14:17: people[0].employeeId: expected a string, got number 1001 (quote it: "1001")']],
  ['admin must be a boolean, not a string', 'admin-not-boolean.yaml', ['16:12: people[0].admin: expected true or false, got string "yes"']],
  [
    'an unknown naming standard lists the four standards',
    'unknown-naming-standard.yaml',
    ['3:11: settings.naming: unknown value "last-first" (known: initials-id, first_last, initial-last, company-id)'],
  ],
  [
    'a duplicate employee ID points at the second entry and names the first',
    'duplicate-employee-id.yaml',
    ['17:17: people[1].employeeId: duplicate employee ID "1001" (also people[0] "John Smith"); each person has exactly one entry'],
  ],
  [
    'two people deriving the same username collide and the fix is suggested',
    'username-collision-derived.yaml',
    [
      '16:11: people[1]: derived username "JSmith" (from "Jane Smith", naming initial-last) collides with people[0] "John Smith" (JSmith; IAM names are case-insensitive); set "username:" on one of them, for example username: JSmith1002',
    ],
  ],
  [
    'usernames differing only in case collide because IAM names are case-insensitive',
    'username-collision-case.yaml',
    ['19:15: people[1]: username "jsmith" collides with people[0] "John Smith" (JSmith; IAM names are case-insensitive); set "username:" on one of them, for example username: jsmith1002'],
  ],
  [
    'a derived username longer than 64 characters asks for a shorter username override',
    'username-too-long.yaml',
    [
      '13:11: people[0]: derived username "Maximiliana-Alexandrina-Bartholomea_Wolfeschlegelsteinhausenbergerdorff" (from "Maximiliana-Alexandrina-Bartholomea Wolfeschlegelsteinhausenbergerdorff", naming first_last) is 71 characters, IAM allows 64; set a shorter "username:"',
    ],
  ],
  [
    'a username with characters IAM rejects lists the allowed ones and suggests a valid one',
    'username-bad-characters.yaml',
    ['16:15: people[0]: username "john smith" has characters IAM does not allow (letters, digits and +=,.@_- only), for example username: johnsmith'],
  ],
  [
    'shared and role-like account names are rejected: every user is one person',
    'shared-account-names.yaml',
    [
      `13:65: people[0]: username "networkAdmin" is a role-like account name; ${SHARED}`,
      `14:65: people[1]: username "DbaAdmin" is a role-like account name; ${SHARED}`,
      `15:65: people[2]: username "admin" is a shared account name; ${SHARED}`,
      `16:65: people[3]: username "shared" is a shared account name; ${SHARED}`,
      `17:65: people[4]: username "ops" is a shared account name; ${SHARED}`,
      `18:65: people[5]: username "Network" is a team's name; ${SHARED}`,
      `19:65: people[6]: username "platform-operator" is a role's name; ${SHARED}`,
    ],
  ],
  ['an unknown team lists the known teams', 'unknown-team.yaml', ['15:11: people[0].team: unknown team "netwrk" (known: network, platform)']],
  [
    'unknown roles on a team and on a person list the known roles',
    'unknown-role.yaml',
    ['6:32: teams.platform.roles[1]: unknown role "db-admin" (known: platform-operator)', '16:13: people[0].roles[0]: unknown role "network-admn" (known: platform-operator)'],
  ],
  [
    'a person in more groups than IAM allows per user is rejected, one under the limit is not',
    'too-many-groups.yaml',
    [
      '22:5: people[1]: "Ann Lee" would be in 11 groups (readonly-base, admins, assume-r1, assume-r2, assume-r3, assume-r4, assume-r5, assume-r6, assume-r7, assume-r8, assume-r9); IAM allows 10 per user, so move roles to the team or drop some',
    ],
  ],
  [
    'a name without Latin letters cannot derive a username and asks for an override',
    'no-latin-letters.yaml',
    ['13:11: people[0].name: cannot derive a username from "王小明" (no Latin letters); set "username:" for this person'],
  ],
  ['the company-id standard needs the company initials', 'company-id-without-initials.yaml', ['3:11: settings.naming: company-id needs settings.companyInitials (for example companyInitials: SF)']],
  [
    'schema errors and cross-field problems are all reported at once, in file order',
    'many-problems.yaml',
    [
      '10:11: people[1]: derived username "JSmith" (from "Jane Smith", naming initial-last) collides with people[0] "John Smith" (JSmith; IAM names are case-insensitive); set "username:" on one of them, for example username: JSmith1002',
      '14:17: people[2].employeeId: expected a string, got number 1003 (quote it: "1003")',
      '17:17: people[3].employeeId: duplicate employee ID "1001" (also people[0] "John Smith"); each person has exactly one entry',
      '18:11: people[3].team: unknown team "data" (known: platform)',
    ],
  ],
];

describe('roster errors', () => {
  test.each(cases)('%s', (_behaviour, fixture, expected) => {
    expect(problemsOf(fixture)).toEqual(expected);
  });

  test('every problem line names the file relative to the working directory, as file:line:col: message', () => {
    const fixture = join(FIXTURES, 'unknown-team.yaml');
    let error: unknown;
    try {
      loadRosterFile(fixture);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(RosterError);
    expect((error as RosterError).message).toBe(`${relative(process.cwd(), fixture)}:15:11: people[0].team: unknown team "netwrk" (known: network, platform)`);
  });

  test('a missing roster file says so and how to point at another one', () => {
    expect(problemsOf('no-such-roster.yaml')).toEqual(['1:1: file not found (set ROSTER_FILE to the roster path)']);
  });

  test('an empty roster reports each missing section', () => {
    expect(() => parseRoster('', 'empty.yaml')).toThrow(
      [
        'empty.yaml:1:1: missing required field "settings" (required: settings, teams, people)',
        'empty.yaml:1:1: missing required field "teams" (required: settings, teams, people)',
        'empty.yaml:1:1: missing required field "people" (required: settings, teams, people)',
      ].join('\n'),
    );
  });

  test('a roster that is a list instead of a mapping is rejected at its start', () => {
    expect(() => parseRoster('- a\n- b\n', 'list.yaml')).toThrow('list.yaml:1:1: (document): expected a mapping, got a list');
  });

  test('a misspelt top-level section suggests the real one', () => {
    const text = 'settings:\n  accountId: "123456789012"\n  naming: initial-last\nteams: {}\npeple: []\n';
    let problems: string[] = [];
    try {
      parseRoster(text, 'x.yaml');
    } catch (err) {
      problems = (err as RosterError).problems.map(formatProblem);
    }
    expect(problems).toEqual(['x.yaml:5:1: unknown key "peple"; did you mean "people"? (known: settings, accounts, teams, roles, people)']);
  });
});

describe('names with accents are transliterated, not rejected', () => {
  test('the accented-names fixture is valid and derives ASCII usernames', () => {
    const roster = loadRosterFile(join(FIXTURES, 'accented-names.yaml'));
    expect(roster.people.map((p) => [p.name, p.username])).toEqual([
      ['José Núñez', 'JNunez'],
      ['Zoë Ørsted', 'ZOrsted'],
      ['Łukasz Żółć', 'LZolc'],
      ['Björn Müller-Lüdenscheidt', 'BMuller-Ludenscheidt'],
      ["Siobhán O'Sullivan", 'SOSullivan'],
      ['Þóra Guðmundsdóttir', 'TGudmundsdottir'],
    ]);
  });
});
