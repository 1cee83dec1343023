import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extractPolicies } from '../../tools/scan/policies';
import { type SynthesizedStack, blockLines, readStacks } from '../../tools/terraform/synthesized';
import { PLACEHOLDER } from '../../tools/terraform/synthesized-policy';
import { PROJECT_ROOT } from '../../tools/project-root';
import { synth } from '../../tools/terraform/run';

let outdir: string;
let stacks: SynthesizedStack[];

beforeAll(() => {
  outdir = mkdtempSync(join(tmpdir(), 'scan-policies-'));
  const r = synth({ rosterFile: join(PROJECT_ROOT, 'users.yaml'), outdir, env: { IAM_ROSTER_OFFLINE: '1', ROSTER_STATE_DIR: join(outdir, 'state') } });
  if (r.code !== 0) throw new Error(r.stderr);
  stacks = readStacks(outdir);
});

afterAll(() => rmSync(outdir, { recursive: true, force: true }));

function identity(): SynthesizedStack {
  const stack = stacks.find((s) => s.name === 'identity');
  if (!stack) throw new Error(`no identity stack among ${stacks.map((s) => s.name).join(', ')}`);
  return stack;
}

function policyOf(stack: SynthesizedStack, address: string, attribute: string) {
  const found = extractPolicies(stack).find((p) => p.address === address && p.attribute === attribute);
  if (!found) throw new Error(`no ${attribute} policy on ${address}`);
  return { ...found, doc: JSON.parse(found.json) };
}

describe('policy documents handed to parliament', () => {
  test('the escaped policy variable $${aws:username} reaches the linter as ${aws:username}', () => {
    const { doc, json } = policyOf(identity(), 'aws_iam_group_policy.group-readonly-base-self-service-mfa', 'policy');
    expect(json).not.toContain('$${');
    const own = doc.Statement.find((s: { Sid: string }) => s.Sid === 'AllowManageOwnUserMFA');
    expect(own.Resource).toBe('arn:aws:iam::*:user/people/${aws:username}');
  });

  test("a reference to a role's ARN becomes a plausible ARN built from the role's name and path", () => {
    const { doc } = policyOf(identity(), 'aws_iam_group_policy.group-admins-assume-admin', 'policy');
    expect(doc.Statement[0].Resource).toBe(`arn:aws:iam::${PLACEHOLDER.account}:role/privileged/admin`);
  });

  test('a trust policy names its own role as the resource, so the actions are checked against it', () => {
    const { doc, line } = policyOf(identity(), 'aws_iam_role.role-network-admin', 'assume_role_policy');
    expect(doc.Statement[0].Resource).toBe(`arn:aws:iam::${PLACEHOLDER.account}:role/privileged/network-admin`);
    expect(doc.Statement[0].Condition.StringLike['sts:RoleSessionName']).toBe('${aws:username}');
    expect(line).toBe(identity().lines.get('aws_iam_role.role-network-admin'));
  });

  test('no document of any stack keeps an unresolved Terraform reference', () => {
    const all = stacks.flatMap(extractPolicies);
    expect(all.length).toBeGreaterThan(5);
    for (const p of all) {
      const references = p.json.match(/\$\{[^}]*\}/g) ?? [];
      expect({ at: `${p.stack}/${p.address}.${p.attribute}`, unresolved: references.filter((r) => !r.startsWith('${aws:')) }).toEqual({
        at: `${p.stack}/${p.address}.${p.attribute}`,
        unresolved: [],
      });
    }
  });

  test('an aws_iam_policy_document data source is rendered as IAM JSON and takes the ARN of the role that trusts through it', () => {
    const json = {
      data: {
        aws_iam_policy_document: {
          trust: {
            statement: [
              {
                effect: 'Allow',
                actions: ['sts:AssumeRoleWithWebIdentity'],
                principals: [{ type: 'Federated', identifiers: ['${aws_iam_openid_connect_provider.github.arn}'] }],
                condition: [{ test: 'StringEquals', variable: 'token.actions.githubusercontent.com:sub', values: ['repo:o/r:ref:refs/heads/main'] }],
              },
              { effect: 'Allow', actions: ['s3:GetObject'], resources: ['arn:aws:s3:::state/&{aws:username}/*'] },
            ],
          },
        },
      },
      resource: {
        aws_iam_openid_connect_provider: { github: { url: 'https://token.actions.githubusercontent.com' } },
        aws_iam_role: { deploy: { name: 'deploy', assume_role_policy: '${data.aws_iam_policy_document.trust.json}' } },
      },
    };
    const text = JSON.stringify(json, null, 2);
    const stack: SynthesizedStack = { name: 'bootstrap', file: 'cdk.tf.json', json: JSON.parse(text), lines: blockLines(text) };
    const [policy, ...others] = extractPolicies(stack);
    expect(others).toEqual([]);
    expect(policy.address).toBe('data.aws_iam_policy_document.trust');
    expect(JSON.parse(policy.json)).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: ['sts:AssumeRoleWithWebIdentity'],
          Principal: { Federated: [`arn:aws:iam::${PLACEHOLDER.account}:oidc-provider/token.actions.githubusercontent.com`] },
          Condition: { StringEquals: { 'token.actions.githubusercontent.com:sub': ['repo:o/r:ref:refs/heads/main'] } },
          Resource: `arn:aws:iam::${PLACEHOLDER.account}:role/deploy`,
        },
        { Effect: 'Allow', Action: ['s3:GetObject'], Resource: ['arn:aws:s3:::state/${aws:username}/*'] },
      ],
    });
    expect(policy.line).toBe(text.split('\n').findIndex((l) => l === '      "trust": {') + 1);
  });
});
