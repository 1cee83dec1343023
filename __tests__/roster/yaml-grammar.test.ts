/**
 * The roster is read with one grammar, YAML 1.2's core schema, and refuses the YAML
 * that would make an entry mean more than it says. Every input, however broken,
 * ends in file:line:col problems and never in another exception.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PersonSchema, RosterError, type RosterProblem, parseRoster } from '../../roster';
import { FIXTURES, textProblems as problemsOf } from './fixture-problems';


const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');

const HEAD = 'settings:\n  accountId: "123456789012"\n  naming: first_last\nteams:\n  platform: {}\n';
const PERSON_KEYS = Object.keys(PersonSchema.shape).join(', ');

describe('refused YAML features, each with its position', () => {
  test('a %YAML 1.1 directive is refused: under it "on" is true and "<<" merges the admins group into another entry', () => {
    expect(problemsOf(fixture('yaml-version-1.1.yaml'))).toEqual([
      '1:1: yaml: "%YAML 1.1" is refused; the roster is read as YAML 1.2, where yes/on are text and "<<" is a plain key, and an older version would read the same file differently, so remove this line',
      '15:5: yaml: merge keys ("<<") are not used in the roster; write the fields out, so each entry shows everything it grants',
    ]);
  });

  test('%YAML 1.2 is the grammar the roster is read with, so it may be stated', () => {
    expect(problemsOf(`%YAML 1.2\n---\n${HEAD}people: []\n`)).toEqual([]);
  });

  test('other directives are refused', () => {
    expect(problemsOf(`%YAML 1.3\n%TAG !e! tag:example.com,2000:\n%FOO bar\n---\n${HEAD}people: []\n`)).toEqual([
      '1:1: yaml: "%YAML 1.3" is refused; the roster is read as YAML 1.2, where yes/on are text and "<<" is a plain key, and an older version would read the same file differently, so remove this line',
      '2:1: yaml: "%TAG !e! tag:example.com,2000:" defines a tag, and the roster uses no tags; remove this line',
      '3:1: yaml: unknown directive "%FOO bar"; remove this line',
    ]);
  });

  test('a merge key is refused even without a directive, rather than read as an unknown key "<<"', () => {
    expect(problemsOf(fixture('yaml-merge-key.yaml'))).toEqual([
      '12:5: yaml: merge keys ("<<") are not used in the roster; write the fields out, so each entry shows everything it grants',
    ]);
  });

  test('tags are refused, core ones included, at the tag', () => {
    const refused = (at: string, tag: string) => `${at}: yaml: tag "${tag}" is not used in the roster; remove it, and quote the value if it must stay text`;
    expect(problemsOf(fixture('yaml-tags.yaml'))).toEqual([refused('2:14', '!!str'), refused('5:13', '!team'), refused('8:18', '!!binary')]);
  });

  test('a "!" inside text or a block scalar is text, not a tag', () => {
    const text = `${HEAD.replace('platform: {}', 'platform:\n    description: |\n      !important &not-an-anchor %not-a-directive')}people: []\n`;
    expect(problemsOf(text)).toEqual([]);
  });

  test('a second document is refused with a roster-level message', () => {
    expect(problemsOf(fixture('yaml-two-documents.yaml'))).toEqual(['10:1: yaml syntax: the roster is one YAML document; remove this second "---"']);
  });

  test('a document ended with "..." and followed by another is refused at the second one', () => {
    expect(problemsOf(`${HEAD}people: []\n...\nmore: 1\n`)).toEqual(['8:1: yaml syntax: the roster is one YAML document; remove the "..." above, which ends the document here']);
  });

  test('quoted text continued on a line not indented past its key is one problem on that line', () => {
    expect(problemsOf(fixture('yaml-under-indented.yaml'))).toEqual([
      '8:2: yaml syntax: this line continues the quoted text opened with " above, but is not indented past its key (column 5); indent it further or keep the value on one line',
    ]);
  });

  test('a list continued on a line not indented past its key is one problem on that line', () => {
    expect(problemsOf(fixture('yaml-under-indented-flow.yaml'))).toEqual([
      '7:2: yaml syntax: this line continues the list opened with [ above, but is not indented past its key (column 5); indent it further or keep the value on one line',
    ]);
  });

  test('carriage-return-only line endings are refused where the first one is', () => {
    expect(problemsOf(`${HEAD}people: []\n`.replace(/\n/g, '\r'))).toEqual([
      '1:10: yaml: a line ends in a lone carriage return (classic Mac line endings); save the file with LF or CRLF line endings',
    ]);
  });

  test('CRLF line endings are read as LF', () => {
    expect(problemsOf(`${HEAD}people: []\n`.replace(/\n/g, '\r\n'))).toEqual([]);
  });
});

describe('anchors and aliases', () => {
  /** A roster of `count` people sharing one anchored role list, the last with an unknown team. */
  function fanOut(count: number): string {
    const people = Array.from({ length: count }, (_, i) => {
      const roles = i === 0 ? '&on-call [operator]' : '*on-call';
      return `  - name: Person ${String.fromCharCode(65 + (i % 26))}${String.fromCharCode(65 + Math.floor(i / 26))}\n    employeeId: "${1000 + i}"\n    team: platform\n    roles: ${roles}\n`;
    });
    const roles = 'roles:\n  operator:\n    description: Operate\n    managedPolicyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess]\n';
    return `${HEAD}${roles}people:\n${people.join('')}`.replace(/team: platform\n(    roles: \*on-call\n)$/, 'team: netwrk\n$1');
  }

  test('an anchor used 150 times is fine, and a typo beside it is reported (it used to crash with "Excessive alias count")', () => {
    const text = fanOut(150);
    const line = text.split('\n').findIndex((l) => l.includes('netwrk')) + 1;
    expect(problemsOf(text)).toEqual([`${line}:11: people[149].team: unknown team "netwrk" (known: platform)`]);
  });

  test('aliases that expand past 10,000 values are refused at the alias that crosses the limit', () => {
    const level = (name: string, item: string) => `${name}: &${name} [${Array(10).fill(item).join(', ')}]\n`;
    const text = `${level('a', 'x')}${level('b', '*a')}${level('c', '*b')}${level('d', '*c')}${level('e', '*d')}`;
    expect(problemsOf(text)).toEqual([
      '4:36: yaml: alias "*c" takes the values aliases repeat past 10000 (a guard against files that expand without end); write repeated entries out or share less through aliases',
    ]);
  });

  test('aliases that nest values past 32 levels are refused at the alias', () => {
    const deep = (n: number, inner: string) => `${'['.repeat(n)}${inner}${']'.repeat(n)}`;
    expect(problemsOf(`a: &a ${deep(20, 'x')}\nb: ${deep(15, '*a')}\n`)).toEqual([`2:19: ${TOO_DEEP}`]);
  });

  test('an alias without an anchor above it is refused, not thrown', () => {
    expect(problemsOf(`${HEAD}people: *nobody\n`)).toEqual(['6:9: yaml: alias "*nobody" has no anchor "&nobody" above it; define the anchor before using it']);
  });

  test('an anchor name defined twice is refused at the second', () => {
    expect(problemsOf(`${HEAD}roles: &x {}\npeople: &x []\n`)).toEqual([
      '7:9: yaml: anchor "&x" is already defined above; give each anchor its own name, since an alias takes the nearest one above it',
    ]);
  });

  test('an alias inside its own anchor is refused', () => {
    expect(problemsOf(`${HEAD}people: &loop [*loop]\n`)).toEqual([
      '6:16: yaml: alias "*loop" sits inside its own anchor, so it would repeat itself forever; write the value out',
    ]);
  });
});

const TOO_DEEP = 'yaml: nested more than 32 levels deep here; a roster is at most five levels deep, so a bracket or an indent is likely wrong';

describe('nesting', () => {
  test('flow lists nested 5,000 deep are refused where they pass 32 levels, before anything recurses over them', () => {
    expect(problemsOf(`${'['.repeat(5000)}${']'.repeat(5000)}`)).toEqual([`1:33: ${TOO_DEEP}`]);
  });

  test('block mappings nested 2,000 deep are refused on the line that passes 32 levels', () => {
    expect(problemsOf(Array.from({ length: 2000 }, (_, i) => `${' '.repeat(i)}a:`).join('\n'))).toEqual([`33:33: ${TOO_DEEP}`]);
  });
});

describe('messages', () => {
  test('an unquoted employee ID with leading zeros is to be quoted as written, not as the number YAML read', () => {
    expect(problemsOf(fixture('yaml-leading-zero-id.yaml'))).toEqual(['8:17: people[0].employeeId: expected a string, got number 7 (quote it: "007")']);
  });

  test('a byte-order mark does not shift the columns of line 1', () => {
    expect(problemsOf(`\uFEFFsetings: {}\nteams: {}\npeople: []\n`)).toEqual([
      '1:1: unknown key "setings"; did you mean "settings"? (known: settings, accounts, teams, roles, people)',
    ]);
  });

  test('YAML 1.1 integers are text in YAML 1.2, so a number field says so', () => {
    expect(problemsOf(`${HEAD.replace('first_last', 'first_last\n  mfaMaxAgeSeconds: 3_600')}people: []\n`)).toEqual([
      '4:21: settings.mfaMaxAgeSeconds: expected a number, got string "3_600"',
    ]);
  });
});

describe('every problem at once', () => {
  test('a misspelt key does not hide a duplicate ID or an unknown team elsewhere', () => {
    expect(problemsOf(fixture('yaml-typo-and-duplicate.yaml'))).toEqual([
      `11:5: people[0]: unknown key "consle"; did you mean "console"? (known: ${PERSON_KEYS})`,
      '13:17: people[1].employeeId: duplicate employee ID "1001" (also people[0] "Ann Lee"); each person has exactly one entry',
      `15:5: people[2]: unknown key "naem"; did you mean "name"? (known: ${PERSON_KEYS})`,
      '17:11: people[2].team: unknown team "netwrk" (known: platform)',
    ]);
  });

  test('a setting that does not parse does not hide colliding usernames', () => {
    const text = HEAD.replace('"123456789012"', '123456789012').replace('first_last', 'initial-last');
    const person = (name: string, id: string) => `  - name: ${name}\n    employeeId: "${id}"\n    team: platform\n`;
    expect(problemsOf(`${text}people:\n${person('John Smith', '1')}${person('Jane Smith', '2')}`)).toEqual([
      '2:14: settings.accountId: expected a string, got number 123456789012 (quote it: "123456789012")',
      '10:11: people[1]: derived username "JSmith" (from "Jane Smith", naming initial-last) collides with people[0] "John Smith" (JSmith; IAM names are case-insensitive); set "username:" on one of them, for example username: JSmith2',
    ]);
  });

  test('a person whose ID does not parse is still checked for an unknown team, with no message about the stand-in', () => {
    const text = `${HEAD}people:\n  - name: Ann Lee\n    employeeId: 12.5\n    team: netwrk\n`;
    expect(problemsOf(text)).toEqual([
      '8:17: people[0].employeeId: expected a string, got number 12.5 (quote it: "12.5")',
      '9:11: people[0].team: unknown team "netwrk" (known: platform)',
    ]);
  });
});

describe('nasty input', () => {
  const nasty: [string, string][] = [
    ['an empty file', ''],
    ['only "---"', '---\n'],
    ['only a byte-order mark', '\uFEFF'],
    ['NUL bytes', `${HEAD}people:\n  - name: "Ann\u0000Lee"\n    employeeId: "1"\n    team: platform\n\u0000\n`],
    ['binary junk', Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 7919) % 256)).toString('latin1')],
    ['invalid UTF-8 read as text', Buffer.from([0xff, 0xfe, 0x00, 0x3a, 0x80, 0x0a]).toString('utf8')],
    ['a lone surrogate', `${HEAD}people:\n  - name: "Ann \ud800"\n    employeeId: "1"\n    team: platform\n`],
    ['deeply nested flow lists', `${'['.repeat(5000)}${']'.repeat(5000)}`],
    ['nested flow mappings deeper than a roster', `${HEAD}people: ${'{a: '.repeat(100)}1${'}'.repeat(100)}\n`],
    ['deeply nested block mappings', Array.from({ length: 2000 }, (_, i) => `${' '.repeat(i)}a:`).join('\n')],
    ['a billion laughs', Array.from({ length: 10 }, (_, i) => `l${i}: &l${i} [${Array(10).fill(i === 0 ? 'lol' : `*l${i - 1}`).join(',')}]`).join('\n')],
    ['a key named __proto__', `__proto__: {polluted: true}\n${HEAD}people: []\n`],
    ['a mapping as a key', `? [a, b]\n: 1\n${HEAD}people: []\n`],
    ['a scalar document', 'just text\n'],
    ['a number document', '42\n'],
    ['a tab-indented document', `settings:\n\taccountId: "1"\n`],
    ['an unterminated block scalar header', 'a: |9\n'],
    ['a huge scalar', `${HEAD}people:\n  - name: ${'A'.repeat(200_000)}\n    employeeId: "1"\n    team: platform\n`],
  ];
  test.each(nasty)('%s ends in located problems, never another exception', (_what, text) => {
    let error: unknown;
    try {
      parseRoster(text, 'r.yaml');
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(RosterError);
    const problems = (error as RosterError).problems;
    expect(problems.length).toBeGreaterThan(0);
    for (const p of problems) expectLocated(p);
  });

  test('three hundred random edits of every fixture each give a roster or located problems', () => {
    const edits = ['', ':', ': ', '- ', '[', ']', '{', '"', "'", '&a ', '*a', '!x ', '<<: ', '\n', '\n ', '---\n', '%YAML 1.1\n', '\t', '#', '|', '>', '?', '\r'];
    let seed = 12345;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const texts = readdirSync(FIXTURES).map(fixture);
    let invalid = 0;
    for (let i = 0; i < 300; i++) {
      const text = texts[i % texts.length];
      const at = random(text.length + 1);
      const edited = text.slice(0, at) + edits[random(edits.length)] + text.slice(at + random(3));
      try {
        parseRoster(edited, 'r.yaml');
      } catch (err) {
        if (!(err instanceof RosterError)) throw new Error(`edit ${i} of ${JSON.stringify(edited.slice(0, 80))}... threw ${String(err)}`);
        err.problems.forEach(expectLocated);
        invalid++;
      }
    }
    // The edits must reach the error paths, or the sweep proves nothing.
    expect(invalid).toBeGreaterThan(150);
  });
});

function expectLocated(p: RosterProblem): void {
  expect(p.file).toBe('r.yaml');
  expect(p.line).toBeGreaterThanOrEqual(1);
  expect(p.col).toBeGreaterThanOrEqual(1);
  expect(p.message).toMatch(/^[^A-Z]/);
}
