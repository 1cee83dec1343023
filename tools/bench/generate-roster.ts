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
