/**
 * Identity rules: one IAM user per recognisable person. A derived username may not
 * silently lose letters of the name, two people may not have names or usernames that
 * look alike, and a username may not read as a shared, role or service account unless
 * a reviewer wrote down why it is one person's own.
 */
import { validateDocument } from '../../roster';
import { fixtureProblems } from './fixture-problems';

const SHARED = "every IAM user belongs to exactly one person, so use a personal name, or, if it is this person's own name, say why in sharedNameReviewed";
const shared = (at: string, index: number, username: string, reason: string) => `${at}: people[${index}]: username "${username}" is ${reason}; ${SHARED}`;

describe('a derived username never drops letters of the name silently', () => {
  test('a Cyrillic letter in a Latin name or a Cyrillic surname asks for username:, naming the letters and their code points; an explicit username or an accented name passes', () => {
    expect(fixtureProblems('names-dropped-letters.yaml')).toEqual([
      '7:12: people[0].name: deriving a username from "Olga Петрова" gives "Olga": it drops П (U+041F), е (U+0435), т (U+0442), р (U+0440), о (U+043E), в (U+0432), а (U+0430), which have no Latin transliteration; set "username:" for this person, for example username: Olga1001',
      '8:12: people[1].name: deriving a username from "Аnna Smith" gives "NSmith": it drops А (U+0410), which has no Latin transliteration; set "username:" for this person, for example username: NSmith1002',
    ]);
  });
});

describe('names and usernames that look alike are flagged', () => {
  test('a Cyrillic or Greek look-alike name and a 0/O or l/I look-alike username point at the second person and name the first; exact namesakes pass', () => {
    expect(fixtureProblems('names-lookalike.yaml')).toEqual([
      '8:12: people[1].name: "Аnna Smith" looks like people[0] "Anna Smith" but is typed with other characters (this one has А (U+0410), people[0] has A (U+0041)); type it with the same characters if it is the same name, or, if these are two people whose names really look this alike, say so in lookalikeReviewed',
      '10:12: people[3].name: "Οlga Berg" looks like people[2] "Olga Berg" but is typed with other characters (this one has Ο (U+039F), people[2] has O (U+004F)); type it with the same characters if it is the same name, or, if these are two people whose names really look this alike, say so in lookalikeReviewed',
      '14:70: people[7]: username "0liver" looks like the username of people[6] "Oliver Twist" (Oliver; this one has 0 (U+0030), people[6] has O (U+004F)); set "username:" to one that reads differently, for example username: 0liver1008',
      '16:68: people[9]: username "lLee" looks like the username of people[8] "Ivan Lee" (ILee; this one has l (U+006C), people[8] has I (U+0049)); set "username:" to one that reads differently, for example username: lLee1010',
    ]);
  });

  test('lookalikeReviewed accepts two real people whose names look alike (Amie and Arnie Lee); it must be needed and not empty', () => {
    expect(fixtureProblems('names-lookalike-reviewed.yaml')).toEqual([
      '10:79: people[3].lookalikeReviewed: "Corin Moss" looks like no earlier person\'s name, so there is nothing to review; remove lookalikeReviewed',
      '11:79: people[4].lookalikeReviewed: must not be empty, got string "  "',
    ]);
  });

  test('5,000 people with distinct names validate in well under two seconds (keys in a map, never all pairs)', () => {
    const first = ['Anna', 'John', 'Olga', 'Wei', 'José', 'Łukasz', 'Þóra', 'Mary', 'Ivan', 'Sa-rang'];
    const people = Array.from({ length: 5000 }, (_, i) => ({
      name: `${first[i % first.length]} Person${i} Smith${i}`,
      employeeId: String(10000 + i),
      team: 'platform',
      admin: false,
      roles: [],
      console: true,
      status: 'active' as const,
    }));
    const settings = { accountId: '123456789012', naming: 'initial-last' as const, adminAccess: 'assume-role' as const, passwordPolicy: 'cis' as const, mfaMaxAgeSeconds: 3600 };
    const started = process.hrtime.bigint();
    const { problems, people: valid } = validateDocument({ settings, accounts: {}, teams: { platform: { roles: [] } }, roles: {}, people });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    expect(problems).toEqual([]);
    expect(valid).toHaveLength(5000);
    expect(seconds).toBeLessThan(2);
  });
});

describe('shared, numbered and service account names are rejected', () => {
  test('role words with digits or separators and service or automation words and parts', () => {
    const expected = [
      ['Admin1', 'a shared account name'],
      ['root2', 'a shared account name'],
      ['root-2', 'a shared account name'],
      ['ops_3', 'a shared account name'],
      ['platform-1', "a team's name"],
      ['breakglass', 'a shared account name'],
      ['break-glass', 'a shared account name'],
      ['emergency', 'a shared account name'],
      ['svc-deploy', 'a service or automation account name'],
      ['deploy-svc', 'a service or automation account name'],
      ['ci-bot', 'a service or automation account name'],
      ['bot-builds', 'a service or automation account name'],
      ['sa-backup', 'a service or automation account name'],
      ['ci-release', 'a service or automation account name'],
      ['noreply', 'a shared account name'],
      ['no-reply', 'a shared account name'],
      ['github-actions', 'a service or automation account name'],
      ['svcterraform', 'a service or automation account name'],
      ['jenkins', 'a shared account name'],
      ['robot', 'a shared account name'],
      ['pipeline', 'a shared account name'],
    ];
    expect(fixtureProblems('names-shared-accounts.yaml')).toEqual(expected.map(([username, reason], i) => shared(`${7 + i}:${i < 9 ? 65 : 66}`, i, username, reason)));
  });

  test('a derived username is judged on its first name (Scott Bot, Mary Jenkins and Sa-rang Kim pass, CI Bot does not); sharedNameReviewed accepts a real person (Sa Tran) and must be needed and non-empty', () => {
    expect(fixtureProblems('names-shared-reviewed.yaml')).toEqual([
      `10:12: people[3]: derived username "CI_Bot" (from "CI Bot", naming first_last) is a service or automation account name; ${SHARED}`,
      `11:12: people[4]: derived username "Sa_Nguyen" (from "Sa Nguyen", naming first_last) is a service or automation account name; ${SHARED}`,
      `16:74: people[6]: username "robert-service" is a service or automation account name; ${SHARED}`,
      '20:25: people[7].sharedNameReviewed: derived username "Dee_Eads" (from "Dee Eads", naming first_last) is not a shared or service account name, so there is nothing to review; remove sharedNameReviewed',
      '21:77: people[8].sharedNameReviewed: must not be empty, got string "  "',
    ]);
  });
});
