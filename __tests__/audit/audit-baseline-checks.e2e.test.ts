/**
 * The baseline checks against the emulator: the example roster deployed through real
 * Terraform (identity and baseline), audited clean, then the baseline broken by hand with
 * the SDK - the alias and the SECURITY contact deleted, an alert rule disabled and another's
 * target removed, the list unsubscribed, CloudTrail stopped, the support role deleted -
 * each reported once with its ID, severity and object, and `npm run audit` exiting 1.
 * The emulator has no Access Analyzer API, so the audit runs with accessAnalyzer false (as
 * the emulator's environment says) and the analyzer check is the unit test's, on recorded responses.
 */
import { DeleteAlternateContactCommand } from '@aws-sdk/client-account';
import { StopLoggingCommand } from '@aws-sdk/client-cloudtrail';
import { DisableRuleCommand, ListTargetsByRuleCommand, RemoveTargetsCommand } from '@aws-sdk/client-eventbridge';
import { DeleteAccountAliasCommand, DeleteRoleCommand, DetachRolePolicyCommand } from '@aws-sdk/client-iam';
import { ListSubscriptionsByTopicCommand, UnsubscribeCommand } from '@aws-sdk/client-sns';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { loadRosterFile } from '../../roster';
import { BASELINE_REGION, TRAIL_NAME, alertRuleName, alertTopicArn } from '../../stacks/baseline-names';
import { AWS_SUPPORT_ACCESS_ARN, SUPPORT_ROLE_NAME } from '../../stacks/built-in-names';
import { accountClient, cloudTrailClient, eventBridgeClient, iamClient, snsClient } from '../../tools/aws/clients';
import { type Finding, atOrAbove } from '../../tools/audit/findings';
import { BASELINE_RULES } from '../../tools/audit/rules/baseline';
import type { AuditResult } from '../../tools/audit/run-audit';
import { PROJECT_ROOT } from '../../tools/project-root';
import { type EmulatorAccount, auditAccount, deployAccount, emulatorAccount } from './emulator-account';

const EXAMPLE = join(PROJECT_ROOT, 'users.yaml');
const roster = loadRosterFile(EXAMPLE);
const ALIAS = roster.settings.accountAlias as string;
const EMAIL = roster.settings.securityContact?.email as string;
const DISABLED_RULE = alertRuleName('root-console-sign-in');
const UNTARGETED_RULE = alertRuleName('console-sign-in-without-mfa');

let account: EmulatorAccount;
let clean: AuditResult;
let broken: AuditResult;
let cli: ReturnType<typeof spawnSync>;

beforeAll(async () => {
  account = await emulatorAccount(EXAMPLE);
  deployAccount(account);
  // Without Access Analyzer, which the emulator lacks (IAM_ROSTER_ACCESS_ANALYZER=off in its environment).
  clean = await auditAccount(account, roster);

  const env = account.env;
  const iam = iamClient(env);
  await iam.send(new DeleteAccountAliasCommand({ AccountAlias: ALIAS }));
  await accountClient(env, BASELINE_REGION).send(new DeleteAlternateContactCommand({ AlternateContactType: 'SECURITY' }));
  const events = eventBridgeClient(env, BASELINE_REGION);
  await events.send(new DisableRuleCommand({ Name: DISABLED_RULE }));
  const { Targets } = await events.send(new ListTargetsByRuleCommand({ Rule: UNTARGETED_RULE }));
  await events.send(new RemoveTargetsCommand({ Rule: UNTARGETED_RULE, Ids: (Targets ?? []).map((t) => t.Id as string) }));
  const sns = snsClient(env, BASELINE_REGION);
  const { Subscriptions } = await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: alertTopicArn(roster.settings.accountId) }));
  for (const s of Subscriptions ?? []) await sns.send(new UnsubscribeCommand({ SubscriptionArn: s.SubscriptionArn }));
  await cloudTrailClient(env, BASELINE_REGION).send(new StopLoggingCommand({ Name: TRAIL_NAME }));
  // IAM deletes a role only without attached policies.
  await iam.send(new DetachRolePolicyCommand({ RoleName: SUPPORT_ROLE_NAME, PolicyArn: AWS_SUPPORT_ACCESS_ARN }));
  await iam.send(new DeleteRoleCommand({ RoleName: SUPPORT_ROLE_NAME }));

  broken = await auditAccount(account, roster);
  cli = spawnSync(join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx'), [join(PROJECT_ROOT, 'tools', 'cli', 'audit.ts'), '--format', 'json'], {
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
    env: { ...process.env, ...env, ROSTER_FILE: EXAMPLE },
  });
}, 900_000);

afterAll(async () => {
  await account?.emulator.stop();
});

const key = (f: Finding) => `${f.id} ${f.severity} ${f.user}`;
const newFindings = () => broken.findings.filter((f) => !clean.findings.some((c) => c.id === f.id && c.user === f.user));

test('a freshly deployed account (identity and baseline) has no finding at low or above; Access Analyzer is listed as not checked', () => {
  expect(atOrAbove(clean.findings, 'low')).toEqual([]);
  expect(clean.findings.filter((f) => f.id === 'access-analyzer-not-checked').map(key)).toEqual(['access-analyzer-not-checked info access-analyzer']);
});

test('each change made by hand is one new finding, on its object, with its severity', () => {
  expect(newFindings().map(key).sort()).toEqual(
    [
      'account-alias-drift low account-alias',
      'security-contact-missing medium security-contact',
      `alert-rule-drift medium alert-rule/${DISABLED_RULE}`,
      `alert-rule-drift medium alert-rule/${UNTARGETED_RULE}`,
      'alert-subscription-missing medium alert-topic/security-alerts',
      `cloudtrail-not-logging high cloudtrail/${TRAIL_NAME}`,
      `support-role-missing low role/${SUPPORT_ROLE_NAME}`,
    ].sort(),
  );
});

test('the findings say what was expected, what was found, and that a deploy repairs it', () => {
  const byKey = new Map(newFindings().map((f) => [`${f.id} ${f.user}`, f]));
  expect(byKey.get('account-alias-drift account-alias')).toMatchObject({ expected: ALIAS, found: 'no alias' });
  expect(byKey.get(`alert-rule-drift alert-rule/${DISABLED_RULE}`)).toMatchObject({ expected: 'ENABLED', found: 'DISABLED' });
  expect(byKey.get(`alert-rule-drift alert-rule/${UNTARGETED_RULE}`)).toMatchObject({ expected: alertTopicArn(roster.settings.accountId), found: 'no target' });
  expect(byKey.get('alert-subscription-missing alert-topic/security-alerts')?.expected).toBe(`email subscription for ${EMAIL}`);
  for (const f of newFindings()) expect([f.id, f.action]).toEqual([f.id, expect.stringContaining('npm run deploy repairs it')]);
});

test('every baseline finding is a rule of the baseline section with its severity', () => {
  const known = new Set(BASELINE_RULES.rules.map((r) => `${r.id} ${r.severity}`));
  const ids = new Set(BASELINE_RULES.rules.map((r) => r.id));
  const baseline = [...clean.findings, ...broken.findings].filter((f) => ids.has(f.id));
  expect(baseline.filter((f) => !known.has(`${f.id} ${f.severity}`))).toEqual([]);
});

test('npm run audit exits 1 and reports the same baseline findings', () => {
  expect(cli.stderr.toString()).not.toMatch(/audit: .*failed/);
  expect(cli.status).toBe(1);
  const json = JSON.parse(cli.stdout.toString()) as { findings: Finding[] };
  const ids = new Set(BASELINE_RULES.rules.map((r) => r.id));
  expect(json.findings.filter((f) => ids.has(f.id)).map(key).sort()).toEqual(broken.findings.filter((f) => ids.has(f.id)).map(key).sort());
});

describe('after npm run deploy', () => {
  let repaired: AuditResult;
  beforeAll(async () => {
    deployAccount(account);
    repaired = await auditAccount(account, roster);
  }, 900_000);

  test('every baseline finding is gone, as the findings said', () => {
    expect(atOrAbove(repaired.findings, 'low')).toEqual([]);
  });
});
