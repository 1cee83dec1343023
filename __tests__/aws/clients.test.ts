/**
 * The AWS clients (tools/aws/clients.ts) against a local HTTP server standing in
 * for AWS: which endpoint each client calls, and how a failing call is retried.
 */
import { ListUsersCommand } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RETRY_POLICY, type AwsService, accessAnalyzerClient, accountClient, cloudTrailClient, endpointFor, eventBridgeClient, iamClient, snsClient, stsClient } from '../../tools/aws/clients';

const LIST_USERS = '<ListUsersResponse><ListUsersResult><Users/><IsTruncated>false</IsTruncated></ListUsersResult></ListUsersResponse>';
const CALLER = '<GetCallerIdentityResponse><GetCallerIdentityResult><Account>123456789012</Account><Arn>arn:aws:iam::123456789012:user/x</Arn><UserId>AIDA</UserId></GetCallerIdentityResult></GetCallerIdentityResponse>';
const KEYS = { AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', AWS_REGION: 'us-east-1' };

/** A server that answers each request with the next status in `statuses` (then the last one), counting requests. */
async function fakeAws(body: string, statuses: readonly number[] = [200]): Promise<{ url: string; requests: () => number; server: Server }> {
  let count = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const status = statuses[Math.min(count, statuses.length - 1)];
      count++;
      res.writeHead(status, { 'content-type': 'text/xml' });
      res.end(status === 200 ? body : '<ErrorResponse><Error><Code>ServiceUnavailable</Code><Message>try again</Message></Error></ErrorResponse>');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests: () => count, server };
}

const servers: Server[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});
async function serve(body: string, statuses?: readonly number[]) {
  const fake = await fakeAws(body, statuses);
  servers.push(fake.server);
  return fake;
}

describe('endpoints', () => {
  test('a service-specific endpoint (AWS_ENDPOINT_URL_IAM) wins over AWS_ENDPOINT_URL', async () => {
    const iam = await serve(LIST_USERS);
    const general = await serve(LIST_USERS);
    await iamClient({ ...KEYS, AWS_ENDPOINT_URL: general.url, AWS_ENDPOINT_URL_IAM: iam.url }).send(new ListUsersCommand({}));
    expect([iam.requests(), general.requests()]).toEqual([1, 0]);
  });

  test('every service falls back to AWS_ENDPOINT_URL, and another service\'s variable is ignored', async () => {
    const general = await serve(CALLER);
    const iam = await serve(LIST_USERS);
    const identity = await stsClient({ ...KEYS, AWS_ENDPOINT_URL: general.url, AWS_ENDPOINT_URL_IAM: iam.url }).send(new GetCallerIdentityCommand({}));
    expect(identity.Account).toBe('123456789012');
    expect([general.requests(), iam.requests()]).toEqual([1, 0]);
  });

  test('each client reads the variable the AWS CLI and SDKs name after its service ID (AWS_ENDPOINT_URL_ACCESSANALYZER...)', async () => {
    const clients: [AwsService, { config: { serviceId?: string } }][] = [
      ['IAM', iamClient(KEYS)],
      ['STS', stsClient(KEYS)],
      ['ACCESSANALYZER', accessAnalyzerClient(KEYS)],
      ['ACCOUNT', accountClient(KEYS)],
      ['CLOUDTRAIL', cloudTrailClient(KEYS)],
      ['EVENTBRIDGE', eventBridgeClient(KEYS)],
      ['SNS', snsClient(KEYS)],
    ];
    for (const [service, client] of clients) expect([service, client.config.serviceId?.toUpperCase().replace(/ /g, '_')]).toEqual([service, service]);
  });

  test('a client for resources pinned to a region (the baseline) uses that region, whatever AWS_REGION says', async () => {
    expect(await snsClient({ ...KEYS, AWS_REGION: 'eu-west-1' }, 'us-east-1').config.region()).toBe('us-east-1');
    expect(await snsClient({ ...KEYS, AWS_REGION: 'eu-west-1' }).config.region()).toBe('eu-west-1');
  });

  test('endpointFor says which endpoint a client calls; none set means AWS itself', () => {
    expect(endpointFor({ AWS_ENDPOINT_URL: 'http://a', AWS_ENDPOINT_URL_STS: 'http://s' }, 'STS')).toBe('http://s');
    expect(endpointFor({ AWS_ENDPOINT_URL: 'http://a', AWS_ENDPOINT_URL_STS: 'http://s' }, 'IAM')).toBe('http://a');
    expect(endpointFor({ AWS_ENDPOINT_URL: '' }, 'IAM')).toBeUndefined();
  });
});

describe('retries', () => {
  test('the policy is the standard mode with three attempts, on every client', async () => {
    expect(RETRY_POLICY).toEqual({ retryMode: 'standard', maxAttempts: 3 });
    for (const client of [iamClient(KEYS), stsClient(KEYS), accessAnalyzerClient(KEYS), accountClient(KEYS), cloudTrailClient(KEYS), eventBridgeClient(KEYS), snsClient(KEYS)]) {
      expect(await client.config.maxAttempts()).toBe(3);
      expect(client.config.retryMode).toBe('standard');
    }
  });

  test('a call that fails twice with a 503 succeeds on the third attempt', async () => {
    const aws = await serve(LIST_USERS, [503, 503, 200]);
    const out = await iamClient({ ...KEYS, AWS_ENDPOINT_URL: aws.url }).send(new ListUsersCommand({}));
    expect(out.Users).toEqual([]);
    expect(aws.requests()).toBe(3);
  });

  test('a call that keeps failing stops after three attempts and throws', async () => {
    const aws = await serve(CALLER, [503]);
    await expect(stsClient({ ...KEYS, AWS_ENDPOINT_URL: aws.url }).send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({ $metadata: { httpStatusCode: 503, attempts: 3 } });
    expect(aws.requests()).toBe(3);
  });
});
