/**
 * The member accounts' CI roles (bootstrap-<account> stacks) as synthesized for the organization
 * example, and the identity account's CI roles that hop to them: addresses, provider and state,
 * trust, and what each may do, evaluated with @cloud-copilot/iam-simulate.
 */
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { CI_ROLE_NAMES, type CiJob, auditRolePolicy, deployRolePolicy, planRolePolicy } from '../../stacks/policies/ci-roles';
import { MEMBER_STACK_ACTIONS, memberCiRolePolicy } from '../../stacks/policies/member-ci-roles';
import { AUDIT_PERMISSIONS, MEMBER_AUDIT_PERMISSIONS, ORGANIZATION_AUDIT_PERMISSIONS } from '../../tools/audit/errors';
import { type Block, EXAMPLE_ROSTER, ORGANIZATION_ROSTER, type TerraformJson, addresses, readRosterText, resourceAt, resourcesOf, synthApp } from '../stacks/synthesized';

const IDENTITY = '123456789012';
const PROD = '222222222222';
const STAGING = '333333333333';
const JOBS = Object.keys(CI_ROLE_NAMES) as CiJob[];
const REPO = { IAM_ROSTER_GITHUB_REPOSITORY: 'example-org/iam-roster' };

const organization = readRosterText(ORGANIZATION_ROSTER);
const stacks = synthApp(organization, REPO);
const prod = stacks['bootstrap-prod'];
const memberStack = stacks['account-prod'];

const roleOf = (tf: TerraformJson, job: CiJob) => resourceAt(tf, `aws_iam_role.role-${CI_ROLE_NAMES[job]}`);
const policyOf = (tf: TerraformJson, job: CiJob): Block => JSON.parse(resourceAt(tf, `aws_iam_role_policy.role-${CI_ROLE_NAMES[job]}-policy`).policy as string) as Block;
const trustOf = (tf: TerraformJson, job: CiJob): Block => JSON.parse(roleOf(tf, job).assume_role_policy as string) as Block;
const roleArn = (account: string, tf: TerraformJson, job: CiJob) => `arn:aws:iam::${account}:role${roleOf(tf, job).path}${roleOf(tf, job).name}`;
const sessionOf = (account: string, name: string) => `arn:aws:sts::${account}:assumed-role/${name}/iam-roster-deploy`;

describe('the bootstrap stacks of the member accounts', () => {
  test('with CI configured, each member account gets a bootstrap stack; without it, none', () => {
    expect(Object.keys(stacks).filter((s) => s.startsWith('bootstrap')).sort()).toEqual(['bootstrap', 'bootstrap-prod', 'bootstrap-staging']);
    expect(Object.keys(synthApp(organization)).filter((s) => s.startsWith('bootstrap'))).toEqual(['bootstrap']);
  });

  test('a member bootstrap stack holds exactly three roles and their policies: no user, group, key or identity provider', () => {
    expect(addresses(prod)).toEqual(
      JOBS.flatMap((job) => [`aws_iam_role.role-${CI_ROLE_NAMES[job]}`, `aws_iam_role_policy.role-${CI_ROLE_NAMES[job]}-policy`]).sort(),
    );
    for (const job of JOBS) expect([job, roleOf(prod, job).name, roleOf(prod, job).path]).toEqual([job, `iam-roster-${job}`, '/ci/']);
  });

  test("it deploys only into its account, through the member account's OrganizationAccountAccessRole, whatever role the member stacks use", () => {
    const configured = synthApp(organization, { ...REPO, IAM_ROSTER_MEMBER_DEPLOY_ROLE: '/ci/iam-roster-deploy' });
    for (const [tf, account] of [[configured['bootstrap-prod'], PROD], [configured['bootstrap-staging'], STAGING]] as const) {
      expect(tf.provider.aws).toEqual([
        { region: 'us-east-1', allowed_account_ids: [account], assume_role: [{ role_arn: `arn:aws:iam::${account}:role/OrganizationAccountAccessRole`, session_name: 'iam-roster-deploy' }] },
      ]);
    }
    expect(configured['account-prod'].provider.aws[0].assume_role[0].role_arn).toBe(`arn:aws:iam::${PROD}:role/ci/iam-roster-deploy`);
    const other = synthApp(organization, { ...REPO, IAM_ROSTER_MEMBER_BOOTSTRAP_ROLE: 'AWSControlTowerExecution' });
    expect(other['bootstrap-staging'].provider.aws[0].assume_role[0].role_arn).toBe(`arn:aws:iam::${STAGING}:role/AWSControlTowerExecution`);
  });

  test("its state is local, like the identity account's bootstrap stack, even when the other stacks keep theirs in S3", () => {
    const s3 = synthApp(organization, { ...REPO, STATE_BUCKET: 'acme-state' });
    expect(s3['bootstrap-prod'].terraform.backend).toEqual({ local: { path: expect.stringMatching(/\/terraform\.bootstrap-prod\.tfstate$/) } });
    expect(s3['account-prod'].terraform.backend.s3.key).toBe('iam-roster/account-prod.tfstate');
  });

  test("each role trusts exactly the identity account's role of the same name: one principal, by ARN, no wildcard", () => {
    for (const [tf] of [[prod], [stacks['bootstrap-staging']]]) {
      for (const job of JOBS) {
        expect(trustOf(tf, job)).toEqual({
          Version: '2012-10-17',
          Statement: [{ Sid: 'OnlyTheIdentityAccountsPipelineRole', Effect: 'Allow', Principal: { AWS: roleArn(IDENTITY, stacks.bootstrap, job) }, Action: 'sts:AssumeRole' }],
        });
      }
    }
  });

  test("the identity account's CI roles may assume exactly the member roles of their own job", () => {
    for (const job of JOBS) {
      const hops = (policyOf(stacks.bootstrap, job).Statement as Block[]).filter((s) => JSON.stringify(s.Action).includes('sts:'));
      expect([job, hops]).toEqual([job, [{ Sid: expect.any(String), Effect: 'Allow', Action: 'sts:AssumeRole', Resource: [roleArn(PROD, prod, job), roleArn(STAGING, stacks['bootstrap-staging'], job)] }]]);
    }
    // Without member accounts the identity account's roles hop nowhere.
    const single = synthApp(readRosterText(EXAMPLE_ROSTER), REPO);
    expect(Object.keys(single).sort()).toEqual(['baseline', 'bootstrap', 'identity']);
    for (const job of JOBS) expect(JSON.stringify(policyOf(single.bootstrap, job))).not.toContain('sts:AssumeRole');
  });

  test("every role's policy stays within IAM's 10,240 characters for a role's inline policies, with 20 member accounts", () => {
    const memberAccountIds = Array.from({ length: 20 }, (_, i) => String(400000000000 + i));
    const ctx = { accountId: IDENTITY, repository: 'example-org/iam-roster', environment: 'production', stateBucket: 'iam-roster-state-123456789012', memberAccountIds };
    const sizes = [planRolePolicy(ctx), deployRolePolicy(ctx), auditRolePolicy(ctx), ...JOBS.map((job) => memberCiRolePolicy({ accountId: PROD }, job))].map((p) => JSON.stringify(p).length);
    expect(Math.max(...sizes)).toBeLessThan(10_240);
    expect(JSON.stringify(deployRolePolicy(ctx))).toContain('arn:aws:iam::400000000019:role/ci/iam-roster-deploy');
  });

  test('every resource type a member-account stack manages has its reads and writes listed, and nothing else is listed', () => {
    const types = new Set([...Object.keys(memberStack.resource), ...Object.keys(stacks['account-staging'].resource)]);
    expect([...types].sort()).toEqual(Object.keys(MEMBER_STACK_ACTIONS).sort());
  });
});

/** A request by a role's session in its account, with its policy as the identity policy and an optional resource policy. */
async function decide(principal: string, policy: Block, action: string, resource: string, resourcePolicy?: Block): Promise<string> {
  const account = principal.split(':')[4];
  const result = await runSimulation(
    {
      request: { principal, action, resource: { resource, accountId: resource.split(':')[4] || account }, contextVariables: { 'aws:PrincipalArn': principal } },
      identityPolicies: [{ name: 'policy', policy }],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      ...(resourcePolicy ? { resourcePolicy } : {}),
    },
    {},
  );
  if (result.resultType === 'error') throw new Error(`simulation of ${action} on ${resource} failed: ${JSON.stringify(result.errors)}`);
  return result.overallResult;
}

/** What a member account's CI role may do there. */
const asMemberRole = (job: CiJob, action: string, resource: string) => decide(sessionOf(PROD, CI_ROLE_NAMES[job]), policyOf(prod, job), action, resource);
const ADMINISTRATOR: Block = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

/** The baseline's and roles' ARNs in prod, read from the synthesized member stack (not from the policies' own helpers). */
function memberResources() {
  const one = (type: string) => Object.values(resourcesOf(memberStack, type));
  const roles = one('aws_iam_role').map((r) => `arn:aws:iam::${PROD}:role${r.path}${r.name}`);
  const [topic] = one('aws_sns_topic').map((t) => `arn:aws:sns:us-east-1:${PROD}:${t.name}`);
  const rules = one('aws_cloudwatch_event_rule').map((r) => `arn:aws:events:us-east-1:${PROD}:rule/${r.name}`);
  const [analyzer] = one('aws_accessanalyzer_analyzer').map((a) => `arn:aws:access-analyzer:us-east-1:${PROD}:analyzer/${a.analyzer_name}`);
  const [trail] = one('aws_cloudtrail').map((t) => `arn:aws:cloudtrail:us-east-1:${PROD}:trail/${t.name}`);
  const [bucket] = one('aws_s3_bucket').map((b) => `arn:aws:s3:::${b.bucket}`);
  return { roles, topic, rules, analyzer, trail, bucket };
}

describe('who may assume the member accounts’ CI roles', () => {
  test.each(JOBS)("the identity account's %s role may assume the member role of its own job, and no other job's", async (job) => {
    for (const target of JOBS) {
      const decision = await decide(sessionOf(IDENTITY, CI_ROLE_NAMES[job]), policyOf(stacks.bootstrap, job), 'sts:AssumeRole', roleArn(PROD, prod, target), trustOf(prod, target));
      expect([job, target, decision]).toEqual([job, target, target === job ? 'Allowed' : 'ImplicitlyDenied']);
    }
  });

  test("the member role's trust alone is not enough: without its hop statement the identity account's role cannot assume it", async () => {
    const policy = policyOf(stacks.bootstrap, 'plan');
    const withoutHop = { ...policy, Statement: (policy.Statement as Block[]).filter((st) => st.Action !== 'sts:AssumeRole') };
    expect(withoutHop.Statement.length).toBe((policy.Statement as Block[]).length - 1);
    expect(await decide(sessionOf(IDENTITY, CI_ROLE_NAMES.plan), withoutHop, 'sts:AssumeRole', roleArn(PROD, prod, 'plan'), trustOf(prod, 'plan'))).toBe('ImplicitlyDenied');
  });

  test('an administrator of the identity account, a role of the same name in another account, or one of the member account itself cannot', async () => {
    for (const job of JOBS) {
      const target = roleArn(PROD, prod, job);
      const trust = trustOf(prod, job);
      expect(await decide(`arn:aws:sts::${IDENTITY}:assumed-role/admin/JSmith`, ADMINISTRATOR, 'sts:AssumeRole', target, trust)).toBe('ImplicitlyDenied');
      expect(await decide(`arn:aws:iam::${IDENTITY}:user/people/JSmith`, ADMINISTRATOR, 'sts:AssumeRole', target, trust)).toBe('ImplicitlyDenied');
      expect(await decide(sessionOf('999999999999', CI_ROLE_NAMES[job]), ADMINISTRATOR, 'sts:AssumeRole', target, trust)).toBe('ImplicitlyDenied');
      expect(await decide(sessionOf(STAGING, CI_ROLE_NAMES[job]), ADMINISTRATOR, 'sts:AssumeRole', target, trust)).toBe('ImplicitlyDenied');
    }
  });
});

describe('what the member plan role may do', () => {
  test('it makes every read that refreshing the member stack needs', async () => {
    const r = memberResources();
    const reads: [string, string][] = [
      ['iam:GetRole', r.roles[0]],
      // The deploy's import check lists the account's roles before each plan.
      ['iam:ListRoles', '*'],
      ['iam:ListRoleTags', r.roles[0]],
      ['iam:ListAttachedRolePolicies', r.roles[0]],
      ['iam:GetAccountPasswordPolicy', '*'],
      ['account:GetAlternateContact', '*'],
      ['sns:GetTopicAttributes', r.topic],
      ['sns:GetSubscriptionAttributes', '*'],
      ['events:DescribeRule', r.rules[0]],
      ['events:ListTargetsByRule', r.rules[0]],
      ['access-analyzer:GetAnalyzer', r.analyzer],
      ['cloudtrail:GetTrailStatus', r.trail],
      ['cloudtrail:GetEventSelectors', r.trail],
      ['s3:GetBucketPolicy', r.bucket],
      ['s3:GetEncryptionConfiguration', r.bucket],
      ['s3:GetBucketPublicAccessBlock', r.bucket],
    ];
    for (const [action, resource] of reads) expect([action, await asMemberRole('plan', action, resource)]).toEqual([action, 'Allowed']);
  });

  test('it cannot write anything: no role, policy, user, key, baseline or trail change, and no object in the trail bucket', async () => {
    const r = memberResources();
    const resources: Record<string, string> = {
      aws_iam_role: r.roles[0],
      aws_iam_role_policy_attachment: r.roles[0],
      aws_sns_topic: r.topic,
      aws_sns_topic_policy: r.topic,
      aws_sns_topic_subscription: r.topic,
      aws_cloudwatch_event_rule: r.rules[0],
      aws_cloudwatch_event_target: r.rules[0],
      aws_accessanalyzer_analyzer: r.analyzer,
      aws_cloudtrail: r.trail,
    };
    const writes = Object.entries(MEMBER_STACK_ACTIONS).flatMap(([type, t]) => t.write.map((a): [string, string] => [a, resources[type] ?? (type.startsWith('aws_s3') ? r.bucket : '*')]));
    writes.push(
      ['iam:CreateUser', `arn:aws:iam::${PROD}:user/Mallory`],
      ['iam:CreateAccessKey', `arn:aws:iam::${PROD}:user/Mallory`],
      ['iam:PutRolePolicy', roleArn(PROD, prod, 'plan')],
      ['iam:UpdateAssumeRolePolicy', roleArn(PROD, prod, 'deploy')],
      ['cloudtrail:StopLogging', r.trail],
      ['s3:GetObject', `${r.bucket}/AWSLogs/${PROD}/CloudTrail/log.json.gz`],
      ['s3:DeleteObject', `${r.bucket}/AWSLogs/${PROD}/CloudTrail/log.json.gz`],
      ['sts:AssumeRole', `arn:aws:iam::${STAGING}:role/OrganizationAccountAccessRole`],
    );
    expect(writes.length).toBeGreaterThan(40);
    for (const [action, resource] of writes) expect([action, await asMemberRole('plan', action, resource)]).toEqual([action, 'ImplicitlyDenied']);
  });
});

describe('what the member deploy role may do', () => {
  test('it can create, change and delete every role the member stack holds, under the roster’s path', async () => {
    const { roles } = memberResources();
    expect(roles.length).toBeGreaterThan(3);
    for (const role of roles) {
      for (const action of ['iam:CreateRole', 'iam:TagRole', 'iam:UpdateAssumeRolePolicy', 'iam:UpdateRole', 'iam:AttachRolePolicy', 'iam:DetachRolePolicy', 'iam:DeleteRole']) {
        expect([action, role, await asMemberRole('deploy', action, role)]).toEqual([action, role, 'Allowed']);
      }
    }
  });

  test("it can manage the member stack's baseline: contact, alert topic and rules, analyzer, trail and its bucket, password policy", async () => {
    const r = memberResources();
    const allowed: [string, string][] = [
      ['account:PutAlternateContact', '*'],
      ['iam:UpdateAccountPasswordPolicy', '*'],
      ['sns:CreateTopic', r.topic],
      ['sns:SetTopicAttributes', r.topic],
      ['sns:Subscribe', r.topic],
      ...r.rules.flatMap((rule): [string, string][] => [['events:PutRule', rule], ['events:PutTargets', rule], ['events:TagResource', rule]]),
      ['access-analyzer:CreateAnalyzer', r.analyzer],
      ['cloudtrail:CreateTrail', r.trail],
      ['cloudtrail:StartLogging', r.trail],
      ['s3:CreateBucket', r.bucket],
      ['s3:PutBucketPolicy', r.bucket],
      ['s3:PutBucketVersioning', r.bucket],
      ['s3:PutEncryptionConfiguration', r.bucket],
      ['s3:PutBucketPublicAccessBlock', r.bucket],
      ['s3:PutBucketOwnershipControls', r.bucket],
    ];
    expect(r.rules.length).toBeGreaterThan(1);
    for (const [action, resource] of allowed) expect([action, resource, await asMemberRole('deploy', action, resource)]).toEqual([action, resource, 'Allowed']);
  });

  test('it cannot create IAM users, access keys or login profiles, groups, or user policies', async () => {
    const user = `arn:aws:iam::${PROD}:user/people/Mallory`;
    for (const action of ['iam:CreateUser', 'iam:CreateAccessKey', 'iam:CreateLoginProfile', 'iam:UpdateLoginProfile', 'iam:PutUserPolicy', 'iam:AttachUserPolicy']) {
      expect([action, await asMemberRole('deploy', action, user)]).toEqual([action, 'ImplicitlyDenied']);
    }
    for (const action of ['iam:CreateGroup', 'iam:AddUserToGroup', 'iam:PutGroupPolicy']) {
      expect([action, await asMemberRole('deploy', action, `arn:aws:iam::${PROD}:group/people/admins`)]).toEqual([action, 'ImplicitlyDenied']);
    }
  });

  test('it cannot touch roles outside the roster’s path, least of all the CI roles, nor make policies or other service roles', async () => {
    for (const job of JOBS) {
      for (const action of ['iam:UpdateAssumeRolePolicy', 'iam:PutRolePolicy', 'iam:AttachRolePolicy', 'iam:DeleteRole']) {
        expect([job, action, await asMemberRole('deploy', action, roleArn(PROD, prod, job))]).toEqual([job, action, 'ImplicitlyDenied']);
      }
    }
    expect(await asMemberRole('deploy', 'iam:UpdateAssumeRolePolicy', `arn:aws:iam::${PROD}:role/OrganizationAccountAccessRole`)).toBe('ImplicitlyDenied');
    expect(await asMemberRole('deploy', 'iam:CreateRole', `arn:aws:iam::${PROD}:role/backdoor`)).toBe('ImplicitlyDenied');
    expect(await asMemberRole('deploy', 'iam:CreatePolicy', `arn:aws:iam::${PROD}:policy/anything`)).toBe('ImplicitlyDenied');
    expect(await asMemberRole('deploy', 'cloudtrail:StopLogging', memberResources().trail)).toBe('ImplicitlyDenied');
    expect(await asMemberRole('deploy', 's3:DeleteObject', `${memberResources().bucket}/AWSLogs/${PROD}/CloudTrail/log.json.gz`)).toBe('ImplicitlyDenied');
    expect(await asMemberRole('deploy', 'sts:AssumeRole', `arn:aws:iam::${STAGING}:role/ci/iam-roster-deploy`)).toBe('ImplicitlyDenied');
  });
});

describe("the identity account's audit role with member accounts", () => {
  const identityAudit = (tf: TerraformJson, action: string, resource: string) => decide(sessionOf(IDENTITY, CI_ROLE_NAMES.audit), policyOf(tf, 'audit'), action, resource);

  test('may list the organization’s accounts, as the audit does when the roster names member accounts; without them it may not', async () => {
    const [listAccounts] = ORGANIZATION_AUDIT_PERMISSIONS;
    expect(await identityAudit(stacks.bootstrap, listAccounts, '*')).toBe('Allowed');
    expect(await identityAudit(synthApp(readRosterText(EXAMPLE_ROSTER), REPO).bootstrap, listAccounts, '*')).toBe('ImplicitlyDenied');
    expect(await identityAudit(stacks.bootstrap, 'organizations:CreateAccount', '*')).toBe('ImplicitlyDenied');
  });
});

describe('what the member audit role may do', () => {
  test('it may make every call the audit makes, listing IAM users included', async () => {
    const denied: string[] = [];
    for (const action of new Set([...AUDIT_PERMISSIONS, ...MEMBER_AUDIT_PERMISSIONS])) if ((await asMemberRole('audit', action, '*')) !== 'Allowed') denied.push(action);
    expect(denied).toEqual([]);
  });

  test('it writes nothing', async () => {
    const r = memberResources();
    expect(await asMemberRole('audit', 'iam:CreateUser', `arn:aws:iam::${PROD}:user/Mallory`)).toBe('ImplicitlyDenied');
    expect(await asMemberRole('audit', 'iam:DeleteRole', r.roles[0])).toBe('ImplicitlyDenied');
    expect(await asMemberRole('audit', 'events:DisableRule', r.rules[0])).toBe('ImplicitlyDenied');
    expect(await asMemberRole('audit', 'sts:AssumeRole', `arn:aws:iam::${STAGING}:role/ci/iam-roster-audit`)).toBe('ImplicitlyDenied');
  });
});
