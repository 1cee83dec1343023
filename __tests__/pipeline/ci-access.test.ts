/**
 * The GitHub OIDC provider and the CI roles, synthesized in a test stack, and
 * their trust and permission policies evaluated with @cloud-copilot/iam-simulate.
 */
// iam-policy is iam-simulate's own parser (its dependency): used to name and validate the trust policy.
import { createValidatedPolicy, validateTrustPolicy } from '@cloud-copilot/iam-policy';
import { runSimulation, runUnsafeSimulation, type Simulation } from '@cloud-copilot/iam-simulate';
import { Testing } from 'cdktf';
import { GithubCiAccess } from '../../stacks/github-ci-access';
import { LiteralStack } from '../../stacks/terraform-literals';
import { branchSubject, environmentSubject, githubOidcProviderArn, pullRequestSubject } from '../../stacks/policies/ci-roles';
import { AUDIT_PERMISSIONS } from '../../tools/audit/errors';
import { type Block, EXAMPLE_ROSTER, readRosterText, resourceAt, resourcesOf, synthIdentity } from '../stacks/synthesized';

const ACCOUNT = '123456789012';
const REPO = 'example-org/iam-roster';
const BUCKET = 'example-iam-roster-state';
const STATE_KEY = 'iam-roster/identity.tfstate';

function synthCiAccess(props: Partial<ConstructorParameters<typeof GithubCiAccess>[2]> = {}): Record<string, Record<string, Block>> {
  const stack = new LiteralStack(Testing.app(), 'ci');
  new GithubCiAccess(stack, 'github-ci', { accountId: ACCOUNT, repository: REPO, stateBucketName: BUCKET, ...props });
  return (JSON.parse(Testing.synth(stack)) as { resource: Record<string, Record<string, Block>> }).resource;
}

const resources = synthCiAccess();
const tf = { resource: resources, output: {}, provider: {}, terraform: {} };
const role = (name: string) => resourceAt(tf, `aws_iam_role.role-${name}`);
const trustOf = (name: string) => JSON.parse(role(name).assume_role_policy as string);
const permissionsOf = (name: string) => JSON.parse(resourceAt(tf, `aws_iam_role_policy.role-${name}-policy`).policy as string);
const roleArn = (name: string) => `arn:aws:iam::${ACCOUNT}:role${role(name).path}${name}`;

/**
 * AssumeRoleWithWebIdentity from GitHub with a token's subject and audience.
 * AWS's published service reference (which the validating engine checks context
 * keys against) does not list token.actions.githubusercontent.com:sub or :aud,
 * although IAM evaluates them; the unsafe engine evaluates them as IAM does, so
 * the trust policy is validated here instead (as a trust policy, by iam-policy).
 */
function assumeFromGithub(roleName: string, token: { sub: string; aud?: string }, principal = githubOidcProviderArn({ accountId: ACCOUNT })): string {
  const trust = createValidatedPolicy(trustOf(roleName), validateTrustPolicy, { name: `${roleName}-trust` });
  if (trust.errors.length > 0) throw new Error(`invalid trust policy of ${roleName}: ${JSON.stringify(trust.errors)}`);
  const simulation: Simulation = {
    request: {
      principal,
      action: 'sts:AssumeRoleWithWebIdentity',
      resource: { resource: roleArn(roleName), accountId: ACCOUNT },
      contextVariables: { 'token.actions.githubusercontent.com:sub': token.sub, 'token.actions.githubusercontent.com:aud': token.aud ?? 'sts.amazonaws.com' },
    },
    identityPolicies: [],
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    // A validated policy carries its name, which the unsafe engine needs to report on it.
    resourcePolicy: trust,
  };
  return runUnsafeSimulation(simulation, {});
}

/** A request made with the role's session, evaluated against its permission policy. */
async function asRole(roleName: string, action: string, resource: string): Promise<string> {
  const response = await runSimulation(
    {
      request: { principal: `arn:aws:sts::${ACCOUNT}:assumed-role/${roleName}/github-actions`, action, resource: { resource, accountId: ACCOUNT }, contextVariables: {} },
      identityPolicies: [{ name: roleName, policy: permissionsOf(roleName) }],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
    },
    {},
  );
  if (response.resultType === 'error') throw new Error(`simulation of ${action} on ${resource} failed: ${JSON.stringify(response.errors)}`);
  return response.overallResult;
}

describe('the GitHub OIDC provider and CI roles as synthesized', () => {
  test('the provider is GitHub’s issuer with the sts.amazonaws.com audience, and both roles wait for it', () => {
    const provider = resourceAt(tf, 'aws_iam_openid_connect_provider.github-oidc-provider');
    expect(provider.url).toBe('https://token.actions.githubusercontent.com');
    expect(provider.client_id_list).toEqual(['sts.amazonaws.com']);
    for (const name of ['iam-roster-plan', 'iam-roster-deploy', 'iam-roster-audit']) {
      expect(role(name).path).toBe('/ci/');
      expect(role(name).depends_on).toEqual(['aws_iam_openid_connect_provider.github-oidc-provider']);
    }
  });

  test('no access key or user is created for CI', () => {
    expect(Object.keys(resources).sort()).toEqual(['aws_iam_openid_connect_provider', 'aws_iam_role', 'aws_iam_role_policy']);
  });

  test('an account that already has the provider reuses it: none is created and the roles still trust it', () => {
    const reused = synthCiAccess({ createProvider: false });
    expect(reused.aws_iam_openid_connect_provider).toBeUndefined();
    expect(JSON.parse(reused.aws_iam_role['role-iam-roster-deploy'].assume_role_policy as string).Statement[0].Principal).toEqual({ Federated: githubOidcProviderArn({ accountId: ACCOUNT }) });
  });

  test('a repository that is not owner/name is refused with the value shown', () => {
    expect(() => synthCiAccess({ repository: 'iam-roster' })).toThrow('github repository: expected owner/name such as "example-org/iam-roster", got "iam-roster"');
  });
});

describe('who can assume the CI roles', () => {
  test('the deploy role is assumable from this repository’s production environment', () => {
    expect(assumeFromGithub('iam-roster-deploy', { sub: environmentSubject(REPO, 'production') })).toBe('Allowed');
  });

  test('the deploy role cannot be assumed from a pull request', () => {
    expect(assumeFromGithub('iam-roster-deploy', { sub: pullRequestSubject(REPO) })).toBe('ImplicitlyDenied');
  });

  test('the deploy role cannot be assumed from another repository, even from its production environment', () => {
    expect(assumeFromGithub('iam-roster-deploy', { sub: environmentSubject('someone-else/iam-roster', 'production') })).toBe('ImplicitlyDenied');
    expect(assumeFromGithub('iam-roster-deploy', { sub: environmentSubject('example-org/iam-roster-fork', 'production') })).toBe('ImplicitlyDenied');
  });

  test('the deploy role cannot be assumed from a branch push outside the environment or another environment', () => {
    expect(assumeFromGithub('iam-roster-deploy', { sub: `repo:${REPO}:ref:refs/heads/main` })).toBe('ImplicitlyDenied');
    expect(assumeFromGithub('iam-roster-deploy', { sub: environmentSubject(REPO, 'staging') })).toBe('ImplicitlyDenied');
  });

  test('a token for another audience is refused by both roles', () => {
    expect(assumeFromGithub('iam-roster-deploy', { sub: environmentSubject(REPO, 'production'), aud: 'https://github.com/example-org' })).toBe('ImplicitlyDenied');
    expect(assumeFromGithub('iam-roster-plan', { sub: pullRequestSubject(REPO), aud: 'https://github.com/example-org' })).toBe('ImplicitlyDenied');
  });

  test('the plan role is assumable from this repository’s pull requests and not from another repository', () => {
    expect(assumeFromGithub('iam-roster-plan', { sub: pullRequestSubject(REPO) })).toBe('Allowed');
    expect(assumeFromGithub('iam-roster-plan', { sub: pullRequestSubject('someone-else/iam-roster') })).toBe('ImplicitlyDenied');
  });

  test('the audit role is assumable only from main, not from a pull request or another repository', () => {
    expect(assumeFromGithub('iam-roster-audit', { sub: branchSubject(REPO, 'main') })).toBe('Allowed');
    expect(assumeFromGithub('iam-roster-audit', { sub: pullRequestSubject(REPO) })).toBe('ImplicitlyDenied');
    expect(assumeFromGithub('iam-roster-audit', { sub: branchSubject(REPO, 'feature') })).toBe('ImplicitlyDenied');
    expect(assumeFromGithub('iam-roster-audit', { sub: branchSubject('someone-else/iam-roster', 'main') })).toBe('ImplicitlyDenied');
  });

  test('no IAM principal of the account can assume either role, only GitHub’s provider', () => {
    const user = `arn:aws:iam::${ACCOUNT}:user/people/JSmith`;
    expect(assumeFromGithub('iam-roster-deploy', { sub: environmentSubject(REPO, 'production') }, user)).toBe('ImplicitlyDenied');
    expect(assumeFromGithub('iam-roster-plan', { sub: pullRequestSubject(REPO) }, user)).toBe('ImplicitlyDenied');
  });
});

describe('what the plan role may do', () => {
  const plan = (action: string, resource: string) => asRole('iam-roster-plan', action, resource);

  test('it reads IAM and the state, and takes and releases the state lock', async () => {
    expect(await plan('iam:GetUser', `arn:aws:iam::${ACCOUNT}:user/people/JSmith`)).toBe('Allowed');
    expect(await plan('iam:GetRole', `arn:aws:iam::${ACCOUNT}:role/privileged/admin`)).toBe('Allowed');
    expect(await plan('iam:ListAttachedGroupPolicies', `arn:aws:iam::${ACCOUNT}:group/people/admins`)).toBe('Allowed');
    expect(await plan('s3:GetObject', `arn:aws:s3:::${BUCKET}/${STATE_KEY}`)).toBe('Allowed');
    expect(await plan('s3:PutObject', `arn:aws:s3:::${BUCKET}/${STATE_KEY}.tflock`)).toBe('Allowed');
    expect(await plan('s3:DeleteObject', `arn:aws:s3:::${BUCKET}/${STATE_KEY}.tflock`)).toBe('Allowed');
  });

  test('it cannot write IAM: no user, group membership, role, policy or access key changes', async () => {
    expect(await plan('iam:CreateUser', `arn:aws:iam::${ACCOUNT}:user/people/Mallory`)).toBe('ImplicitlyDenied');
    expect(await plan('iam:AddUserToGroup', `arn:aws:iam::${ACCOUNT}:group/people/admins`)).toBe('ImplicitlyDenied');
    expect(await plan('iam:AttachRolePolicy', `arn:aws:iam::${ACCOUNT}:role/privileged/admin`)).toBe('ImplicitlyDenied');
    expect(await plan('iam:UpdateAssumeRolePolicy', `arn:aws:iam::${ACCOUNT}:role/ci/iam-roster-plan`)).toBe('ImplicitlyDenied');
    expect(await plan('iam:PutRolePolicy', `arn:aws:iam::${ACCOUNT}:role/ci/iam-roster-plan`)).toBe('ImplicitlyDenied');
    expect(await plan('iam:CreateAccessKey', `arn:aws:iam::${ACCOUNT}:user/people/JSmith`)).toBe('ImplicitlyDenied');
    expect(await plan('iam:UpdateAccountPasswordPolicy', '*')).toBe('ImplicitlyDenied');
  });

  test('it cannot overwrite or delete the state itself', async () => {
    expect(await plan('s3:PutObject', `arn:aws:s3:::${BUCKET}/${STATE_KEY}`)).toBe('ImplicitlyDenied');
    expect(await plan('s3:DeleteObject', `arn:aws:s3:::${BUCKET}/${STATE_KEY}`)).toBe('ImplicitlyDenied');
  });
});

describe('what the audit role may do', () => {
  const audit = (action: string, resource: string) => asRole('iam-roster-audit', action, resource);

  test('it reads IAM and generates the credential report, and writes nothing else', async () => {
    expect(await audit('iam:GetAccountAuthorizationDetails', '*')).toBe('Allowed');
    expect(await audit('iam:GenerateCredentialReport', '*')).toBe('Allowed');
    expect(await audit('iam:GetCredentialReport', '*')).toBe('Allowed');
    expect(await audit('iam:CreateUser', `arn:aws:iam::${ACCOUNT}:user/people/Mallory`)).toBe('ImplicitlyDenied');
    expect(await audit('iam:DeleteUser', `arn:aws:iam::${ACCOUNT}:user/people/JSmith`)).toBe('ImplicitlyDenied');
    expect(await audit('s3:GetObject', `arn:aws:s3:::${BUCKET}/${STATE_KEY}`)).toBe('ImplicitlyDenied');
  });

  test('it may make every call the audit makes (AUDIT_PERMISSIONS), the baseline reads included', async () => {
    const denied: string[] = [];
    for (const action of AUDIT_PERMISSIONS) if ((await audit(action, '*')) !== 'Allowed') denied.push(action);
    expect(denied).toEqual([]);
    expect(AUDIT_PERMISSIONS).toEqual(expect.arrayContaining(['account:GetAlternateContact', 'cloudtrail:GetTrailStatus', 'events:ListTargetsByRule']));
  });

  test('it reads the baseline but cannot stop the trail, disable an alert rule or unsubscribe the list', async () => {
    expect(await audit('cloudtrail:StopLogging', `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/account-trail`)).toBe('ImplicitlyDenied');
    expect(await audit('events:DisableRule', `arn:aws:events:us-east-1:${ACCOUNT}:rule/security-alert-root-api-use`)).toBe('ImplicitlyDenied');
    expect(await audit('sns:Unsubscribe', '*')).toBe('ImplicitlyDenied');
    expect(await audit('account:DeleteAlternateContact', '*')).toBe('ImplicitlyDenied');
  });
});

describe('what the deploy role may do', () => {
  const deploy = (action: string, resource: string) => asRole('iam-roster-deploy', action, resource);
  const arn = (kind: string, pathAndName: string) => `arn:aws:iam::${ACCOUNT}:${kind}${pathAndName}`;

  test('it can create, change and delete every user, group and role the example roster produces', async () => {
    const identity = synthIdentity(readRosterText(EXAMPLE_ROSTER));
    const users = Object.values(resourcesOf(identity, 'aws_iam_user'));
    const groups = Object.values(resourcesOf(identity, 'aws_iam_group'));
    const roles = Object.values(resourcesOf(identity, 'aws_iam_role'));
    expect(users.length).toBeGreaterThan(0);
    for (const u of users) {
      for (const action of ['iam:CreateUser', 'iam:TagUser', 'iam:UpdateUser', 'iam:DeleteUser', 'iam:CreateLoginProfile', 'iam:DeleteLoginProfile', 'iam:DeactivateMFADevice', 'iam:DeleteAccessKey']) {
        expect([action, u.name, await deploy(action, arn('user', `${u.path}${u.name}`))]).toEqual([action, u.name, 'Allowed']);
      }
    }
    for (const g of groups) {
      for (const action of ['iam:CreateGroup', 'iam:PutGroupPolicy', 'iam:AttachGroupPolicy', 'iam:AddUserToGroup', 'iam:DeleteGroup']) {
        expect([action, g.name, await deploy(action, arn('group', `${g.path}${g.name}`))]).toEqual([action, g.name, 'Allowed']);
      }
    }
    for (const r of roles) {
      for (const action of ['iam:CreateRole', 'iam:UpdateAssumeRolePolicy', 'iam:AttachRolePolicy', 'iam:TagRole', 'iam:DeleteRole']) {
        expect([action, r.name, await deploy(action, arn('role', `${r.path}${r.name}`))]).toEqual([action, r.name, 'Allowed']);
      }
    }
    expect(await deploy('iam:UpdateAccountPasswordPolicy', '*')).toBe('Allowed');
    expect(await deploy('s3:PutObject', `arn:aws:s3:::${BUCKET}/${STATE_KEY}`)).toBe('Allowed');
  });

  test('it cannot touch IAM outside the roster’s paths, least of all the CI roles themselves', async () => {
    expect(await deploy('iam:CreateUser', arn('user', '/Mallory'))).toBe('ImplicitlyDenied');
    expect(await deploy('iam:AddUserToGroup', arn('group', '/AWSAdmins'))).toBe('ImplicitlyDenied');
    expect(await deploy('iam:CreateRole', arn('role', '/backdoor'))).toBe('ImplicitlyDenied');
    expect(await deploy('iam:UpdateAssumeRolePolicy', arn('role', '/ci/iam-roster-deploy'))).toBe('ImplicitlyDenied');
    expect(await deploy('iam:PutRolePolicy', arn('role', '/ci/iam-roster-deploy'))).toBe('ImplicitlyDenied');
    expect(await deploy('iam:CreateOpenIDConnectProvider', arn('oidc-provider', '/token.actions.githubusercontent.com'))).toBe('ImplicitlyDenied');
  });

  test('it cannot give anyone long-lived keys or inline user policies', async () => {
    expect(await deploy('iam:CreateAccessKey', arn('user', '/people/JSmith'))).toBe('ImplicitlyDenied');
    expect(await deploy('iam:PutUserPolicy', arn('user', '/people/JSmith'))).toBe('ImplicitlyDenied');
    expect(await deploy('iam:AttachUserPolicy', arn('user', '/people/JSmith'))).toBe('ImplicitlyDenied');
    expect(await deploy('iam:CreatePolicy', arn('policy', '/anything'))).toBe('ImplicitlyDenied');
  });

  test('it can write the state but not delete it', async () => {
    expect(await deploy('s3:DeleteObject', `arn:aws:s3:::${BUCKET}/${STATE_KEY}`)).toBe('ImplicitlyDenied');
    expect(await deploy('s3:DeleteBucket', `arn:aws:s3:::${BUCKET}`)).toBe('ImplicitlyDenied');
  });
});
