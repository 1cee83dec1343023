/**
 * The baseline checks: each rule on values in the shape the APIs return them, then
 * checkBaseline itself through the real SDK clients against a loopback server answering
 * with hand-written responses in each service's wire format. That is the only test of
 * Access Analyzer: the emulator (moto 5.2.5) has no Access Analyzer API (CreateAnalyzer
 * answers HTTP 500), so the e2e test can only see the check skipped.
 */
import type { AnalyzerSummary } from '@aws-sdk/client-accessanalyzer';
import type { Rule, Target } from '@aws-sdk/client-eventbridge';
import type { Trail } from '@aws-sdk/client-cloudtrail';
import { type IncomingMessage, type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadRosterFile } from '../../roster';
import { ALERT_RULES } from '../../stacks/policies/baseline-documents';
import { iamClient } from '../../tools/aws/clients';
import type { AuditContext } from '../../tools/audit/audit-context';
import type { IamRoleDetails } from '../../tools/audit/authorization-details';
import {
  checkAccessAnalyzer,
  checkAccountAlias,
  checkAlertRules,
  checkAlertSubscription,
  checkBaseline,
  checkSecurityContact,
  checkSupportRole,
  checkTrail,
} from '../../tools/audit/baseline-checks';
import { describeAwsError } from '../../tools/audit/errors';
import { BASELINE_RULES } from '../../tools/audit/rules/baseline';
import { EXAMPLE_ROSTER } from '../stacks/synthesized';

const ACCOUNT = '123456789012';
const TOPIC = `arn:aws:sns:us-east-1:${ACCOUNT}:security-alerts`;
const CONTACT = { name: 'Security Team', email: 'security-alerts@example.com', phone: '+1 555 0100', title: 'Security' };
/** GetAlternateContact's AlternateContact after a deploy of that contact. */
const DEPLOYED_CONTACT = { AlternateContactType: 'SECURITY', Name: 'Security Team', EmailAddress: 'security-alerts@example.com', PhoneNumber: '+1 555 0100', Title: 'Security' } as const;

/** A pattern as AWS hands it back: its own key order and spacing, not the stack's. */
function reserialised(value: unknown): string {
  const reverse = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(reverse) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reverse(x)])) : v;
  return JSON.stringify(reverse(value), null, 1);
}

/** ListRules' Rules and each rule's ListTargetsByRule Targets after a deploy. */
function deployedRules(): { rules: Rule[]; targets: Map<string, Target[]> } {
  const rules = ALERT_RULES.map((def) => ({
    Name: `security-alert-${def.key}`,
    Arn: `arn:aws:events:us-east-1:${ACCOUNT}:rule/security-alert-${def.key}`,
    EventPattern: reserialised(def.pattern),
    State: 'ENABLED' as const,
    Description: def.description,
    EventBusName: 'default',
  }));
  return { rules, targets: new Map(rules.map((r) => [r.Name, [{ Id: 'security-alerts-topic', Arn: TOPIC }]])) };
}

const DEPLOYED_TRAIL: Trail = {
  Name: 'account-trail',
  S3BucketName: `iam-roster-cloudtrail-${ACCOUNT}`,
  IncludeGlobalServiceEvents: true,
  IsMultiRegionTrail: true,
  HomeRegion: 'us-east-1',
  TrailARN: `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/account-trail`,
  LogFileValidationEnabled: true,
  HasCustomEventSelectors: false,
  HasInsightSelectors: false,
  IsOrganizationTrail: false,
};

const SUPPORT_ROLE: IamRoleDetails = {
  roleName: 'aws-support',
  path: '/privileged/',
  arn: `arn:aws:iam::${ACCOUNT}:role/privileged/aws-support`,
  trustPolicy: '{}',
  attachedPolicyArns: ['arn:aws:iam::aws:policy/AWSSupportAccess'],
  inlinePolicyNames: [],
};

const summary = (findings: readonly { id: string; severity: string; user: string }[]) => findings.map((f) => `${f.id} ${f.severity} ${f.user}`);

describe('account alias', () => {
  test('the roster alias among the account aliases is no finding', () => {
    expect(checkAccountAlias('example-corp-identity', ['example-corp-identity'])).toEqual([]);
  });

  test('no alias is account-alias-drift (low), a deploy repairs it', () => {
    const [f] = checkAccountAlias('example-corp-identity', []);
    expect(f).toMatchObject({ id: 'account-alias-drift', severity: 'low', user: 'account-alias', expected: 'example-corp-identity', found: 'no alias' });
    expect(f.action).toContain('npm run deploy repairs it');
  });

  test('another alias names it', () => {
    expect(checkAccountAlias('example-corp-identity', ['old-name'])).toEqual([
      expect.objectContaining({ id: 'account-alias-drift', message: 'the account alias is old-name; the roster sets example-corp-identity', found: 'old-name' }),
    ]);
  });
});

describe('SECURITY alternate contact (CIS 1.2)', () => {
  test('the deployed contact is no finding', () => {
    expect(checkSecurityContact(CONTACT, DEPLOYED_CONTACT)).toEqual([]);
  });

  test('no contact is security-contact-missing (medium)', () => {
    expect(checkSecurityContact(CONTACT, undefined)).toEqual([
      expect.objectContaining({ id: 'security-contact-missing', severity: 'medium', user: 'security-contact', found: 'no SECURITY contact' }),
    ]);
  });

  test('another e-mail address is medium, another phone number low, one finding per field', () => {
    const findings = checkSecurityContact(CONTACT, { ...DEPLOYED_CONTACT, EmailAddress: 'someone@elsewhere.example', PhoneNumber: '+1 555 0199' });
    expect(findings.map((f) => [f.severity, f.expected, f.found])).toEqual([
      ['medium', 'security-alerts@example.com', 'someone@elsewhere.example'],
      ['low', '+1 555 0100', '+1 555 0199'],
    ]);
    expect(findings[0].message).toBe('the SECURITY contact\'s EmailAddress is "someone@elsewhere.example"; settings.securityContact.email is "security-alerts@example.com"');
  });
});

describe('Access Analyzer (CIS 1.20)', () => {
  const analyzer = (over: Partial<AnalyzerSummary>): AnalyzerSummary => ({
    arn: `arn:aws:access-analyzer:us-east-1:${ACCOUNT}:analyzer/account-external-access`,
    name: 'account-external-access',
    type: 'ACCOUNT',
    createdAt: new Date('2026-11-02T10:00:00Z'),
    status: 'ACTIVE',
    ...over,
  });

  test('an active account analyzer is no finding; so is an organization one of another name', () => {
    expect(checkAccessAnalyzer([analyzer({})])).toEqual([]);
    expect(checkAccessAnalyzer([analyzer({ name: 'org', type: 'ORGANIZATION' })])).toEqual([]);
  });

  test('none, a failed one, or only an unused-access analyzer is access-analyzer-missing (high)', () => {
    for (const analyzers of [[], [analyzer({ status: 'FAILED', statusReason: { code: 'AWS_SERVICE_ACCESS_DISABLED' } })], [analyzer({ name: 'unused', type: 'ACCOUNT_UNUSED_ACCESS' })]]) {
      expect(summary(checkAccessAnalyzer(analyzers))).toEqual(['access-analyzer-missing high access-analyzer']);
    }
    const [failed] = checkAccessAnalyzer([analyzer({ status: 'FAILED', statusReason: { code: 'AWS_SERVICE_ACCESS_DISABLED' } })]);
    expect(failed.found).toBe('account-external-access (ACCOUNT), FAILED: AWS_SERVICE_ACCESS_DISABLED');
    expect(failed.action).toContain('exists but is FAILED');
    expect(checkAccessAnalyzer([])[0].action).toContain('npm run deploy repairs it');
  });

  test('not read (the target lacks the API) is an info finding that says so', () => {
    expect(checkAccessAnalyzer(undefined)).toEqual([expect.objectContaining({ id: 'access-analyzer-not-checked', severity: 'info', user: 'access-analyzer' })]);
  });
});

describe('alert rules (CIS 4.2, 4.3)', () => {
  test('the deployed rules, patterns in another key order, are no finding', () => {
    expect(checkAlertRules(TOPIC, deployedRules())).toEqual([]);
  });

  test('a missing rule is alert-rule-missing (medium) on alert-rule/<name>', () => {
    const { rules, targets } = deployedRules();
    expect(summary(checkAlertRules(TOPIC, { rules: rules.filter((r) => r.Name !== 'security-alert-root-api-use'), targets }))).toEqual([
      'alert-rule-missing medium alert-rule/security-alert-root-api-use',
    ]);
  });

  test('a disabled rule, a changed pattern and a removed target are each alert-rule-drift (medium)', () => {
    const { rules, targets } = deployedRules();
    rules[0] = { ...rules[0], State: 'DISABLED' };
    rules[1] = { ...rules[1], EventPattern: JSON.stringify({ source: ['aws.signin'] }) };
    targets.set(rules[2].Name as string, []);
    const findings = checkAlertRules(TOPIC, { rules, targets });
    expect(findings.map((f) => `${f.id} ${f.severity} ${f.user} ${f.found}`)).toEqual([
      'alert-rule-drift medium alert-rule/security-alert-root-console-sign-in DISABLED',
      'alert-rule-drift medium alert-rule/security-alert-root-api-use {"source":["aws.signin"]}',
      'alert-rule-drift medium alert-rule/security-alert-console-sign-in-without-mfa no target',
    ]);
    expect(findings.every((f) => f.action.includes('npm run deploy repairs it'))).toBe(true);
  });

  test('a target on another topic is drift, naming the topic found', () => {
    const { rules, targets } = deployedRules();
    targets.set(rules[0].Name as string, [{ Id: 'x', Arn: `arn:aws:sns:us-east-1:${ACCOUNT}:elsewhere` }]);
    expect(checkAlertRules(TOPIC, { rules, targets })).toEqual([expect.objectContaining({ id: 'alert-rule-drift', expected: TOPIC, found: `arn:aws:sns:us-east-1:${ACCOUNT}:elsewhere` })]);
  });
});

describe('alert subscription', () => {
  const confirmed = { TopicArn: TOPIC, Protocol: 'email', Endpoint: 'security-alerts@example.com', SubscriptionArn: `${TOPIC}:0b6f1a8e-6a53-4a5c-9a43-8f4a1c2e7d10`, Owner: ACCOUNT };

  test('a confirmed e-mail subscription for the list is no finding', () => {
    expect(checkAlertSubscription(CONTACT.email, TOPIC, [confirmed])).toEqual([]);
  });

  test('no subscription for the list, or no topic, is alert-subscription-missing (medium)', () => {
    expect(summary(checkAlertSubscription(CONTACT.email, TOPIC, [{ ...confirmed, Endpoint: 'someone@example.com' }]))).toEqual(['alert-subscription-missing medium alert-topic/security-alerts']);
    expect(checkAlertSubscription(CONTACT.email, TOPIC, [])[0].found).toBe('no subscription');
    expect(checkAlertSubscription(CONTACT.email, TOPIC, undefined)[0]).toMatchObject({ id: 'alert-subscription-missing', found: 'no topic' });
  });

  test('an unconfirmed subscription is alert-subscription-pending (low), which a deploy does not repair', () => {
    const [f] = checkAlertSubscription(CONTACT.email, TOPIC, [{ ...confirmed, SubscriptionArn: 'PendingConfirmation' }]);
    expect(f).toMatchObject({ id: 'alert-subscription-pending', severity: 'low', found: 'PendingConfirmation' });
    expect(f.action).toContain('does not repair');
  });
});

describe('CloudTrail (CIS 3.1, 3.2)', () => {
  test('the deployed trail, logging, is no finding', () => {
    expect(checkTrail(DEPLOYED_TRAIL, { IsLogging: true })).toEqual([]);
  });

  test('no trail is cloudtrail-missing (high)', () => {
    expect(summary(checkTrail(undefined, undefined))).toEqual(['cloudtrail-missing high cloudtrail/account-trail']);
  });

  test('a stopped trail is cloudtrail-not-logging (high)', () => {
    expect(summary(checkTrail(DEPLOYED_TRAIL, { IsLogging: false }))).toEqual(['cloudtrail-not-logging high cloudtrail/account-trail']);
  });

  test('a single-region trail is high, one without log file validation medium', () => {
    const findings = checkTrail({ ...DEPLOYED_TRAIL, IsMultiRegionTrail: false, LogFileValidationEnabled: false }, { IsLogging: true });
    expect(findings.map((f) => `${f.id} ${f.severity} ${f.message}`)).toEqual([
      'cloudtrail-drift high IsMultiRegionTrail is false, so activity in other regions is not recorded',
      'cloudtrail-drift medium LogFileValidationEnabled is false, so a log file changed after delivery cannot be detected',
    ]);
  });
});

describe('support role (CIS 1.17)', () => {
  test('present is no finding (the role checks compare it); absent is support-role-missing (low)', () => {
    expect(checkSupportRole([SUPPORT_ROLE])).toEqual([]);
    expect(summary(checkSupportRole([]))).toEqual(['support-role-missing low role/aws-support']);
  });
});

test('every finding the checks make names a rule of the baseline section with its severity', () => {
  const { rules, targets } = deployedRules();
  const findings = [
    ...checkAccountAlias('a-b-c', []),
    ...checkSecurityContact(CONTACT, undefined),
    ...checkSecurityContact(CONTACT, { ...DEPLOYED_CONTACT, EmailAddress: 'x@example.com', Title: 'x' }),
    ...checkAccessAnalyzer(undefined),
    ...checkAccessAnalyzer([]),
    ...checkAlertRules(TOPIC, { rules: [{ ...rules[0], State: 'DISABLED' }], targets }),
    ...checkAlertSubscription(CONTACT.email, TOPIC, undefined),
    ...checkAlertSubscription(CONTACT.email, TOPIC, [{ Protocol: 'email', Endpoint: CONTACT.email, SubscriptionArn: 'PendingConfirmation' }]),
    ...checkTrail(undefined, undefined),
    ...checkTrail({ ...DEPLOYED_TRAIL, IsMultiRegionTrail: false, LogFileValidationEnabled: false }, { IsLogging: false }),
    ...checkSupportRole([]),
  ];
  const known = new Set(BASELINE_RULES.rules.map((r) => `${r.id} ${r.severity}`));
  expect(findings.map((f) => `${f.id} ${f.severity}`).filter((k) => !known.has(k))).toEqual([]);
  expect(new Set(findings.map((f) => `${f.id} ${f.severity}`))).toEqual(known);
});

// ---- through the SDK ---------------------------------------------------------

interface Exchange {
  readonly call: string;
  /** The region the request was signed for. */
  readonly region: string;
}

type Answer = { status?: number; headers?: Record<string, string>; body: string };

/** Responses in each service's wire format, as AWS sends them after a deploy of the example roster. */
function awsAnswers(over: Partial<Record<string, Answer>> = {}): Record<string, Answer> {
  const json = (value: unknown, type = 'application/x-amz-json-1.1'): Answer => ({ headers: { 'content-type': type }, body: JSON.stringify(value) });
  const xml = (body: string): Answer => ({ headers: { 'content-type': 'text/xml' }, body });
  const { rules } = deployedRules();
  return {
    'iam:ListAccountAliases': xml(
      '<ListAccountAliasesResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><ListAccountAliasesResult><IsTruncated>false</IsTruncated><AccountAliases><member>example-corp-identity</member></AccountAliases></ListAccountAliasesResult><ResponseMetadata><RequestId>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</RequestId></ResponseMetadata></ListAccountAliasesResponse>',
    ),
    'account:GetAlternateContact': json({ AlternateContact: DEPLOYED_CONTACT }, 'application/json'),
    'access-analyzer:ListAnalyzers': json(
      {
        analyzers: [
          { arn: `arn:aws:access-analyzer:us-east-1:${ACCOUNT}:analyzer/account-external-access`, name: 'account-external-access', type: 'ACCOUNT', createdAt: '2026-11-02T10:00:00Z', status: 'ACTIVE', tags: {} },
        ],
      },
      'application/json',
    ),
    'events:ListRules': json({ Rules: rules }),
    'events:ListTargetsByRule': json({ Targets: [{ Id: 'security-alerts-topic', Arn: TOPIC, InputTransformer: { InputPathsMap: { account: '$.account' }, InputTemplate: '"<account>"' } }] }),
    'sns:ListSubscriptionsByTopic': xml(
      `<ListSubscriptionsByTopicResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><ListSubscriptionsByTopicResult><Subscriptions><member><TopicArn>${TOPIC}</TopicArn><Protocol>email</Protocol><SubscriptionArn>${TOPIC}:0b6f1a8e-6a53-4a5c-9a43-8f4a1c2e7d10</SubscriptionArn><Owner>${ACCOUNT}</Owner><Endpoint>security-alerts@example.com</Endpoint></member></Subscriptions></ListSubscriptionsByTopicResult><ResponseMetadata><RequestId>384ac68d-3775-11df-8963-01868b7c937a</RequestId></ResponseMetadata></ListSubscriptionsByTopicResponse>`,
    ),
    'cloudtrail:DescribeTrails': json({ trailList: [DEPLOYED_TRAIL] }),
    'cloudtrail:GetTrailStatus': json({ IsLogging: true, LatestDeliveryTime: 1795000000, StartLoggingTime: 1793000000, TimeLoggingStarted: '2026-11-02T10:00:00Z' }),
    ...over,
  } as Record<string, Answer>;
}

/** Which call a request is, from its protocol: query (Action=), JSON 1.1 (X-Amz-Target) or REST JSON (the path). */
function callOf(req: IncomingMessage, body: string): string {
  const target = req.headers['x-amz-target'];
  if (typeof target === 'string') {
    const op = target.split('.').pop() as string;
    return target.startsWith('AWSEvents') ? `events:${op}` : `cloudtrail:${op}`;
  }
  const action = new URLSearchParams(body).get('Action');
  if (action === 'ListAccountAliases') return 'iam:ListAccountAliases';
  if (action) return `sns:${action}`;
  if (req.url?.startsWith('/analyzer')) return 'access-analyzer:ListAnalyzers';
  if (req.url?.startsWith('/getAlternateContact')) return 'account:GetAlternateContact';
  return `unknown ${req.method} ${req.url}`;
}

const servers: Server[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

/** A loopback "AWS" answering each call with its recorded response; it logs every call and the region it was signed for. */
async function fakeAws(answers: Record<string, Answer>): Promise<{ url: string; log: Exchange[] }> {
  const log: Exchange[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const call = callOf(req, body);
      const region = /Credential=[^/]+\/\d+\/([^/]+)\//.exec(String(req.headers.authorization))?.[1] ?? '';
      log.push({ call, region });
      const answer = answers[call] ?? { status: 400, body: `no recorded answer for ${call}` };
      res.writeHead(answer.status ?? 200, answer.headers ?? {});
      res.end(answer.body);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, log };
}

const roster = loadRosterFile(EXAMPLE_ROSTER);

function contextFor(url: string, accessAnalyzer = true): AuditContext {
  // AWS_REGION elsewhere: the baseline lives in us-east-1 whatever the caller's region.
  const env = { AWS_ENDPOINT_URL: url, AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', AWS_REGION: 'eu-west-1' };
  return {
    roster,
    accountId: ACCOUNT,
    now: new Date('2026-12-01T00:00:00Z'),
    env,
    iam: iamClient(env),
    accessAnalyzer,
    report: [],
    users: [],
    groups: [],
    roles: [SUPPORT_ROLE],
    others: [],
    step: async (name, run, endpoint = url) => {
      try {
        return await run();
      } catch (err) {
        throw describeAwsError(err, name, endpoint);
      }
    },
  };
}

describe('checkBaseline through the SDK, on recorded responses', () => {
  test('a deployed baseline is no finding, read with one call per setting and one target list per alert rule, all in us-east-1', async () => {
    const aws = await fakeAws(awsAnswers());
    expect(await checkBaseline(contextFor(aws.url))).toEqual([]);
    // The settings are read concurrently, so only the calls, not their order, are fixed.
    expect(aws.log.map((e) => e.call).sort()).toEqual([
      'iam:ListAccountAliases',
      'account:GetAlternateContact',
      'access-analyzer:ListAnalyzers',
      'events:ListRules',
      'events:ListTargetsByRule',
      'events:ListTargetsByRule',
      'events:ListTargetsByRule',
      'sns:ListSubscriptionsByTopic',
      'cloudtrail:DescribeTrails',
      'cloudtrail:GetTrailStatus',
    ].sort());
    expect(new Set(aws.log.filter((e) => e.call !== 'iam:ListAccountAliases').map((e) => e.region))).toEqual(new Set(['us-east-1']));
  });

  test('ListAnalyzers with no analyzer is access-analyzer-missing (high)', async () => {
    const aws = await fakeAws(awsAnswers({ 'access-analyzer:ListAnalyzers': { headers: { 'content-type': 'application/json' }, body: '{"analyzers":[]}' } }));
    expect(summary(await checkBaseline(contextFor(aws.url)))).toEqual(['access-analyzer-missing high access-analyzer']);
  });

  test('ListAnalyzers with only a failed analyzer names its status', async () => {
    const failed = { analyzers: [{ arn: 'arn', name: 'account-external-access', type: 'ACCOUNT', createdAt: '2026-11-02T10:00:00Z', status: 'FAILED', statusReason: { code: 'AWS_SERVICE_ACCESS_DISABLED' } }] };
    const aws = await fakeAws(awsAnswers({ 'access-analyzer:ListAnalyzers': { headers: { 'content-type': 'application/json' }, body: JSON.stringify(failed) } }));
    expect(await checkBaseline(contextFor(aws.url))).toEqual([
      expect.objectContaining({ id: 'access-analyzer-missing', found: 'account-external-access (ACCOUNT), FAILED: AWS_SERVICE_ACCESS_DISABLED' }),
    ]);
  });

  test('without Access Analyzer (the emulator) the API is not called and an info finding says so', async () => {
    const aws = await fakeAws(awsAnswers());
    expect(summary(await checkBaseline(contextFor(aws.url, false)))).toEqual(['access-analyzer-not-checked info access-analyzer']);
    expect(aws.log.map((e) => e.call)).not.toContain('access-analyzer:ListAnalyzers');
  });

  test('an AWS error from ListAnalyzers ends the audit with an error naming the call', async () => {
    const aws = await fakeAws(awsAnswers({ 'access-analyzer:ListAnalyzers': { status: 500, headers: { 'x-amzn-errortype': 'InternalServerException' }, body: '{"message":"internal error"}' } }));
    await expect(checkBaseline(contextFor(aws.url))).rejects.toThrow(/^access-analyzer:ListAnalyzers failed: InternalServerException/);
  });

  test('an HTML error page from ListAnalyzers, as the emulator answers, says the target has no Access Analyzer and how to audit it', async () => {
    const html = { status: 500, headers: { 'content-type': 'text/html' }, body: '<!doctype html><title>500 Internal Server Error</title>' };
    const aws = await fakeAws(awsAnswers({ 'access-analyzer:ListAnalyzers': html }));
    await expect(checkBaseline(contextFor(aws.url))).rejects.toThrow(
      "access-analyzer:ListAnalyzers failed: the target answered HTTP 500, not as AWS does, so it has no Access Analyzer; audit it with IAM_ROSTER_ACCESS_ANALYZER=off (the local emulator's environment sets it)",
    );
  });

  test('an HTML page from another call names the call, the endpoint and the HTTP status', async () => {
    const aws = await fakeAws(awsAnswers({ 'cloudtrail:DescribeTrails': { status: 404, headers: { 'content-type': 'text/html' }, body: '<html>Not Found</html>' } }));
    await expect(checkBaseline(contextFor(aws.url))).rejects.toThrow(
      `cloudtrail:DescribeTrails failed: AWS at ${aws.url} answered HTTP 404 with a body that is not an AWS response; does it implement this API?`,
    );
  });

  test('ResourceNotFound from GetAlternateContact and NotFound from ListSubscriptionsByTopic read as absent', async () => {
    const aws = await fakeAws(
      awsAnswers({
        'account:GetAlternateContact': {
          status: 404,
          headers: { 'content-type': 'application/json', 'x-amzn-errortype': 'ResourceNotFoundException' },
          body: '{"message":"No contact of the inputted alternate contact type found."}',
        },
        'sns:ListSubscriptionsByTopic': {
          status: 404,
          headers: { 'content-type': 'text/xml' },
          body: '<ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><Error><Type>Sender</Type><Code>NotFound</Code><Message>Topic does not exist</Message></Error><RequestId>9f4f8a2c</RequestId></ErrorResponse>',
        },
      }),
    );
    expect(summary(await checkBaseline(contextFor(aws.url)))).toEqual(['security-contact-missing medium security-contact', 'alert-subscription-missing medium alert-topic/security-alerts']);
  });

  test('DescribeTrails without the trail is cloudtrail-missing, and GetTrailStatus is not called', async () => {
    const aws = await fakeAws(awsAnswers({ 'cloudtrail:DescribeTrails': { headers: { 'content-type': 'application/x-amz-json-1.1' }, body: '{"trailList":[]}' } }));
    expect(summary(await checkBaseline(contextFor(aws.url)))).toEqual(['cloudtrail-missing high cloudtrail/account-trail']);
    expect(aws.log.map((e) => e.call)).not.toContain('cloudtrail:GetTrailStatus');
  });
});
