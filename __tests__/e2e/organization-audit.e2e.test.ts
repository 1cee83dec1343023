/**
 * The audit of a whole organization in the emulator: an organization created from the identity
 * account (moto's own, 123456789012, which becomes its management account), member accounts made
 * with CreateAccount (random IDs, so the roster is written for them), the roster deployed, then
 * changes made by hand with the SDK, audited through the CLI as npm run audit runs it.
 */
import { PutAlternateContactCommand } from '@aws-sdk/client-account';
import { CreateRoleCommand, CreateUserCommand, GetAccountPasswordPolicyCommand, UpdateAccountPasswordPolicyCommand } from '@aws-sdk/client-iam';
import { CreateAccountCommand, CreateOrganizationCommand, type OrganizationsClient } from '@aws-sdk/client-organizations';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadRosterFile } from '../../roster';
import type { RosterInput } from '../../roster/schema';
import { type Finding, severityRank } from '../../tools/audit/findings';
import { ruleOf } from '../../tools/audit/rules';
import { runAudit } from '../../tools/audit/run-audit';
import { accountClient, organizationsClient } from '../../tools/aws/clients';
import { ORGANIZATION_ROSTER } from '../stacks/synthesized';
import { DeployTarget } from './deploy-target';
import { memberEnv, memberIam } from './member-account-access';

const IDENTITY = '123456789012';
/** The rules this file is about: the organization's and the member accounts' own. */
const WATCHED = ['organization-not-read', 'account-not-on-roster', 'account-not-in-organization', 'root-email-drift', 'root-email-off-domain', 'member-account-user', 'role-trust-no-mfa'];

let target: DeployTarget;
let org: OrganizationsClient;
const ids: Record<string, string> = {};

/** examples/organization.yaml with these member accounts instead of its own. */
function organizationRoster(accounts: RosterInput['accounts']): RosterInput {
  return { ...(parse(readFileSync(ORGANIZATION_ROSTER, 'utf8')) as RosterInput), accounts };
}

/** The roster's two member accounts, at the IDs CreateAccount gave them. */
const governed = () => ({ prod: { id: ids.prod, email: 'security+prod@example.com' }, staging: { id: ids.staging, email: 'security+staging@example.com' } });

async function createAccount(name: string, email: string): Promise<string> {
  const { CreateAccountStatus: status } = await org.send(new CreateAccountCommand({ AccountName: name, Email: email }));
  expect(status).toMatchObject({ State: 'SUCCEEDED', AccountId: expect.stringMatching(/^\d{12}$/) });
  return status?.AccountId as string;
}

/** The findings of the watched rules, and any other in a member account at low or above, as "id severity object". */
function watched(findings: readonly Finding[]): string[] {
  const inMember = (f: Finding) => /^[a-z0-9-]+:/.test(f.user) && severityRank(f.severity) >= severityRank('low');
  return findings.filter((f) => WATCHED.includes(f.id) || inMember(f)).map((f) => `${f.id} ${f.severity} ${f.user}`);
}

beforeAll(async () => {
  target = await DeployTarget.start();
  org = organizationsClient(target.env);
});

afterAll(async () => {
  await target?.stop();
});

test('before there is an organization the audit says so in one info finding, and still reads each member account', async () => {
  const roster = loadRosterFile(ORGANIZATION_ROSTER);
  const result = await runAudit({ roster, env: target.env, pollIntervalMs: 50, accessAnalyzer: false, memberAccounts: { auditRole: 'OrganizationAccountAccessRole' } });
  const organization = result.findings.filter((f) => ruleOf(f) && ['organization-not-read', 'account-not-on-roster', 'account-not-in-organization', 'root-email-off-domain'].includes(f.id));
  expect(organization.map((f) => `${f.id} ${f.severity} ${f.user}`)).toEqual(['organization-not-read info organization']);
  expect(organization[0].found).toBe('the account is in no organization');
  // Nothing is deployed: each member account's roles are missing, named by account.
  expect(result.findings.filter((f) => f.id === 'role-missing').map((f) => f.user)).toEqual(expect.arrayContaining(['prod:role/database-admin', 'staging:role/database-admin']));
});

test('an organization of exactly the roster accounts, deployed, audits without any organization or member-account finding', async () => {
  await org.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
  ids.prod = await createAccount('prod', 'security+prod@example.com');
  ids.staging = await createAccount('staging', 'security+staging@example.com');
  const file = target.rosterFile(organizationRoster(governed()));
  expect((await target.deploy(file)).map((d) => [d.stack, d.applied])).toEqual([
    ['identity', true],
    ['baseline', true],
    ['account-prod', true],
    ['account-staging', true],
  ]);
  const result = await runAudit({ roster: loadRosterFile(file), env: target.env, pollIntervalMs: 50, accessAnalyzer: false, memberAccounts: { auditRole: 'OrganizationAccountAccessRole' } });
  expect(watched(result.findings)).toEqual([]);
  // Each member account was read: the analyzer the emulator lacks is reported per account.
  expect(result.findings.filter((f) => f.id === 'access-analyzer-not-checked').map((f) => f.user).sort()).toEqual(['access-analyzer', 'prod:access-analyzer', 'staging:access-analyzer']);
});

test('npm run audit finds a hand-made user, an MFA-less role and baseline drift in member accounts, an account nobody governs, a root e-mail off the list domain, and a roster account outside the organization', async () => {
  const prod = await memberIam(target.env, ids.prod);
  await prod.send(new CreateUserCommand({ UserName: 'intruder' }));
  const openTrust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${IDENTITY}:root` }, Action: 'sts:AssumeRole' }] };
  await (await memberIam(target.env, ids.staging)).send(new CreateRoleCommand({ RoleName: 'hand-made-admin', AssumeRolePolicyDocument: JSON.stringify(openTrust) }));
  const sandbox = await createAccount('sandbox', 'security+sandbox@example.com');
  // A new governed account whose root e-mail is someone's own mailbox, deployed like the others.
  ids.dev = await createAccount('dev', 'dev-owner@Gmail.com');
  const withDev = { ...governed(), dev: { id: ids.dev, email: 'dev-owner@gmail.com' } };
  const deployed = await target.deploy(target.rosterFile(organizationRoster(withDev)));
  expect(deployed.filter((d) => d.applied).map((d) => d.stack)).toEqual(['account-dev']);
  // After that deploy (which would repair them): the baseline changed by hand in two member accounts.
  // The deployed policy with a shorter minimum length, every other field as it was.
  const { PasswordPolicy: deployedPolicy } = await prod.send(new GetAccountPasswordPolicyCommand({}));
  const { ExpirePasswords: _derived, ...policy } = deployedPolicy ?? {};
  await prod.send(new UpdateAccountPasswordPolicyCommand({ ...policy, MinimumPasswordLength: 8 }));
  const contact = { AlternateContactType: 'SECURITY' as const, Name: 'Security Team', Title: 'Security', EmailAddress: 'someone@elsewhere.org', PhoneNumber: '+1 555 0100' };
  await accountClient(await memberEnv(target.env, ids.staging), 'us-east-1').send(new PutAlternateContactCommand(contact));
  // And an account on the roster the organization does not have (never deployed).
  const file = target.rosterFile(organizationRoster({ ...withDev, legacy: { id: '999999999999' } }));

  const run = target.cli('audit', ['--roster', file, '--format', 'json']);
  expect({ code: run.code, stderr: run.stderr.split('\n').filter((l) => !/credential report/.test(l)).join('\n').trim() }).toEqual({ code: 1, stderr: '' });
  const report = JSON.parse(run.stdout) as { findings: Finding[] };
  expect(watched(report.findings).sort()).toEqual(
    [
      'account-not-in-organization medium legacy:account',
      `account-not-on-roster high account/${sandbox}`,
      'member-account-user high prod:user/intruder',
      'role-trust-no-mfa high staging:role/hand-made-admin',
      'root-email-off-domain high dev:root-email',
      'password-policy-drift high prod:password-policy',
      'security-contact-drift medium staging:security-contact',
    ].sort(),
  );
  const byObject = new Map(report.findings.map((f) => [f.user, f]));
  expect(byObject.get('prod:user/intruder')?.message).toContain(`in account prod (${ids.prod})`);
  expect(byObject.get('staging:role/hand-made-admin')?.found).toBe(`arn:aws:iam::${IDENTITY}:root`);
  expect(byObject.get('dev:root-email')?.found).toBe('dev-owner@Gmail.com');
  expect(byObject.get('staging:security-contact')).toMatchObject({ expected: 'security-alerts@example.com', found: 'someone@elsewhere.org' });
  expect(byObject.get('prod:password-policy')).toMatchObject({ expected: String(deployedPolicy?.MinimumPasswordLength), found: '8' });
  expect(byObject.get(`account/${sandbox}`)?.message).toContain('security+sandbox@example.com');
  for (const f of report.findings) expect(ruleOf(f)).toBeDefined();

  // --identity-only reads neither the organization nor any member account.
  const identityOnly = target.cli('audit', ['--roster', file, '--format', 'json', '--identity-only']);
  expect(identityOnly.code).toBe(0);
  expect(watched((JSON.parse(identityOnly.stdout) as { findings: Finding[] }).findings)).toEqual([]);

  // The HTML report carries the member findings beside one row per person.
  const page = join(target.stateDir, 'audit.html');
  expect(target.cli('audit', ['--roster', file, '--format', 'html', '--output', page]).code).toBe(1);
  const html = readFileSync(page, 'utf8');
  for (const object of ['prod:user/intruder', 'staging:role/hand-made-admin', 'dev:root-email', `account/${sandbox}`]) expect(html).toContain(`<td>${object}</td>`);
  const people = loadRosterFile(file).people;
  expect(html.match(/<tr data-employee-id=/g)).toHaveLength(people.length);
  for (const person of people) expect(html).toContain(`<td class="username">${person.username}</td>`);
});
