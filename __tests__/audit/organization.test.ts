/**
 * The organization checks on ListAccounts as AWS answers it, against examples/organization.yaml
 * (identity 123456789012, prod 222222222222, staging 333333333333, the list at example.com).
 */
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadRosterFile } from '../../roster';
import { ruleOf } from '../../tools/audit/rules';
import { type OrganizationAccount, checkOrganization, emailDomain, fetchOrganization } from '../../tools/audit/organization';
import { organizationsClient } from '../../tools/aws/clients';
import { ORGANIZATION_ROSTER } from '../stacks/synthesized';

const roster = loadRosterFile(ORGANIZATION_ROSTER);
const account = (id: string, email: string, state = 'ACTIVE'): OrganizationAccount => ({ id, name: `acct-${id}`, email, state });
const clean = [account('123456789012', 'root@example.com'), account('222222222222', 'security+prod@example.com'), account('333333333333', 'security+staging@example.com')];
const found = (accounts: readonly OrganizationAccount[], r = roster) => checkOrganization(r, { accounts }).map((f) => `${f.id} ${f.severity} ${f.user}`);

describe('the organization checks', () => {
  test('an organization of exactly the roster accounts, with their e-mails on the list domain, has no finding', () => {
    expect(found(clean)).toEqual([]);
  });

  test('an active account nobody governs is reported by ID; a closed or suspended one is not', () => {
    const extra = [...clean, account('444444444444', 'security+sandbox@example.com'), account('555555555555', 'x@example.com', 'SUSPENDED'), account('666666666666', 'y@example.com', 'CLOSED')];
    expect(found(extra)).toEqual(['account-not-on-roster high account/444444444444']);
  });

  test('a roster account the organization does not list is reported under its roster name', () => {
    expect(found(clean.filter((a) => a.id !== '333333333333'))).toEqual(['account-not-in-organization medium staging:account']);
  });

  test("a root e-mail other than the roster's is drift; one differing only in case is not", () => {
    const accounts = clean.map((a) => (a.id === '222222222222' ? { ...a, email: 'ops@example.com' } : a.id === '333333333333' ? { ...a, email: 'Security+Staging@EXAMPLE.com' } : a));
    expect(found(accounts)).toEqual(['root-email-drift medium prod:root-email']);
  });

  test('a root e-mail on a subdomain, a look-alike or another domain is off the list domain, in any account', () => {
    const accounts = [
      account('123456789012', 'root@aws.example.com'),
      account('222222222222', 'security+prod@example.com.evil.io'),
      account('333333333333', 'security+staging@example.com'),
      account('444444444444', 'someone@gmail.com'),
    ];
    expect(found(accounts).sort()).toEqual(
      [
        'account-not-on-roster high account/444444444444',
        'root-email-drift medium prod:root-email',
        'root-email-off-domain high account/444444444444',
        'root-email-off-domain high identity:root-email',
        'root-email-off-domain high prod:root-email',
      ].sort(),
    );
    expect(emailDomain('A@B@Example.COM')).toBe('example.com');
  });

  test('without a security contact there is no list domain, so no e-mail is off it', () => {
    const { securityContact: _none, ...settings } = roster.settings;
    expect(found([...clean.slice(0, 2), account('333333333333', 'security+staging@elsewhere.org')], { ...roster, settings })).toEqual([
      'root-email-drift medium staging:root-email',
    ]);
  });

  test('an organization that cannot be read is one info finding, and every finding is a listed rule', () => {
    const unread = checkOrganization(roster, { unreadable: 'the account is in no organization' });
    expect(unread.map((f) => `${f.id} ${f.severity} ${f.user}`)).toEqual(['organization-not-read info organization']);
    expect(unread[0].found).toBe('the account is in no organization');
    const all = checkOrganization(roster, { accounts: [account('123456789012', 'a@b.org'), account('999999999999', 'c@d.org')] });
    expect(all.length).toBeGreaterThan(0);
    for (const f of [...unread, ...all]) expect(ruleOf(f)).toBeDefined();
  });
});

const servers: Server[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

/** A loopback Organizations endpoint giving every ListAccounts call one answer (AWS JSON 1.1), and counting the calls. */
async function organizationsAnswering(status: number, body: object, errorType?: string) {
  const seen: string[] = [];
  const server = createServer((req, res) => {
    seen.push(String(req.headers['x-amz-target']));
    req.resume().on('end', () => {
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', ...(errorType ? { 'x-amzn-errortype': errorType } : {}) });
      res.end(JSON.stringify(body));
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const env = { AWS_ENDPOINT_URL_ORGANIZATIONS: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing' };
  return { client: organizationsClient(env), seen };
}

describe('reading the organization', () => {
  test('ListAccounts gives each account with its root e-mail and state (State before the older Status)', async () => {
    const { client, seen } = await organizationsAnswering(200, {
      Accounts: [
        { Id: '123456789012', Name: 'identity', Email: 'root@example.com', Status: 'ACTIVE', State: 'ACTIVE' },
        { Id: '444444444444', Name: 'old', Email: 'old@example.com', Status: 'SUSPENDED', State: 'CLOSED' },
      ],
    });
    expect(await fetchOrganization(client, '123456789012')).toEqual({
      accounts: [
        { id: '123456789012', name: 'identity', email: 'root@example.com', state: 'ACTIVE' },
        { id: '444444444444', name: 'old', email: 'old@example.com', state: 'CLOSED' },
      ],
    });
    expect(seen).toEqual(['AWSOrganizationsV20161128.ListAccounts']);
  });

  test("a list without the caller's own account is no organization (moto answers so outside one)", async () => {
    const { client } = await organizationsAnswering(200, { Accounts: [] });
    expect(await fetchOrganization(client, '123456789012')).toEqual({ unreadable: 'the account is in no organization' });
  });

  test.each([
    ['AccessDeniedException', 'organizations:ListAccounts was denied (AccessDeniedException)'],
    ['AWSOrganizationsNotInUseException', 'the account is in no organization'],
  ])('%s is an answer: the organization is unreadable, and the audit goes on', async (type, reason) => {
    const { client } = await organizationsAnswering(400, { __type: type, Message: 'from the test' }, type);
    expect(await fetchOrganization(client, '123456789012')).toEqual({ unreadable: reason });
  });

  test('any other error is thrown, for the audit to end on', async () => {
    const { client } = await organizationsAnswering(400, { __type: 'InvalidInputException', Message: 'bad token' }, 'InvalidInputException');
    await expect(fetchOrganization(client, '123456789012')).rejects.toMatchObject({ name: 'InvalidInputException' });
  });
});
