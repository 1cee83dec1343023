import type { NamingStandard } from './schema';

/** IAM user names: 1 to 64 characters of letters, digits and +=,.@_- */
export const IAM_USERNAME_PATTERN = /^[A-Za-z0-9+=,.@_-]{1,64}$/;
export const IAM_USERNAME_MAX = 64;

/** Letters that Unicode decomposition does not reduce to ASCII. */
const SPECIAL_LETTERS: Record<string, string> = {
  ß: 'ss', ẞ: 'SS', æ: 'ae', Æ: 'AE', œ: 'oe', Œ: 'OE', ø: 'o', Ø: 'O', ł: 'l', Ł: 'L',
  đ: 'd', Đ: 'D', ð: 'd', Ð: 'D', þ: 'th', Þ: 'Th', ı: 'i', ħ: 'h', Ħ: 'H',
};

/** José Núñez -> Jose Nunez: accents are dropped, never rejected. */
export function transliterate(text: string): string {
  return text
    .replace(/[^\u0000-\u007f]/g, (ch) => SPECIAL_LETTERS[ch] ?? ch)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '');
}

/**
 * The letters of a name that transliteration cannot turn into Latin letters, in order of
 * first appearance: a Cyrillic А in "Аnna Smith", every letter of "Петрова". Deriving a
 * username silently drops them, so a name with any of them needs an explicit username.
 */
export function droppedLetters(name: string): string[] {
  const dropped = new Set<string>();
  for (const [ch] of name.normalize('NFC').matchAll(/[^\u0000-\u007f]/gu)) {
    if (/\p{L}/u.test(ch) && !/[A-Za-z]/.test(transliterate(ch))) dropped.add(ch);
  }
  return [...dropped];
}

/** The ASCII letters and digits of each part of a name ("O'Brien-Smith" -> "OBrien-Smith"). */
export function nameParts(fullName: string): string[] {
  return transliterate(fullName)
    .split(/\s+/)
    .map((part) => part.replace(/[^A-Za-z0-9-]/g, '').replace(/^-+|-+$/g, ''))
    .filter((part) => /[A-Za-z]/.test(part));
}

export interface NamingInput {
  readonly name: string;
  readonly employeeId: string;
}

/**
 * The username a person gets from the company's naming standard, or undefined
 * when the name has no ASCII letters to derive one from.
 */
export function deriveUsername(person: NamingInput, standard: NamingStandard, companyInitials?: string): string | undefined {
  if (standard === 'company-id') return `${companyInitials ?? ''}${person.employeeId}`;
  const parts = nameParts(person.name);
  if (parts.length === 0) return undefined;
  const first = parts[0];
  const last = parts[parts.length - 1];
  const initial = (part: string) => part[0].toUpperCase();
  switch (standard) {
    case 'initials-id':
      return parts.length === 1 ? `${initial(first)}${person.employeeId}` : `${initial(first)}${initial(last)}${person.employeeId}`;
    case 'first_last':
      return parts.length === 1 ? first : `${first}_${last}`;
    case 'initial-last':
      return parts.length === 1 ? first : `${initial(first)}${last}`;
  }
}

/** A username to offer when the one given or derived cannot be used: it with the employee ID, within IAM's limit. */
export function suggestUsername(username: string, employeeId: string): string {
  const suggestion = `${username}${employeeId}`;
  return suggestion.length <= IAM_USERNAME_MAX ? suggestion : suggestion.slice(-IAM_USERNAME_MAX);
}

/** IAM compares user names case-insensitively: JSmith and jsmith are the same user. */
export function usernameKey(username: string): string {
  return username.toLowerCase();
}

/** Tag values allow letters, digits, spaces and _.:/=+-@; anything else (an apostrophe) is dropped. */
export function tagValue(text: string): string {
  return text.replace(/[^\p{L}\p{Z}\p{N}_.:/=+\-@]/gu, '').slice(0, 256);
}
