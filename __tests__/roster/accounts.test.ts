/**
 * Many accounts (issue 12): member accounts, the accounts each role exists in, and grants in all
 * or named accounts. One fixture per error with its exact message and position; the model
 * functions on examples/organization.yaml; and users.yaml, which names no account, exactly as before.
 */
import { join } from 'node:path';
import { stringify } from 'yaml';
import {
  ADMIN_ROLE_NAME,
  IDENTITY_ACCOUNT,
  assumableRoleAccounts,
  assumableRoles,
  groupsOf,
  governedAccounts,
  loadRosterFile,
  parseRoster,
  roleAccounts,
  roleGroups,
} from '../../roster';
import { SUPPORT_ROLE_NAME } from '../../stacks/built-in-names';
import { PROJECT_ROOT } from '../../tools/project-root';
import { fixtureProblems as problemsOf } from './fixture-problems';

const ORGANIZATION = join(PROJECT_ROOT, 'examples', 'organization.yaml');
const USERS_YAML = join(PROJECT_ROOT, 'users.yaml');
const NAME = 'must be lower-case letters and digits, single "-" between them, starting with a letter, at most 30 characters';

const cases: [string, string, string[]][] = [
  [
    'an account a role, a grant or a setting names must be governed: identity or a key of accounts',
    'accounts-unknown.yaml',
    [
      '4:33: settings.adminRoleAccounts[1]: unknown account "prd" (known: identity, prod)',
      '12:20: teams.platform.roles[0].accounts[0]: unknown account "staging" (known: identity, prod)',
      '17:32: roles.ops.accounts[2]: unknown account "qa" (known: identity, prod)',
      '22:37: people[0].roles[0].accounts[0]: unknown account "dev" (known: identity, prod)',
    ],
  ],
  ['two member accounts with one account ID are one account listed twice', 'accounts-duplicate-id.yaml', ['8:9: accounts.production.id: account ID "222222222222" is also accounts.prod; list each account once']],
  ['an account name given twice is a yaml duplicate key', 'accounts-duplicate-name.yaml', ['7:3: yaml syntax: duplicate key "prod"; each key may appear once in a mapping']],
  [
    'the identity account is never a member account, by its ID or by the name "identity"',
    'accounts-identity-again.yaml',
    [
      '6:9: accounts.main.id: "111111111111" is settings.accountId, the identity account, which is always governed (as "identity" in account lists); remove this entry',
      '7:3: accounts.identity: "identity" is the name account lists give the identity account (settings.accountId), so no member account may take it; pick another name',
    ],
  ],
  [
    'a team or person grants a role only in accounts the role exists in',
    'accounts-grant-outside-role.yaml',
    [
      '13:20: teams.data.roles[0].accounts[0]: role "database-admin" does not exist in account "staging" (its accounts: prod); add staging to roles.database-admin.accounts, or grant it only where it exists',
      '28:30: people[0].roles[0].accounts[1]: role "auditor" does not exist in account "prod" (its accounts: identity); add prod to roles.auditor.accounts, or grant it only where it exists',
    ],
  ],
  [
    'an account ID is exactly 12 digits in quotes; an unquoted one says what to type, leading zero kept',
    'accounts-id-malformed.yaml',
    [
      '6:9: accounts.prod.id: expected a string, got number 222222222222 (quote it: "222222222222")',
      '8:9: accounts.staging.id: expected a string, got number 12345678901 (quote it: "012345678901")',
      '10:9: accounts.dev.id: must be the 12-digit AWS account ID, quoted, got string "33333333333"',
      '12:9: accounts.qa.id: must be the 12-digit AWS account ID, quoted, got string "arn:aws:iam::444444444444:root"',
    ],
  ],
  [
    "an account's root e-mail is an address of at most 64 characters that no other account has, in any case",
    'accounts-email.yaml',
    [
      '7:12: accounts.prod.email: must be an email address, got string "security at example.com"',
      '13:12: accounts.dev.email: "security+shared@example.com" is also the root e-mail of accounts.staging; every AWS account has its own',
      "16:12: accounts.qa.email: \"security-alerts-for-the-quality-assuranc…\" is 70 characters; AWS Organizations allows at most 64 for an account's root e-mail",
    ],
  ],
  [
    'account names, future stack names, are lower-case letters and digits with single "-" between, and never template syntax',
    'accounts-names.yaml',
    [
      `5:3: accounts.Prod: name "Prod" ${NAME}`,
      `7:3: accounts.prod_eu: name "prod_eu" ${NAME}`,
      `9:3: accounts.-prod: name "-prod" ${NAME}`,
      `11:3: accounts.prod--eu: name "prod--eu" ${NAME}`,
      `13:3: accounts.production-europe-west-frankfurt-1: name "production-europe-west-frankfurt-1" ${NAME}`,
      '15:3: accounts: key "${file(\\"/etc/passwd\\")}" contains "${", Terraform template syntax, which is never part of a name or ID; remove it',
      `15:3: accounts.\${file("/etc/passwd")}: name "\${file(\\"/etc/passwd\\")}" ${NAME}`,
    ],
  ],
  [
    "an account's description obeys the text rules of every roster string",
    'accounts-description-text.yaml',
    [
      '7:18: accounts.prod.description: "Production\u200b workloads" contains the invisible or control character U+200B; type the text without it (people read the roster in review and must see every character)',
      '10:18: accounts.staging.description: "Staging ${TfToken[TOKEN.1]}" contains "{TfToken[", the marker CDK for Terraform uses for its own references; remove it',
    ],
  ],
  [
    'the admin and support roles may be narrowed to some accounts, never away from the identity account',
    'accounts-built-in-roles.yaml',
    [
      '4:22: settings.adminRoleAccounts: [prod] leaves out identity, where the stacks always create the admin role (identity stack); add identity to the list',
      '5:24: settings.supportRoleAccounts: [prod, staging] leaves out identity, where the stacks always create the aws-support role (baseline stack); add identity to the list',
    ],
  ],
  [
    'a grant in named accounts is a mapping of role and a non-empty accounts list; anything else says which form was meant',
    'accounts-grant-shape.yaml',
    [
      '10:9: teams.platform.roles[0]: missing required field "accounts" (required: role, accounts)',
      '12:19: teams.platform.roles[1].accounts: needs at least 1 entry, got a list',
      '14:9: teams.platform.roles[2]: unknown key "acounts"; did you mean "accounts"? (known: role, accounts)',
      '15:9: teams.platform.roles[3]: expected a string or a mapping, got number 7',
      '26:15: people[0].roles[0].role: must be lower-case letters, digits and "-", starting with a letter, at most 40 characters, got string "Ops"',
    ],
  ],
  [
    "a grant in named accounts names a roster role, pointed at by its role: field; admin stays admin: true",
    'accounts-grant-role.yaml',
    [
      '10:15: teams.platform.roles[0].role: unknown role "opps" (known: ops)',
      '22:15: people[0].roles[0].role: "admin" is given with "admin: true", not listed in roles',
      '24:15: people[0].roles[1].role: unknown role "nope" (known: ops)',
    ],
  ],
  [
    "a customer managed policy belongs to the one account its role is in; the identity account's message is unchanged",
    'accounts-policy-account.yaml',
    [
      '19:25: roles.ops.managedPolicyArns[0]: "arn:aws:iam::222222222222:policy/prod-operations" is a policy of account 222222222222, but role "ops" exists in prod (222222222222) and staging (333333333333); a role can only attach AWS managed policies (arn:aws:iam::aws:policy/...) or customer managed policies of its own account, so a role in several accounts can attach AWS managed policies only',
      '23:25: roles.identity-ops.managedPolicyArns[0]: "arn:aws:iam::222222222222:policy/prod-operations" is a policy of account 222222222222, and a role can only attach AWS managed policies (arn:aws:iam::aws:policy/...) or customer managed policies of the governed account 111111111111',
    ],
  ],
];

describe('roster errors about accounts', () => {
  test.each(cases)('%s', (_behaviour, fixture, expected) => {
    expect(problemsOf(fixture)).toEqual(expected);
  });
});

describe('examples/organization.yaml: the identity account and two member accounts', () => {
  const roster = loadRosterFile(ORGANIZATION);
  const person = (id: string) => roster.people.find((p) => p.employeeId === id)!;
  const pairs = (id: string) => assumableRoleAccounts(person(id), roster).map(({ role, account }) => `${role}@${account}`);

  test('governs the identity account first, then the member accounts by name', () => {
    expect(governedAccounts(roster)).toEqual([
      { name: 'identity', id: '123456789012', identity: true },
      { name: 'prod', id: '222222222222', identity: false, email: 'security+prod@example.com', description: 'Production workloads' },
      { name: 'staging', id: '333333333333', identity: false, email: 'security+staging@example.com' },
    ]);
  });

  test('each role exists where it says, the identity account when silent; the built-in roles where the settings say', () => {
    expect(Object.fromEntries([ADMIN_ROLE_NAME, SUPPORT_ROLE_NAME, ...Object.keys(roster.roles)].map((role) => [role, roleAccounts(role, roster)]))).toEqual({
      admin: ['identity', 'prod', 'staging'],
      'aws-support': ['identity', 'prod'],
      'platform-operator': ['identity', 'prod', 'staging'],
      'database-admin': ['prod', 'staging'],
      'security-auditor': ['identity', 'prod', 'staging'],
      'billing-viewer': ['identity'],
    });
    expect(roleAccounts('no-such-role', roster)).toEqual([]);
  });

  test('a plain grant is every account of the role; a grant in named accounts only those, and grants add up', () => {
    expect(pairs('1001')).toEqual([
      'admin@identity',
      'admin@prod',
      'admin@staging',
      'aws-support@identity',
      'aws-support@prod',
      'platform-operator@identity',
      'platform-operator@prod',
      'platform-operator@staging',
    ]);
    // The team grants database-admin in staging, José himself in prod.
    expect(pairs('1003')).toEqual(['billing-viewer@identity', 'database-admin@prod', 'database-admin@staging']);
    expect(person('1003')).toMatchObject({ extraRoles: ['database-admin', 'billing-viewer'], extraRoleAccounts: { 'database-admin': ['prod'] } });
    expect(pairs('1004')).toEqual(['security-auditor@identity', 'security-auditor@prod', 'security-auditor@staging']);
  });

  test("a person's groups cover exactly the accounts they are granted: the role's own group when all, else one group per account", () => {
    expect(groupsOf(person('1003'), roster)).toEqual(['readonly-base', 'assume-billing-viewer', 'assume-database-admin']);
    // Mei has only the team's grant, narrowed to staging.
    expect(pairs('1006')).toEqual(['database-admin@staging']);
    expect(groupsOf(person('1006'), roster)).toEqual(['readonly-base', 'assume-database-admin_in_staging']);
    expect(groupsOf(person('1001'), roster)).toEqual(['readonly-base', 'admins', 'assume-platform-operator']);
  });

  test("the roles' groups: each role's own, then one per account that a narrowed grant someone holds names", () => {
    expect(roleGroups(roster)).toEqual([
      { group: 'assume-platform-operator', role: 'platform-operator', accounts: ['identity', 'prod', 'staging'] },
      { group: 'assume-database-admin', role: 'database-admin', accounts: ['prod', 'staging'] },
      { group: 'assume-database-admin_in_staging', role: 'database-admin', accounts: ['staging'] },
      { group: 'assume-security-auditor', role: 'security-auditor', accounts: ['identity', 'prod', 'staging'] },
      { group: 'assume-billing-viewer', role: 'billing-viewer', accounts: ['identity'] },
    ]);
    const withoutMei = { ...roster, people: roster.people.filter((p) => p.employeeId !== '1006') };
    expect(roleGroups(withoutMei).map((g) => g.group)).not.toContain('assume-database-admin_in_staging');
  });

  test('a suspended person assumes nothing in any account', () => {
    expect(assumableRoleAccounts({ ...person('1001'), status: 'suspended' }, roster)).toEqual([]);
  });

  test('validates with no notes: member accounts are deployed like the identity account', () => {
    expect(roster.notes).toEqual([]);
  });
});

describe('a roster without accounts: is exactly what it was', () => {
  const roster = loadRosterFile(USERS_YAML);

  test("every group is a role's own, exactly as before accounts", () => {
    expect(roleGroups(roster).map((g) => [g.group, g.accounts])).toEqual(Object.keys(roster.roles).map((role) => [`assume-${role}`, ['identity']]));
  });

  test('users.yaml governs the identity account alone, with no notes', () => {
    expect(roster.accounts).toEqual({});
    expect(governedAccounts(roster)).toEqual([{ name: IDENTITY_ACCOUNT, id: '123456789012', identity: true }]);
    expect(roster.notes).toEqual([]);
  });

  test('every role, the built-in ones included, exists only in the identity account, and no role entry gained a field', () => {
    for (const role of [ADMIN_ROLE_NAME, SUPPORT_ROLE_NAME, ...Object.keys(roster.roles)]) expect(roleAccounts(role, roster)).toEqual(['identity']);
    for (const entry of Object.values(roster.roles)) expect(Object.keys(entry).sort()).toEqual(['description', 'managedPolicyArns', 'maxSessionHours']);
  });

  test("each person assumes today's roles, all in the identity account: admin and aws-support for admins, then assumableRoles", () => {
    for (const person of roster.people) {
      const today = person.status !== 'active' ? [] : [...(person.admin ? [ADMIN_ROLE_NAME, SUPPORT_ROLE_NAME] : []), ...assumableRoles(person, roster)];
      expect(assumableRoleAccounts(person, roster)).toEqual(today.map((role) => ({ role, account: 'identity' })));
      expect(person).not.toHaveProperty('extraRoleAccounts');
    }
    expect(assumableRoleAccounts(roster.people.find((p) => p.employeeId === '1003')!, roster)).toEqual([
      { role: 'database-admin', account: 'identity' },
      { role: 'network-admin', account: 'identity' },
    ]);
  });

  test('a role listed twice, once plainly and once in named accounts, is granted in all of its accounts', () => {
    const text = stringify({
      settings: { accountId: '111111111111', naming: 'initial-last' },
      accounts: { prod: { id: '222222222222' } },
      teams: { ops: {} },
      roles: { ops: { description: 'Operate', managedPolicyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'], accounts: ['identity', 'prod'] } },
      people: [{ name: 'Ann Lee', employeeId: '1', team: 'ops', roles: ['ops', { role: 'ops', accounts: ['prod'] }] }],
    });
    const parsed = parseRoster(text, 't.yaml');
    expect(assumableRoleAccounts(parsed.people[0], parsed)).toEqual([
      { role: 'ops', account: 'identity' },
      { role: 'ops', account: 'prod' },
    ]);
  });
});
