/**
 * Synthetic rosters of any size for the benchmark: valid (unique names,
 * employee IDs and usernames), spread over teams and roles like a real company,
 * with admins, extra roles, console-less and suspended people sprinkled in.
 */
import { stringify } from 'yaml';

const FIRST = ['Al', 'Be', 'Ca', 'Da', 'El', 'Fa', 'Ga', 'Ha', 'Il', 'Jo', 'Ka', 'Le', 'Ma', 'Ne', 'Ol', 'Pa', 'Ra', 'Sa', 'Ta', 'Vi'];
const SECOND = ['ren', 'mon', 'dan', 'lia', 'ric', 'na', 'vin', 'sha', 'tor', 'ley'];
const LAST_A = ['Ander', 'Brook', 'Carl', 'Dun', 'Ever', 'Fair', 'Gold', 'Hart', 'Ives', 'Jen', 'Kings', 'Lind', 'Mor', 'North', 'Oak', 'Pem', 'Quin', 'Rad', 'Stan', 'Thorn'];
const LAST_B = ['son', 'field', 'ley', 'ton', 'wood', 'man', 'ford', 'well', 'berg', 'ridge'];

const TEAMS: Record<string, string[]> = {
  platform: ['platform-operator'],
  network: ['network-admin'],
  data: ['database-admin'],
  security: ['security-auditor'],
  finance: ['billing-viewer'],
  support: [],
  sales: [],
  research: ['platform-operator'],
};

const ROLES: Record<string, { description: string; managedPolicyArns: string[]; maxSessionHours: number }> = {
  'platform-operator': { description: 'Operate the shared platform', managedPolicyArns: ['arn:aws:iam::aws:policy/PowerUserAccess'], maxSessionHours: 1 },
  'network-admin': { description: 'Change networking', managedPolicyArns: ['arn:aws:iam::aws:policy/job-function/NetworkAdministrator'], maxSessionHours: 1 },
  'database-admin': { description: 'Administer databases', managedPolicyArns: ['arn:aws:iam::aws:policy/job-function/DatabaseAdministrator'], maxSessionHours: 2 },
  'security-auditor': { description: 'Read security configuration', managedPolicyArns: ['arn:aws:iam::aws:policy/SecurityAudit'], maxSessionHours: 4 },
  'billing-viewer': { description: 'Read billing data', managedPolicyArns: ['arn:aws:iam::aws:policy/job-function/Billing'], maxSessionHours: 1 },
  'incident-responder': { description: 'Investigate incidents', managedPolicyArns: ['arn:aws:iam::aws:policy/SecurityAudit'], maxSessionHours: 1 },
};

/** A unique full name for index i (40,000 distinct names before any repeats). */
export function personName(i: number): string {
  const first = FIRST[i % 20] + SECOND[Math.floor(i / 20) % 10];
  const j = Math.floor(i / 200);
  return `${first} ${LAST_A[j % 20]}${LAST_B[Math.floor(j / 20) % 10]}`;
}

/** The roster YAML for `size` people (naming initials-id, so usernames are unique by employee ID). */
export function generateRoster(size: number): string {
  if (size > 40_000) throw new Error('generateRoster: at most 40,000 distinct names');
  const teamNames = Object.keys(TEAMS);
  const people = Array.from({ length: size }, (_, i) => {
    const person: Record<string, unknown> = { name: personName(i), employeeId: String(100_000 + i), team: teamNames[i % teamNames.length] };
    if (i % 50 === 0) person.admin = true;
    if (i % 20 === 7) person.roles = ['incident-responder'];
    if (i % 20 === 11) person.console = false;
    if (i % 33 === 5) person.status = 'suspended';
    return person;
  });
  return stringify({
    settings: { accountId: '123456789012', naming: 'initials-id', adminAccess: 'assume-role', passwordPolicy: 'cis', mfaMaxAgeSeconds: 3600 },
    teams: Object.fromEntries(Object.entries(TEAMS).map(([name, roles]) => [name, { description: `The ${name} team`, roles }])),
    roles: ROLES,
    people,
  });
}

/** The shape of an organization roster: how many member accounts, roles per member account and people. */
export interface OrganizationShape {
  readonly accounts: number;
  readonly rolesPerAccount: number;
  readonly people: number;
}

/** Issue 12's scale: 20 member accounts with 10 roles each, and 5,000 people. */
export const ORGANIZATION_SCALE: OrganizationShape = { accounts: 20, rolesPerAccount: 10, people: 5000 };

const ORG_POLICIES = Object.values(ROLES).map((r) => r.managedPolicyArns[0]);

/**
 * A roster governing an organization: the identity account and `accounts` member accounts with
 * 12-digit IDs. Of the roles, rolesPerAccount - 2 exist in every account; four more exist each in
 * half of the member accounts, arranged so every member account holds exactly rolesPerAccount of
 * them (besides the built-in admin and aws-support). Teams grant roles in all of their accounts
 * or in named ones, and people add grants of both kinds, spread over the roster.
 */
export function generateOrganizationRoster(shape: OrganizationShape = ORGANIZATION_SCALE): string {
  if (shape.accounts < 2 || shape.rolesPerAccount < 3) throw new Error('generateOrganizationRoster: at least 2 accounts and 3 roles per account');
  if (shape.people > 5000) throw new Error('generateOrganizationRoster: at most 5,000 people (the IAM users quota)');
  const accountNames = Array.from({ length: shape.accounts }, (_, i) => `acct-${String(i + 1).padStart(2, '0')}`);
  const accounts = Object.fromEntries(
    accountNames.map((name, i) => [name, { id: String(222_222_220_000 + i).padStart(12, '0'), email: `security+${name}@example.com`, description: `Workload account ${i + 1}` }]),
  );
  const everywhere = ['identity', ...accountNames];
  const even = accountNames.filter((_, i) => i % 2 === 0);
  const odd = accountNames.filter((_, i) => i % 2 === 1);
  // Every member account gets two of the four partial roles: even ones p1 and p2, odd ones p3 and p4.
  const roleAccounts: Record<string, string[]> = {};
  for (let i = 1; i <= shape.rolesPerAccount - 2; i++) roleAccounts[`role-${String(i).padStart(2, '0')}`] = everywhere;
  roleAccounts['partial-1'] = ['identity', ...even];
  roleAccounts['partial-2'] = even;
  roleAccounts['partial-3'] = ['identity', ...odd];
  roleAccounts['partial-4'] = odd;
  const roleNames = Object.keys(roleAccounts);
  const roles = Object.fromEntries(
    roleNames.map((name, i) => [
      name,
      { description: `Organization role ${name}`, managedPolicyArns: [ORG_POLICIES[i % ORG_POLICIES.length]], maxSessionHours: 1 + (i % 4), accounts: roleAccounts[name] },
    ]),
  );
  // Eight teams: some grant a role everywhere it exists, some in named accounts only.
  const teams: Record<string, { description: string; roles: (string | { role: string; accounts: string[] })[] }> = {};
  for (let t = 0; t < 8; t++) {
    const all = roleNames[t % (shape.rolesPerAccount - 2)];
    const named = { role: roleNames[(t + 3) % (shape.rolesPerAccount - 2)], accounts: accountNames.filter((_, i) => i % 8 === t % 8 || i % 5 === 0) };
    teams[`team-${t}`] = { description: `Team ${t}`, roles: t % 3 === 2 ? [] : t % 2 === 0 ? [all, named] : [all] };
  }
  const teamNames = Object.keys(teams);
  const people = Array.from({ length: shape.people }, (_, i) => {
    const person: Record<string, unknown> = { name: personName(i), employeeId: String(100_000 + i), team: teamNames[i % teamNames.length] };
    if (i % 50 === 0) person.admin = true;
    if (i % 20 === 7) person.roles = [roleNames[roleNames.length - 1 - (Math.floor(i / 20) % 4)]];
    if (i % 20 === 13) person.roles = [{ role: roleNames[i % (shape.rolesPerAccount - 2)], accounts: [accountNames[i % accountNames.length], accountNames[(i + 7) % accountNames.length]] }];
    if (i % 20 === 11) person.console = false;
    if (i % 33 === 5) person.status = 'suspended';
    return person;
  });
  return stringify({
    settings: { accountId: '123456789012', naming: 'initials-id', adminAccess: 'assume-role', passwordPolicy: 'cis', mfaMaxAgeSeconds: 3600 },
    accounts,
    teams,
    roles,
    people,
  });
}
