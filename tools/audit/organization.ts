/**
 * The organization as AWS Organizations lists it (organizations:ListAccounts, from the management
 * account or a delegated administrator) against the roster's accounts: accounts nobody governs,
 * roster accounts the organization does not have, and root e-mails (rules/accounts.ts).
 */
import { type Account, type OrganizationsClient, paginateListAccounts } from '@aws-sdk/client-organizations';
import { type GovernedAccount, governedAccounts } from '../../roster/accounts';
import type { Roster } from '../../roster/model';
import { type Finding, inAccount } from './findings';
import { ACCOUNT_NOT_IN_ORGANIZATION, ACCOUNT_NOT_ON_ROSTER, ORGANIZATION_NOT_READ, ROOT_EMAIL_DRIFT, ROOT_EMAIL_OFF_DOMAIN } from './rules/accounts';

/** One account as ListAccounts gives it. */
export interface OrganizationAccount {
  readonly id: string;
  readonly name: string;
  /** The root user's e-mail address. */
  readonly email: string;
  /** ACTIVE, SUSPENDED, PENDING_CLOSURE, CLOSED... (State, or the older Status). */
  readonly state: string;
}

/** The organization's accounts, or why they could not be read. */
export type OrganizationRead = { readonly accounts: readonly OrganizationAccount[] } | { readonly unreadable: string };

/** Answers that mean "these credentials cannot read an organization", not a failure of the audit. */
const UNREADABLE = ['AccessDeniedException', 'AccessDenied', 'AWSOrganizationsNotInUseException'];

const NO_ORGANIZATION = 'the account is in no organization';

/**
 * Every account of the organization (paginated), read with the credentials of `caller`; a denial
 * or no organization is an answer, any other error is thrown.
 */
export async function fetchOrganization(org: OrganizationsClient, caller: string): Promise<OrganizationRead> {
  try {
    const accounts: OrganizationAccount[] = [];
    for await (const page of paginateListAccounts({ client: org }, {})) accounts.push(...(page.Accounts ?? []).map(organizationAccount));
    // An organization always lists the caller's own account; a list without it (the emulator's answer outside one) is no organization.
    return accounts.some((a) => a.id === caller) ? { accounts } : { unreadable: NO_ORGANIZATION };
  } catch (err) {
    const name = (err as { name?: string }).name ?? '';
    if (!UNREADABLE.includes(name)) throw err;
    return { unreadable: name === 'AWSOrganizationsNotInUseException' ? NO_ORGANIZATION : `organizations:ListAccounts was denied (${name})` };
  }
}

function organizationAccount(a: Account): OrganizationAccount {
  return { id: a.Id ?? '', name: a.Name ?? '', email: a.Email ?? '', state: String(a.State ?? a.Status ?? 'ACTIVE') };
}

/** Accounts closed or on their way out need no governing. */
const GONE = ['SUSPENDED', 'PENDING_CLOSURE', 'CLOSED'];

/** The domain of an e-mail address, lower-case: the part after the last @. */
export function emailDomain(email: string): string {
  return email.slice(email.lastIndexOf('@') + 1).toLowerCase();
}

/** The roster's member accounts the organization does not list (none when it could not be read). */
export function accountsOutsideOrganization(roster: Pick<Roster, 'settings' | 'accounts'>, read: OrganizationRead | undefined): GovernedAccount[] {
  if (!read || !('accounts' in read)) return [];
  const listed = new Set(read.accounts.map((a) => a.id));
  return governedAccounts(roster).filter((a) => !a.identity && !listed.has(a.id));
}

export function checkOrganization(roster: Pick<Roster, 'settings' | 'accounts'>, read: OrganizationRead): Finding[] {
  if ('unreadable' in read) {
    return [
      {
        id: ORGANIZATION_NOT_READ.id,
        severity: ORGANIZATION_NOT_READ.severity,
        user: 'organization',
        message: `the organization was not read: ${read.unreadable}, so accounts outside the roster and root e-mails were not checked`,
        expected: 'organizations:ListAccounts answered',
        found: read.unreadable,
        action: 'audit with credentials of the management account or a delegated administrator (organizations:ListAccounts) to check the organization',
      },
    ];
  }
  const governed = governedAccounts(roster);
  const listDomain = roster.settings.securityContact ? emailDomain(roster.settings.securityContact.email) : undefined;
  const findings: Finding[] = [];
  for (const account of accountsOutsideOrganization(roster, read)) {
    findings.push({
      id: ACCOUNT_NOT_IN_ORGANIZATION.id,
      severity: ACCOUNT_NOT_IN_ORGANIZATION.severity,
      user: inAccount(account.name, 'account'),
      message: `account ${account.name} (${account.id}) is on the roster but not in the organization`,
      expected: `account ${account.id} in the organization`,
      found: 'not listed by organizations:ListAccounts',
      action: `check accounts.${account.name}.id on the roster (a mistyped ID deploys elsewhere), or remove the account from the roster if it left the organization`,
    });
  }
  for (const found of read.accounts.filter((a) => !GONE.includes(a.state))) {
    const account = governed.find((a) => a.id === found.id);
    const object = account ? inAccount(account.name, 'root-email') : `account/${found.id}`;
    const label = account ? `account ${account.name} (${found.id})` : `account ${JSON.stringify(found.name)} (${found.id})`;
    if (!account) {
      findings.push({
        id: ACCOUNT_NOT_ON_ROSTER.id,
        severity: ACCOUNT_NOT_ON_ROSTER.severity,
        user: `account/${found.id}`,
        message: `${label}, root e-mail ${found.email}, is in the organization but not on the roster: nobody governs it`,
        expected: 'every active account of the organization on the roster (settings.accountId or accounts:)',
        found: `account ${found.id} not on the roster`,
        action: 'add it under accounts: (its roles and baseline are then deployed and audited), or close it if nobody needs it; npm run deploy does not repair it',
      });
    }
    if (account?.email !== undefined && account.email.toLowerCase() !== found.email.toLowerCase()) {
      findings.push({
        id: ROOT_EMAIL_DRIFT.id,
        severity: ROOT_EMAIL_DRIFT.severity,
        user: object,
        message: `${label} has root e-mail ${found.email}; the roster says ${account.email}`,
        expected: account.email,
        found: found.email,
        action: `the root user changes the address to ${account.email} (account settings), or correct accounts.${account.name}.email on the roster if it is wrong; npm run deploy does not repair it`,
      });
    }
    if (listDomain !== undefined && emailDomain(found.email) !== listDomain) {
      findings.push({
        id: ROOT_EMAIL_OFF_DOMAIN.id,
        severity: ROOT_EMAIL_OFF_DOMAIN.severity,
        user: object,
        message: `${label} has root e-mail ${found.email}, not on the security distribution list's domain ${listDomain}: whoever holds that mailbox can reset the root password`,
        expected: `an address @${listDomain}, an alias of the security distribution list`,
        found: found.email,
        action: `the root user changes the address to an alias of the list (such as security+<account>@${listDomain}); npm run deploy does not repair it`,
      });
    }
  }
  return findings;
}
