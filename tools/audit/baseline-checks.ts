/**
 * The baseline stack's account-level controls: alias, SECURITY contact, Access
 * Analyzer, the alert rules and their subscription, CloudTrail, the support role.
 * Each setting is read with one call (or one paginated list) in the stack's region
 * and compared with what the stack deploys for the roster (rules/baseline.ts).
 */
import { type AnalyzerSummary, paginateListAnalyzers } from '@aws-sdk/client-accessanalyzer';
import { type AlternateContact, GetAlternateContactCommand, ResourceNotFoundException } from '@aws-sdk/client-account';
import { DescribeTrailsCommand, GetTrailStatusCommand, type GetTrailStatusCommandOutput, type Trail } from '@aws-sdk/client-cloudtrail';
import { ListRulesCommand, ListTargetsByRuleCommand, type Rule, type Target } from '@aws-sdk/client-eventbridge';
import { paginateListAccountAliases } from '@aws-sdk/client-iam';
import { NotFoundException, type Subscription, paginateListSubscriptionsByTopic } from '@aws-sdk/client-sns';
import type { Roster } from '../../roster/model';
import { ACCESS_ANALYZER_NAME, ALERT_RULE_PREFIX, ALERT_TOPIC_NAME, BASELINE_REGION, TRAIL_NAME, alertRuleName, alertTopicArn } from '../../stacks/baseline-names';
import { SUPPORT_ROLE_NAME } from '../../stacks/built-in-names';
import { ALERT_RULES, type AlertRuleDefinition } from '../../stacks/policies/baseline-documents';
import { type AwsService, accessAnalyzerClient, accountClient, cloudTrailClient, endpointFor, eventBridgeClient, snsClient } from '../aws/clients';
import { ifFound } from '../aws/no-such-entity';
import type { AuditContext } from './audit-context';
import type { IamRoleDetails } from './authorization-details';
import { AuditError, notAnAwsResponse } from './errors';
import type { Finding, Severity } from './findings';

type SecurityContact = NonNullable<Roster['settings']['securityContact']>;

// A member account's stack holds its baseline as the baseline stack holds the identity account's.
const DEPLOY_REPAIRS = 'npm run deploy repairs it (it is in Terraform state)';

// ---- account alias ----------------------------------------------------------

export function checkAccountAlias(expected: string, aliases: readonly string[]): Finding[] {
  if (aliases.includes(expected)) return [];
  const found = aliases.length > 0 ? aliases.join(', ') : 'no alias';
  return [
    {
      id: 'account-alias-drift',
      severity: 'low',
      user: 'account-alias',
      message: aliases.length > 0 ? `the account alias is ${found}; the roster sets ${expected}` : `the account has no alias; the roster sets ${expected}`,
      expected,
      found,
      action: `${DEPLOY_REPAIRS}; the sign-in URL is https://${expected}.signin.aws.amazon.com/console`,
    },
  ];
}

// ---- SECURITY alternate contact (CIS 1.2) -----------------------------------

/** Each contact field the stack sets, the API's name for it, and how much a difference matters. */
const CONTACT_FIELDS: readonly { rule: keyof SecurityContact; api: keyof AlternateContact; severity: Severity }[] = [
  // Another address means AWS's abuse and compromise notices reach someone else.
  { rule: 'email', api: 'EmailAddress', severity: 'medium' },
  { rule: 'name', api: 'Name', severity: 'low' },
  { rule: 'title', api: 'Title', severity: 'low' },
  { rule: 'phone', api: 'PhoneNumber', severity: 'low' },
];

/** `found`: the SECURITY contact, undefined when the account has none. */
export function checkSecurityContact(expected: SecurityContact, found: AlternateContact | undefined): Finding[] {
  if (!found) {
    return [
      {
        id: 'security-contact-missing',
        severity: 'medium',
        user: 'security-contact',
        message: 'the account has no SECURITY alternate contact, so AWS sends security notices to the root e-mail address only',
        expected: `${expected.name} <${expected.email}>`,
        found: 'no SECURITY contact',
        action: `${DEPLOY_REPAIRS}, and find out who deleted it (CloudTrail DeleteAlternateContact)`,
      },
    ];
  }
  return CONTACT_FIELDS.filter(({ rule, api }) => found[api] !== expected[rule]).map(({ rule, api, severity }) => ({
    id: 'security-contact-drift',
    severity,
    user: 'security-contact',
    message: `the SECURITY contact's ${api} is ${JSON.stringify(found[api] ?? '')}; settings.securityContact.${rule} is ${JSON.stringify(expected[rule])}`,
    expected: String(expected[rule]),
    found: String(found[api] ?? ''),
    action: `${DEPLOY_REPAIRS}, and find out who changed it (CloudTrail PutAlternateContact); change the contact only in users.yaml`,
  }));
}

// ---- Access Analyzer (CIS 1.20) ---------------------------------------------

/** Analyzer types that report external access; unused-access analyzers do not. */
const EXTERNAL_ACCESS_TYPES = ['ACCOUNT', 'ORGANIZATION'];

/** `analyzers`: undefined when the target lacks the API and they were not read. */
export function checkAccessAnalyzer(analyzers: readonly AnalyzerSummary[] | undefined): Finding[] {
  if (!analyzers) {
    return [
      {
        id: 'access-analyzer-not-checked',
        severity: 'info',
        user: 'access-analyzer',
        message: 'Access Analyzer was not checked: the target lacks its API (IAM_ROSTER_ACCESS_ANALYZER=off, as on the local emulator)',
        expected: `an active external-access analyzer named ${ACCESS_ANALYZER_NAME}`,
        found: 'not read',
        action: 'audit the real account (IAM_ROSTER_ACCESS_ANALYZER unset) to check CIS 1.20',
      },
    ];
  }
  if (analyzers.some((a) => a.status === 'ACTIVE' && EXTERNAL_ACCESS_TYPES.includes(String(a.type)))) return [];
  const ours = analyzers.find((a) => a.name === ACCESS_ANALYZER_NAME);
  return [
    {
      id: 'access-analyzer-missing',
      severity: 'high',
      user: 'access-analyzer',
      message: `no active external-access analyzer in ${BASELINE_REGION}, so nobody is told when a resource is shared outside the account`,
      expected: `analyzer ${ACCESS_ANALYZER_NAME} (ACCOUNT), ACTIVE`,
      found: analyzers.map((a) => `${a.name} (${a.type}), ${a.status}${a.statusReason?.code ? `: ${a.statusReason.code}` : ''}`).join('; ') || 'no analyzer',
      action: ours
        ? `analyzer ${ACCESS_ANALYZER_NAME} exists but is ${ours.status}: see its status reason in the console; if it failed, delete it and npm run deploy recreates it`
        : `${DEPLOY_REPAIRS} (it recreates analyzer ${ACCESS_ANALYZER_NAME}), and find out who deleted it (CloudTrail DeleteAnalyzer)`,
    },
  ];
}

// ---- alert rules and their subscription (CIS 4.2, 4.3) ----------------------

/** JSON with object keys sorted at every level, so two patterns compare by content. */
function canonicalJson(value: unknown): string {
  const sort = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(sort) : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sort((v as Record<string, unknown>)[k])])) : v;
  return JSON.stringify(sort(value));
}

function samePattern(found: string | undefined, expected: AlertRuleDefinition['pattern']): boolean {
  try {
    return canonicalJson(JSON.parse(found ?? '')) === canonicalJson(expected);
  } catch {
    return false;
  }
}

export interface AlertRuleState {
  /** The account's rules named with the stack's prefix. */
  readonly rules: readonly Rule[];
  /** Each found alert rule's targets, by rule name. */
  readonly targets: ReadonlyMap<string, readonly Target[]>;
}

export function checkAlertRules(topicArn: string, state: AlertRuleState): Finding[] {
  const findings: Finding[] = [];
  for (const def of ALERT_RULES) {
    const name = alertRuleName(def.key);
    const object = `alert-rule/${name}`;
    const rule = state.rules.find((r) => r.Name === name);
    if (!rule) {
      findings.push({
        id: 'alert-rule-missing',
        severity: 'medium',
        user: object,
        message: `the alert rule does not exist, so "${def.description}" is no longer e-mailed`,
        expected: `rule ${name}, enabled, targeting ${topicArn}`,
        found: 'no rule',
        action: `${DEPLOY_REPAIRS}, and find out who deleted it (CloudTrail DeleteRule)`,
      });
      continue;
    }
    const drift = (message: string, expected: string, found: string, call: string) =>
      findings.push({ id: 'alert-rule-drift', severity: 'medium', user: object, message, expected, found, action: `${DEPLOY_REPAIRS}, and find out who changed it (CloudTrail ${call})` });
    if (rule.State !== 'ENABLED') drift(`the alert rule is ${rule.State}, so "${def.description}" is no longer e-mailed`, 'ENABLED', String(rule.State), 'DisableRule');
    if (!samePattern(rule.EventPattern, def.pattern)) {
      drift('the alert rule\'s event pattern differs from the stack\'s, so it matches other events', JSON.stringify(def.pattern), rule.EventPattern ?? 'no pattern', 'PutRule');
    }
    const targets = state.targets.get(name) ?? [];
    if (!targets.some((t) => t.Arn === topicArn)) {
      drift('the alert rule does not target the alert topic, so its alerts are e-mailed to nobody', topicArn, targets.map((t) => t.Arn).join(', ') || 'no target', 'RemoveTargets');
    }
  }
  return findings;
}

/** `subscriptions`: the alert topic's, undefined when the topic does not exist. */
export function checkAlertSubscription(email: string, topicArn: string, subscriptions: readonly Subscription[] | undefined): Finding[] {
  const object = `alert-topic/${ALERT_TOPIC_NAME}`;
  const expected = `email subscription for ${email}`;
  if (!subscriptions) {
    return [
      {
        id: 'alert-subscription-missing',
        severity: 'medium',
        user: object,
        message: 'the alert topic does not exist, so security alerts reach nobody',
        expected,
        found: 'no topic',
        action: `${DEPLOY_REPAIRS}; the list then confirms the subscription e-mail AWS sends`,
      },
    ];
  }
  const mine = subscriptions.filter((s) => s.Protocol === 'email' && s.Endpoint?.toLowerCase() === email.toLowerCase());
  if (mine.length === 0) {
    return [
      {
        id: 'alert-subscription-missing',
        severity: 'medium',
        user: object,
        message: `the alert topic has no e-mail subscription for ${email}, so security alerts do not reach the security list`,
        expected,
        found: subscriptions.map((s) => `${s.Protocol} ${s.Endpoint}`).join(', ') || 'no subscription',
        action: `${DEPLOY_REPAIRS}; the list then confirms the subscription e-mail AWS sends`,
      },
    ];
  }
  if (mine.every((s) => s.SubscriptionArn === 'PendingConfirmation')) {
    return [
      {
        id: 'alert-subscription-pending',
        severity: 'low',
        user: object,
        message: `the e-mail subscription for ${email} is not confirmed, so no alert is delivered yet`,
        expected: `${expected}, confirmed`,
        found: 'PendingConfirmation',
        action: `someone on ${email} clicks the link in AWS's "Subscription Confirmation" e-mail; npm run deploy does not repair it`,
      },
    ];
  }
  return [];
}

// ---- CloudTrail (CIS 3.1, 3.2) ----------------------------------------------

/** `trail`: the stack's trail, undefined when it does not exist; `status` is read only when it does. */
export function checkTrail(trail: Trail | undefined, status: Pick<GetTrailStatusCommandOutput, 'IsLogging'> | undefined): Finding[] {
  const object = `cloudtrail/${TRAIL_NAME}`;
  if (!trail) {
    return [
      {
        id: 'cloudtrail-missing',
        severity: 'high',
        user: object,
        message: `the trail ${TRAIL_NAME} does not exist in ${BASELINE_REGION}, so API activity is not recorded and the root-API alert cannot fire`,
        expected: `multi-region trail ${TRAIL_NAME}, logging`,
        found: 'no trail',
        action: `${DEPLOY_REPAIRS}, and find out who deleted it (CloudTrail DeleteTrail, in the other regions' event history)`,
      },
    ];
  }
  const findings: Finding[] = [];
  if (status?.IsLogging !== true) {
    findings.push({
      id: 'cloudtrail-not-logging',
      severity: 'high',
      user: object,
      message: 'the trail is not logging, so API activity is not recorded and the root-API alert cannot fire',
      expected: 'logging',
      found: 'not logging',
      action: `${DEPLOY_REPAIRS} (it starts logging again), and find out who stopped it (CloudTrail StopLogging)`,
    });
  }
  const fields: readonly { api: keyof Trail; severity: Severity; what: string }[] = [
    { api: 'IsMultiRegionTrail', severity: 'high', what: 'activity in other regions is not recorded' },
    { api: 'IncludeGlobalServiceEvents', severity: 'high', what: 'IAM, STS and sign-in events are not recorded' },
    { api: 'LogFileValidationEnabled', severity: 'medium', what: 'a log file changed after delivery cannot be detected' },
  ];
  for (const { api, severity, what } of fields) {
    if (trail[api] === true) continue;
    findings.push({
      id: 'cloudtrail-drift',
      severity,
      user: object,
      message: `${api} is ${trail[api] ?? false}, so ${what}`,
      expected: 'true',
      found: String(trail[api] ?? false),
      action: `${DEPLOY_REPAIRS}, and find out who changed it (CloudTrail UpdateTrail)`,
    });
  }
  return findings;
}

// ---- support role (CIS 1.17) ------------------------------------------------

export function checkSupportRole(roles: readonly IamRoleDetails[]): Finding[] {
  if (roles.some((r) => r.roleName.toLowerCase() === SUPPORT_ROLE_NAME)) return [];
  return [
    {
      id: 'support-role-missing',
      severity: 'low',
      user: `role/${SUPPORT_ROLE_NAME}`,
      message: 'the support role does not exist, so opening an AWS Support case takes the admin role',
      expected: `role ${SUPPORT_ROLE_NAME} with AWSSupportAccess`,
      found: 'no role',
      action: `${DEPLOY_REPAIRS}, and find out who deleted it (CloudTrail DeleteRole)`,
    },
  ];
}

// ---- reading the account ----------------------------------------------------

async function collect<P, T>(pages: AsyncIterable<P>, items: (page: P) => readonly T[] | undefined): Promise<T[]> {
  const out: T[] = [];
  for await (const page of pages) out.push(...(items(page) ?? []));
  return out;
}

/** What the baseline checks read: one account's clients and role details, and the roster's settings. */
export type BaselineContext = Pick<AuditContext, 'roster' | 'accountId' | 'env' | 'iam' | 'accessAnalyzer' | 'roles' | 'step'>;

/** Which of the controls the account's stack makes. */
export interface BaselineScope {
  /** The account alias: settings.accountAlias names the identity account's only - default true. */
  readonly alias?: boolean;
  /** The support role (settings.supportRoleAccounts) - default true. */
  readonly supportRole?: boolean;
}

/**
 * Each setting is independent of the others, so they are read at once: on real AWS
 * the audit's time is round trips, not work.
 */
export async function checkBaseline(ctx: BaselineContext, scope: BaselineScope = {}): Promise<Finding[]> {
  const groups = await Promise.all([
    scope.alias === false ? Promise.resolve([]) : aliasFindings(ctx),
    contactFindings(ctx),
    analyzerFindings(ctx),
    alertFindings(ctx),
    trailFindings(ctx),
    Promise.resolve(scope.supportRole === false ? [] : checkSupportRole(ctx.roles)),
  ]);
  return groups.flat();
}

const at = (ctx: BaselineContext, service: AwsService) => endpointFor(ctx.env, service);

async function aliasFindings(ctx: BaselineContext): Promise<Finding[]> {
  const expected = ctx.roster.settings.accountAlias;
  if (!expected) return [];
  const aliases = await ctx.step('iam:ListAccountAliases', () => collect(paginateListAccountAliases({ client: ctx.iam }, {}), (p) => p.AccountAliases));
  return checkAccountAlias(expected, aliases);
}

async function contactFindings(ctx: BaselineContext): Promise<Finding[]> {
  const contact = ctx.roster.settings.securityContact;
  if (!contact) return [];
  const account = accountClient(ctx.env, BASELINE_REGION);
  const found = await ctx.step(
    'account:GetAlternateContact',
    () => ifFound(async () => (await account.send(new GetAlternateContactCommand({ AlternateContactType: 'SECURITY' }))).AlternateContact, ResourceNotFoundException),
    at(ctx, 'ACCOUNT'),
  );
  return checkSecurityContact(contact, found);
}

async function analyzerFindings(ctx: BaselineContext): Promise<Finding[]> {
  if (!ctx.accessAnalyzer) return checkAccessAnalyzer(undefined);
  const analyzers = await ctx.step(
    'access-analyzer:ListAnalyzers',
    () =>
      collect(paginateListAnalyzers({ client: accessAnalyzerClient(ctx.env, BASELINE_REGION) }, {}), (p) => p.analyzers).catch((err: unknown) => {
        const status = notAnAwsResponse(err);
        if (status === undefined) throw err;
        throw new AuditError(
          `access-analyzer:ListAnalyzers failed: the target answered HTTP ${status}, not as AWS does, so it has no Access Analyzer; audit it with IAM_ROSTER_ACCESS_ANALYZER=off (the local emulator's environment sets it)`,
        );
      }),
    at(ctx, 'ACCESSANALYZER'),
  );
  return checkAccessAnalyzer(analyzers);
}

async function alertFindings(ctx: BaselineContext): Promise<Finding[]> {
  const contact = ctx.roster.settings.securityContact;
  if (!contact) return [];
  const topicArn = alertTopicArn(ctx.accountId);
  const events = eventBridgeClient(ctx.env, BASELINE_REGION);
  const readRules = async (): Promise<Finding[]> => {
    // ListRules has no paginator in the SDK; the prefix leaves a handful of rules.
    const rules = await ctx.step(
      'events:ListRules',
      async () => {
        const all: Rule[] = [];
        let NextToken: string | undefined;
        do {
          const page = await events.send(new ListRulesCommand({ NamePrefix: ALERT_RULE_PREFIX, NextToken }));
          all.push(...(page.Rules ?? []));
          NextToken = page.NextToken;
        } while (NextToken);
        return all;
      },
      at(ctx, 'EVENTBRIDGE'),
    );
    const present = ALERT_RULES.map((def) => alertRuleName(def.key)).filter((name) => rules.some((r) => r.Name === name));
    const targets = new Map<string, readonly Target[]>(
      await Promise.all(
        present.map(async (name) => {
          const out = await ctx.step('events:ListTargetsByRule', () => events.send(new ListTargetsByRuleCommand({ Rule: name })), at(ctx, 'EVENTBRIDGE'));
          return [name, out.Targets ?? []] as const;
        }),
      ),
    );
    return checkAlertRules(topicArn, { rules, targets });
  };
  const readSubscriptions = async (): Promise<Finding[]> => {
    const subscriptions = await ctx.step(
      'sns:ListSubscriptionsByTopic',
      () => ifFound(() => collect(paginateListSubscriptionsByTopic({ client: snsClient(ctx.env, BASELINE_REGION) }, { TopicArn: topicArn }), (p) => p.Subscriptions), NotFoundException),
      at(ctx, 'SNS'),
    );
    return checkAlertSubscription(contact.email, topicArn, subscriptions);
  };
  return (await Promise.all([readRules(), readSubscriptions()])).flat();
}

async function trailFindings(ctx: BaselineContext): Promise<Finding[]> {
  const cloudtrail = cloudTrailClient(ctx.env, BASELINE_REGION);
  const trails = await ctx.step(
    'cloudtrail:DescribeTrails',
    async () => (await cloudtrail.send(new DescribeTrailsCommand({ trailNameList: [TRAIL_NAME], includeShadowTrails: false }))).trailList ?? [],
    at(ctx, 'CLOUDTRAIL'),
  );
  const trail = trails.find((t) => t.Name === TRAIL_NAME);
  const status = trail ? await ctx.step('cloudtrail:GetTrailStatus', () => cloudtrail.send(new GetTrailStatusCommand({ Name: trail.TrailARN ?? TRAIL_NAME })), at(ctx, 'CLOUDTRAIL')) : undefined;
  return checkTrail(trail, status);
}
