import unhomoglyph from 'unhomoglyph';
import { ADMIN_GROUP_NAME, ADMIN_ROLE_NAME, BASE_GROUP_NAME, roleGroupName } from './model';
import { IAM_USERNAME_PATTERN, droppedLetters, suggestUsername, usernameKey } from './naming';
import { codePoint } from './problem';
import type { NamingStandard, PersonEntry } from './schema';
import type { PathProblem, RosterPath } from './validate';

/**
 * Rules that keep one IAM user tied to one recognisable person: a username must not
 * read as a shared, role or service account; deriving a username must not drop letters
 * of the name; and no two people may have names or usernames that look alike but are
 * typed with other characters (a Cyrillic А for a Latin A).
 */

/** Names that stand for a function or a group of people, never for one person. */
const SHARED_NAMES = new Set([
  'admin', 'admins', 'administrator', 'administrators', 'root', 'shared', 'ops', 'devops', 'sysadmin', 'dba',
  'team', 'service', 'svc', 'system', 'support', 'helpdesk', 'security', 'readonly', 'guest', 'test', 'user',
  'deploy', 'deployer', 'ci', 'cd', 'build', 'backup', 'billing', 'finance', 'operator', 'automation', 'bot',
  'dev', 'developer', 'developers', 'everyone', 'all', 'oncall', 'superuser', 'master', 'terraform', 'jenkins',
  'robot', 'noreply', 'pipeline', 'github', 'gitlab', 'bitbucket', 'breakglass', 'emergency', 'firecall',
  'serviceaccount', 'daemon', 'runner', 'cron', 'nobody', 'sre', 'noc', 'soc', 'qa', 'audit', 'auditor',
]);
/** A function word before "admin" makes a role account: networkAdmin, DbaAdmin, sys-admin. */
const FUNCTION_PREFIXES = [
  'network', 'net', 'db', 'dba', 'database', 'sys', 'system', 'cloud', 'security', 'sec', 'it', 'ops', 'dev',
  'devops', 'super', 'domain', 'aws', 'iam', 'account', 'billing', 'support', 'backup', 'shared', 'service',
  'team', 'group', 'local', 'web', 'app', 'data', 'platform', 'infra', 'site', 'org', 'global', 'master',
];
/**
 * Words that mark a service or automation account when they stand as their own part of
 * a username, before or after a separator: svc-deploy, deploy-svc, ci-bot, sa-backup.
 * Some are also surnames (Bot, Service, Jenkins), so a derived username is judged on its
 * first name only: Scott Bot -> Scott_Bot passes, CI Bot -> CI_Bot does not.
 */
const SERVICE_WORDS = new Set([
  'svc', 'service', 'services', 'sa', 'bot', 'bots', 'robot', 'ci', 'cd', 'cicd', 'automation', 'automated',
  'deploy', 'deployer', 'deployment', 'build', 'builder', 'runner', 'pipeline', 'jenkins', 'github', 'gitlab',
  'bitbucket', 'terraform', 'ansible', 'cron', 'batch', 'daemon', 'noreply', 'breakglass', 'emergency',
  'firecall', 'integration', 'webhook', 'api', 'system',
]);
/**
 * Service words that begin or end no personal name, so they count even without a
 * separator (svcdeploy, githubactions, deploysvc). Words that do end names are left
 * out: MJenkins, Talbot, Robotham.
 */
const SERVICE_AFFIXES = ['svc', 'automation', 'breakglass', 'noreply', 'pipeline', 'github', 'gitlab', 'bitbucket', 'terraform', 'serviceaccount'];

const SEPARATORS = /[+=,.@_-]/g;

function compact(name: string): string {
  return name.toLowerCase().replace(SEPARATORS, '');
}

/**
 * Why a username is a shared or role-like account name, or undefined when it names a person.
 * @param derived the username was derived from a name: only its first name is looked at for
 *   service words, and hyphens there join one name (Sa-rang, Ci-Hyun) rather than split it
 */
export function sharedNameReason(username: string, teams: readonly string[], roles: readonly string[], derived = false): string | undefined {
  return sharedNameChecker(teams, roles)(username, derived);
}

/** sharedNameReason with the roster's names compacted once, for checking many people. */
function sharedNameChecker(teams: readonly string[], roles: readonly string[]): (username: string, derived: boolean) => string | undefined {
  const teamKeys = new Set(teams.map(compact));
  const roleKeys = new Set([...roles, ADMIN_ROLE_NAME].map(compact));
  const groupKeys = new Set([BASE_GROUP_NAME, ADMIN_GROUP_NAME, ...roles.map(roleGroupName)].map(compact));
  const prefixes = new Set([...FUNCTION_PREFIXES, ...teamKeys]);
  const reasonFor = (key: string): string | undefined => {
    if (SHARED_NAMES.has(key)) return 'a shared account name';
    if (teamKeys.has(key)) return "a team's name";
    if (roleKeys.has(key)) return "a role's name";
    if (groupKeys.has(key)) return "a group's name";
    const adminSuffix = /^(.*?)(admin|admins|administrator|user|account|team|ops|shared)$/.exec(key);
    if (adminSuffix && prefixes.has(adminSuffix[1])) return 'a role-like account name';
    return undefined;
  };
  return (username, derived) => {
    const lower = username.toLowerCase();
    const key = compact(lower);
    const direct = reasonFor(key);
    if (direct) return direct;
    // admin1, root-2, ops_3: a number does not make a shared name personal. Two letters and
    // digits with no separator are initials (CI1001 under initials-id), so they pass.
    const numbered = /^\d*(.*?)\d*$/.exec(key)?.[1] ?? key;
    if (numbered !== key && (numbered.length >= 3 || /^\d+[+=,.@_-]|[+=,.@_-]\d+$/.test(lower))) {
      const reason = reasonFor(numbered);
      if (reason) return reason;
    }
    const parts = lower.split(derived ? '_' : SEPARATORS).map((part) => part.replace(/^\d+|\d+$/g, ''));
    const judged = derived ? parts.slice(0, 1) : parts;
    if (parts.length > 1 && judged.some((part) => SERVICE_WORDS.has(part))) return 'a service or automation account name';
    if (SERVICE_AFFIXES.some((word) => numbered.startsWith(word) || numbered.endsWith(word))) return 'a service or automation account name';
    return undefined;
  };
}

/** TR39 skeleton: each character replaced by the prototype it is confusable with. */
function skeleton(text: string): string {
  return unhomoglyph(text.normalize('NFD')).normalize('NFD');
}

/**
 * The keys under which two names or usernames look alike, with runs of spaces as one:
 * NFKC, case folding and TR39 confusable folding (Cyrillic а and Latin a meet), and NFKC
 * with confusable folding alone, so that I and l meet without case folding also
 * joining L and l (Lan would look like Ian).
 */
export function lookalikeKeys(text: string): [caseless: string, cased: string] {
  const nfkc = text.normalize('NFKC').replace(/\s+/g, ' ');
  return [skeleton(nfkc.toUpperCase().toLowerCase()).toLowerCase(), skeleton(nfkc)];
}

function describeChar(ch: string): string {
  return `${ch} (${codePoint(ch)})`;
}

function describeChars(chars: readonly string[], limit = 8): string {
  const shown = chars.slice(0, limit).map(describeChar).join(', ');
  return chars.length > limit ? `${shown} and ${chars.length - limit} more` : shown;
}

/** The characters of a that b does not have, spaces aside, in order of first appearance. */
function charactersOnlyIn(a: string, b: string): string[] {
  const other = new Set(b.normalize('NFC'));
  return [...new Set(a.normalize('NFC'))].filter((ch) => !/\s/.test(ch) && !other.has(ch));
}

/** How a look-alike differs from the entry it looks like, for the message. */
function difference(mine: string, theirs: string, other: string): string {
  const onlyMine = charactersOnlyIn(mine, theirs);
  const onlyTheirs = charactersOnlyIn(theirs, mine);
  if (onlyMine.length === 0 && onlyTheirs.length === 0) return 'the same characters, spaced or ordered differently';
  const parts = [];
  if (onlyMine.length) parts.push(`this one has ${describeChars(onlyMine)}`);
  if (onlyTheirs.length) parts.push(`${other} has ${describeChars(onlyTheirs)}`);
  return parts.join(', ');
}

/** The earliest entry seen under any of the keys; the entry is remembered under each key still free. */
function firstLookalike<T extends Seen>(seen: Map<string, T>, keys: readonly string[], entry: T): T | undefined {
  let first: T | undefined;
  for (const [kind, key] of keys.entries()) {
    const earlier = seen.get(`${kind}:${key}`);
    if (earlier === undefined) seen.set(`${kind}:${key}`, entry);
    else if (first === undefined || earlier.index < first.index) first = earlier;
  }
  return first;
}

interface Seen {
  readonly index: number;
  readonly name: string;
  readonly username?: string;
}

/**
 * The identity rules over a whole roster, one person at a time in roster order. Each
 * person's keys are computed once and looked up in maps, so 5,000 people cost 5,000
 * look-ups, not 12.5 million comparisons.
 */
export class PersonNameRules {
  private readonly sharedName: (username: string, derived: boolean) => string | undefined;
  private readonly names = new Map<string, Seen>();
  private readonly usernames = new Map<string, Seen & { readonly username: string }>();

  constructor(teams: readonly string[], roles: readonly string[]) {
    this.sharedName = sharedNameChecker(teams, roles);
  }

  /**
   * A name that looks like an earlier person's but is typed with other characters.
   * Exactly the same name (after NFC) is a namesake and passes: their usernames differ.
   */
  checkName(index: number, entry: Pick<PersonEntry, 'name' | 'lookalikeReviewed'>): PathProblem[] {
    const first = firstLookalike(this.names, lookalikeKeys(entry.name), { index, name: entry.name });
    const lookalike = first !== undefined && first.name.normalize('NFC') !== entry.name.normalize('NFC');
    if (lookalike && entry.lookalikeReviewed === undefined) {
      const other = `people[${first.index}]`;
      return [
        {
          path: ['people', index, 'name'],
          message: `people[${index}].name: "${entry.name}" looks like ${other} "${first.name}" but is typed with other characters (${difference(entry.name, first.name, other)}); type it with the same characters if it is the same name, or, if these are two people whose names really look this alike, say so in lookalikeReviewed`,
        },
      ];
    }
    if (!lookalike && entry.lookalikeReviewed !== undefined) {
      return [
        {
          path: ['people', index, 'lookalikeReviewed'],
          message: `people[${index}].lookalikeReviewed: "${entry.name}" looks like no earlier person's name, so there is nothing to review; remove lookalikeReviewed`,
        },
      ];
    }
    return [];
  }

  /** A derived username that silently dropped letters of the name (Cyrillic, Greek, CJK...). */
  checkDerivation(index: number, entry: Pick<PersonEntry, 'name' | 'employeeId'>, username: string, naming: NamingStandard): PathProblem | undefined {
    if (naming === 'company-id') return undefined;
    const dropped = droppedLetters(entry.name);
    if (dropped.length === 0) return undefined;
    return {
      path: ['people', index, 'name'],
      message: `people[${index}].name: deriving a username from "${entry.name}" gives "${username}": it drops ${describeChars(dropped)}, which ${dropped.length === 1 ? 'has' : 'have'} no Latin transliteration; set "username:" for this person, for example username: ${suggestUsername(username, entry.employeeId)}`,
    };
  }

  /**
   * A username that reads as a shared, role or service account (unless reviewed), a stale
   * review, or a username that looks like an earlier person's.
   * @param what how the message names the username ('username "x"' or 'derived username "x" (from ...)')
   * @param path where the username comes from: the username field, or the name it was derived from
   */
  checkUsername(index: number, entry: Pick<PersonEntry, 'name' | 'employeeId' | 'username' | 'sharedNameReviewed'>, username: string, what: string, path: RosterPath): PathProblem[] {
    const problems: PathProblem[] = [];
    const label = `people[${index}]`;
    const shared = this.sharedName(username, entry.username === undefined);
    if (shared && entry.sharedNameReviewed === undefined) {
      problems.push({ path, message: `${label}: ${what} is ${shared}; every IAM user belongs to exactly one person, so use a personal name, or, if it is this person's own name, say why in sharedNameReviewed` });
    } else if (!shared && entry.sharedNameReviewed !== undefined) {
      problems.push({
        path: ['people', index, 'sharedNameReviewed'],
        message: `${label}.sharedNameReviewed: ${what} is not a shared or service account name, so there is nothing to review; remove sharedNameReviewed`,
      });
    }
    if (!IAM_USERNAME_PATTERN.test(username)) return problems;
    const first = firstLookalike(this.usernames, lookalikeKeys(username), { index, name: entry.name, username });
    if (first !== undefined && usernameKey(first.username) !== usernameKey(username)) {
      const other = `people[${first.index}]`;
      problems.push({
        path,
        message: `${label}: ${what} looks like the username of ${other} "${first.name}" (${first.username}; ${difference(username, first.username, other)}); set "username:" to one that reads differently, for example username: ${suggestUsername(username, entry.employeeId)}`,
      });
    }
    return problems;
  }
}
