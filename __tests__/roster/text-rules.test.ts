/**
 * Rules every string of the roster obeys, whatever its field: what a reviewer reads is
 * what IAM gets, and no name carries Terraform template syntax.
 */
import { fixtureProblems } from './fixture-problems';

describe('text rules', () => {
  test('invisible and control characters and template syntax in a name are reported where they stand; line breaks in a description or PGP key and a no-break space pass', () => {
    expect(fixtureProblems('text-invisible.yaml')).toEqual([
      '8:3: teams: key "net\u200bwork" contains the invisible or control character U+200B; type the text without it (people read the roster in review and must see every character)',
      '8:3: teams.net\u200bwork: name "net\u200bwork" must be lower-case letters, digits and "-", starting with a letter, at most 40 characters',
      '11:18: roles.operator.description: "Operate \u202eniamod\u202c things" contains the invisible or control character U+202E; type the text without it (people read the roster in review and must see every character)',
      '14:11: people[0].name: "Ana\u200b Costa" contains the invisible or control character U+200B; type the text without it (people read the roster in review and must see every character)',
      '17:11: people[1].name: "Bo ${file(\\"/etc/passwd\\")} Li" contains "${", Terraform template syntax, which is never part of a name or ID; remove it',
      '23:15: people[2].username: "CNg\\u0007" contains the invisible or control character U+0007; type the text without it (people read the roster in review and must see every character)',
      '23:15: people[2]: username "CNg\u0007" has characters IAM does not allow (letters, digits and +=,.@_- only), for example username: CNg',
    ]);
  });
});
