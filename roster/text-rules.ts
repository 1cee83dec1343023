import { codePoint, formatPath } from './problem';
import type { PathProblem, RosterPath } from './validate';

/**
 * Rules every string of the roster obeys, keys included, whatever field it is in
 * (a field added later is covered without a change here). The roster comes from
 * a pull request: text must stay text on its way to Terraform, and what a
 * reviewer reads must be what IAM gets.
 */

/**
 * Control (Cc), format (Cf: bidirectional overrides, zero-width joiners, soft hyphen),
 * unassigned, private-use and surrogate code points, plus characters that render as
 * nothing (Hangul fillers, braille blank, variation selectors). Tab and line feed
 * are allowed only in descriptions and PGP keys, where YAML block scalars put them.
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Cn}\p{Co}\p{Cs}\u115F\u1160\u3164\uFFA0\u2800\u034F\u180B-\u180F\uFE00-\uFE0F\u{E0100}-\u{E01EF}]/u;
const MULTILINE_FIELDS = new Set(['description', 'pgpKey']);

/** Fields that name or identify something: never a place for a Terraform template. */
const IDENTITY_FIELDS = new Set([
  ...['name', 'username', 'employeeId', 'accountId', 'companyInitials', 'accountAlias', 'team', 'roles'],
  // Member accounts and grants in named accounts (issue 12).
  ...['id', 'role', 'accounts', 'adminRoleAccounts', 'supportRoleAccounts'],
]);

/**
 * CDK for Terraform marks references inside strings as ${TfToken[...]} (#{ and &{ for
 * lists and maps) and numbers as reserved doubles. Text that spells one would be
 * resolved as a reference, so no roster string may contain one.
 */
const CDKTF_MARKER = /[$#&]\{TfToken\[/;
const NUMBER_LIKE = /[-|\d|.+]+(e[-|\d|.|e|E|+]+)/g;

/**
 * cdktf encodes a number token as a double whose top 16 bits are 0xfdff (0xfbff in a
 * list); see createTokenDouble in cdktf's tokens/private/encoding. Checked here without
 * importing cdktf, which the roster module never loads; a test holds it to cdktf's own.
 */
export function isCdktfNumberMarker(value: number): boolean {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value, true);
  const top = view.getUint32(4, true) >>> 16;
  return top === 0xfdff || top === 0xfbff;
}

/** Why one string breaks a text rule, or undefined when it is fine. */
export function textProblem(text: string, field: string | undefined): string | undefined {
  for (const ch of text) {
    if ((ch === '\n' || ch === '\t') && field !== undefined && MULTILINE_FIELDS.has(field)) continue;
    if (INVISIBLE.test(ch)) {
      return `contains the invisible or control character ${codePoint(ch)}; type the text without it (people read the roster in review and must see every character)`;
    }
  }
  if (CDKTF_MARKER.test(text)) {
    return 'contains "{TfToken[", the marker CDK for Terraform uses for its own references; remove it';
  }
  for (const [number] of text.matchAll(NUMBER_LIKE)) {
    if (isCdktfNumberMarker(parseFloat(number))) return `contains ${number}, a number CDK for Terraform reserves for its own references; remove it`;
  }
  if (field !== undefined && IDENTITY_FIELDS.has(field) && /[$%]\{/.test(text)) {
    return `contains "${/[$%]\{/.exec(text)?.[0]}", Terraform template syntax, which is never part of a name or ID; remove it`;
  }
  return undefined;
}

/** The field a value sits in: the last key on its path, skipping list positions. */
function fieldOf(path: RosterPath): string | undefined {
  for (let i = path.length - 1; i >= 0; i--) if (typeof path[i] === 'string') return path[i] as string;
  return undefined;
}

/** Every text-rule problem in a parsed roster document, keys and values, in document order. */
export function textProblems(data: unknown): PathProblem[] {
  const problems: PathProblem[] = [];
  const visit = (value: unknown, path: RosterPath): void => {
    if (typeof value === 'string') {
      const why = textProblem(value, fieldOf(path));
      if (why) problems.push({ path, message: `${formatPath(path)}: ${JSON.stringify(value)} ${why}` });
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => visit(item, [...path, i]));
    } else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        // A key is a name (of a team, role or field).
        const why = textProblem(key, 'name');
        if (why) problems.push({ path: [...path, key], atKey: true, message: `${formatPath(path)}: key ${JSON.stringify(key)} ${why}` });
        visit(item, [...path, key]);
      }
    }
  };
  visit(data, []);
  return problems;
}
