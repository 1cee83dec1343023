/**
 * Limits that IAM, the AWS Account API or the AWS provider enforce, checked in the
 * roster so a person gets file:line:col instead of a plan or apply error pointing
 * into cdk.tf.json. Each limit cites where it comes from; the provider figures were
 * confirmed with `terraform validate` against hashicorp/aws 5.100.0.
 */
import { writtenRoleAccounts } from './account-rules';
import { codePoint } from './problem';
import { IDENTITY_ACCOUNT, type RosterDocument, type Settings } from './schema';
import type { PartialRosterDocument, PathProblem } from './validate';

/**
 * Role description: IAM CreateRole/UpdateRole accept at most 1,000 characters of
 * [\u0009\u000A\u000D\u0020-\u007E\u00A1-\u00FF]* (IAM API reference, CreateRole
 * "Description"). The provider's aws_iam_role validator counts UTF-8 bytes
 * (StringLenBetween(0, 1000): 600 "é" fail at plan), so bytes are the binding limit.
 */
export const ROLE_DESCRIPTION_MAX_BYTES = 1000;
const IAM_DESCRIPTION_CHAR = /^[\u0009\u000A\u000D\u0020-\u007E\u00A1-\u00FF]$/u;
/** Control and format characters are the text rules' to report (roster/text-rules.ts), once. */
const TEXT_RULES_CHAR = /[\p{Cc}\p{Cf}]/u;

/**
 * SECURITY alternate contact (aws_account_alternate_contact; Account API
 * PutAlternateContact). The provider checks name 1-64 and title 1-50 in UTF-8
 * bytes, and the phone against ^[\s0-9()+-]+$ with Go's \s (tab, line breaks,
 * space: a no-break space fails). The API allows a phone of 1-25 characters and
 * an email of 1-254, which the provider leaves to apply time.
 */
export const CONTACT_NAME_MAX_BYTES = 64;
export const CONTACT_TITLE_MAX_BYTES = 50;
export const CONTACT_PHONE_MAX = 25;
export const CONTACT_EMAIL_MAX = 254;
const ACCOUNT_API_PHONE = /^[\t\n\f\r 0-9()+-]+$/;

/** A member account's root e-mail: AWS Organizations CreateAccount "Email", 6 to 64 characters (API reference). */
export const ACCOUNT_EMAIL_MAX = 64;

/** IAM quota "IAM users per AWS account": 5,000, not adjustable (IAM User Guide, IAM and AWS STS quotas). */
export const IAM_USERS_PER_ACCOUNT = 5000;

/** settings has no partition: the roster governs an account in the aws partition. */
export const PARTITION = 'aws';

const utf8Bytes = (text: string) => Buffer.byteLength(text, 'utf8');
const count = (n: number) => n.toLocaleString('en-US');
const preview = (text: string) => JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);

export function providerLimitProblems(doc: RosterDocument | PartialRosterDocument): PathProblem[] {
  const problems: PathProblem[] = [];
  const { settings } = doc;
  for (const [role, entry] of Object.entries(doc.roles)) {
    problems.push(...descriptionProblems(role, entry.description));
    const accounts = roleAccountIds(doc, role);
    entry.managedPolicyArns.forEach((arn, i) => {
      const problem = policyArnProblem(arn, role, accounts);
      if (problem) problems.push({ path: ['roles', role, 'managedPolicyArns', i], message: `roles.${role}.managedPolicyArns[${i}]: ${problem}` });
    });
  }
  if (settings?.securityContact) problems.push(...contactProblems(settings.securityContact));
  for (const [name, account] of Object.entries(doc.accounts)) {
    if (account.email !== undefined && account.email.length > ACCOUNT_EMAIL_MAX) {
      problems.push({
        path: ['accounts', name, 'email'],
        message: `accounts.${name}.email: ${preview(account.email)} is ${account.email.length} characters; AWS Organizations allows at most ${ACCOUNT_EMAIL_MAX} for an account's root e-mail`,
      });
    }
  }
  if (doc.people.length > IAM_USERS_PER_ACCOUNT) {
    problems.push({
      path: ['people', IAM_USERS_PER_ACCOUNT],
      message: `people[${IAM_USERS_PER_ACCOUNT}]: the roster lists ${count(doc.people.length)} people, one IAM user each; an AWS account holds at most ${count(IAM_USERS_PER_ACCOUNT)} IAM users (IAM quota), so keep the roster at ${count(IAM_USERS_PER_ACCOUNT)} or fewer`,
    });
  }
  return problems;
}

function descriptionProblems(role: string, description: string): PathProblem[] {
  const path = ['roles', role, 'description'];
  const where = `roles.${role}.description`;
  const problems: PathProblem[] = [];
  const refused = [...new Set([...description].filter((c) => !IAM_DESCRIPTION_CHAR.test(c) && !TEXT_RULES_CHAR.test(c)))];
  if (refused.length > 0) {
    const shown = refused.map((c) => `"${c}" (${codePoint(c)})`).join(', ');
    problems.push({ path, message: `${where}: IAM does not accept ${shown} in a role description; use printable ASCII, tabs, line breaks and Latin-1 letters (U+00A1 to U+00FF), for example straight quotes instead of curly ones` });
  }
  const bytes = utf8Bytes(description);
  if (bytes > ROLE_DESCRIPTION_MAX_BYTES) {
    const size = bytes === description.length ? `${count(bytes)} characters` : `${count(bytes)} bytes in UTF-8 (${count([...description].length)} characters)`;
    problems.push({ path, message: `${where}: ${preview(description)} is ${size}; a role description may be at most ${count(ROLE_DESCRIPTION_MAX_BYTES)} bytes, so shorten it` });
  }
  return problems;
}

/** The account a role exists in, by name with its ID, where every one is known; undefined otherwise (reported elsewhere). */
function roleAccountIds(doc: RosterDocument | PartialRosterDocument, role: string): { name: string; id: string }[] | undefined {
  const ids = (writtenRoleAccounts(doc, role) ?? []).map((name) => ({
    name,
    id: name === IDENTITY_ACCOUNT ? doc.settings?.accountId : Object.hasOwn(doc.accounts, name) ? doc.accounts[name].id : undefined,
  }));
  return ids.every((a): a is { name: string; id: string } => a.id !== undefined) ? ids : undefined;
}

function policyArnProblem(arn: string, role: string, accounts: readonly { name: string; id: string }[] | undefined): string | undefined {
  const [, partition, , , account] = arn.split(':');
  if (partition !== PARTITION) {
    return `"${arn}" is in partition "${partition}", but the roster governs an account in the "${PARTITION}" partition; use arn:${PARTITION}:iam::...`;
  }
  if (account === 'aws' || accounts === undefined || accounts.every((a) => a.id === account)) return undefined;
  const managed = `a role can only attach AWS managed policies (arn:${PARTITION}:iam::aws:policy/...) or customer managed policies of`;
  if (accounts.length === 1 && accounts[0].name === IDENTITY_ACCOUNT) return `"${arn}" is a policy of account ${account}, and ${managed} the governed account ${accounts[0].id}`;
  const where = accounts.map((a) => `${a.name} (${a.id})`);
  const several = accounts.length > 1 ? ', so a role in several accounts can attach AWS managed policies only' : '';
  return `"${arn}" is a policy of account ${account}, but role "${role}" exists in ${[where.slice(0, -1).join(', '), where.at(-1)].filter(Boolean).join(' and ')}; ${managed} its own account${several}`;
}

function contactProblems(contact: NonNullable<Settings['securityContact']>): PathProblem[] {
  const problems: PathProblem[] = [];
  const at = (field: string, message: string) => problems.push({ path: ['settings', 'securityContact', field], message: `settings.securityContact.${field}: ${message}` });
  const byteLimit = (field: 'name' | 'title', value: string, max: number) => {
    const bytes = utf8Bytes(value);
    if (bytes > max) at(field, `${preview(value)} is ${bytes === value.length ? `${bytes} characters` : `${bytes} bytes in UTF-8`}; the AWS provider allows at most ${max} bytes, so shorten it`);
  };
  byteLimit('name', contact.name, CONTACT_NAME_MAX_BYTES);
  byteLimit('title', contact.title, CONTACT_TITLE_MAX_BYTES);
  if (!ACCOUNT_API_PHONE.test(contact.phone)) {
    const refused = [...new Set([...contact.phone].filter((c) => !ACCOUNT_API_PHONE.test(c)))].map((c) => `"${c}" (${codePoint(c)})`).join(', ');
    at('phone', `"${contact.phone}" has ${refused}; the AWS account API accepts digits, plain spaces and ( ) + - only`);
  } else if (contact.phone.length > CONTACT_PHONE_MAX) {
    at('phone', `"${contact.phone}" is ${contact.phone.length} characters; the AWS account API allows at most ${CONTACT_PHONE_MAX}, spaces and ( ) + - included`);
  }
  if (contact.email.length > CONTACT_EMAIL_MAX) {
    at('email', `${preview(contact.email)} is ${contact.email.length} characters; the AWS account API allows at most ${CONTACT_EMAIL_MAX}`);
  }
  return problems;
}
