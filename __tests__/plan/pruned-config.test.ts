/**
 * The configuration a targeted plan runs with (tools/plan/fast-plan/pruned-config.ts): the targets
 * and everything they refer to, transitively, with the stack's terraform and provider blocks, no
 * outputs; the whole configuration whenever pruning could change the plan.
 */
import type { SynthesizedJson } from '../../tools/plan/fast-plan/applied-config';
import { cannotPrune, prunedConfig } from '../../tools/plan/fast-plan/pruned-config';

const json: SynthesizedJson = {
  '//': { metadata: { stackName: 'identity' } },
  terraform: { backend: { local: { path: '/state/terraform.identity.tfstate' } }, required_providers: { aws: { source: 'aws', version: '5.100.0' } } },
  provider: { aws: [{ region: 'us-east-1' }] },
  resource: {
    aws_iam_group: { base: { name: 'base' }, admins: { name: 'admins' }, unrelated: { name: 'x' } },
    aws_iam_user: { 'user-1': { name: 'AB1' }, 'user-10': { name: 'CD10' } },
    aws_iam_user_group_membership: {
      'groups-1': { user: '${aws_iam_user.user-1.name}', groups: ['${aws_iam_group.base.name}'] },
      'groups-10': { user: '${aws_iam_user.user-10.name}', groups: ['${aws_iam_group.base.name}'], depends_on: ['aws_iam_group.unrelated'] },
    },
    aws_iam_user_login_profile: { 'login-1': { user: '${aws_iam_user.user-1.name}', '//': { mentions: 'aws_iam_group.unrelated' } } },
  },
  output: { usernames: { value: { 1: '${aws_iam_user.user-1.name}', 10: '${aws_iam_user.user-10.name}' } } },
};

const kept = (c: SynthesizedJson | undefined) =>
  Object.entries(c?.resource ?? {})
    .flatMap(([type, byName]) => Object.keys(byName).map((name) => `${type}.${name}`))
    .sort();

test('a target keeps what it refers to, directly or not, however the reference is written, and nothing else', () => {
  const withTwoInOne = { ...json, resource: { ...json.resource, aws_iam_user_group_membership: { ...json.resource?.aws_iam_user_group_membership, 'groups-1': { user: '${aws_iam_user.user-1.name}', groups: ['${aws_iam_group.base.name}', '${concat([aws_iam_group.admins.name], [])}'] } } } };
  expect(kept(prunedConfig(withTwoInOne, ['aws_iam_user_group_membership.groups-1']))).toEqual([
    'aws_iam_group.admins',
    'aws_iam_group.base',
    'aws_iam_user.user-1',
    'aws_iam_user_group_membership.groups-1',
  ]);
  // depends_on counts; user-10 is not mistaken for user-1, nor the reverse; cdktf's "//" metadata is not a reference.
  expect(kept(prunedConfig(json, ['aws_iam_user_group_membership.groups-10']))).toEqual(['aws_iam_group.base', 'aws_iam_group.unrelated', 'aws_iam_user.user-10', 'aws_iam_user_group_membership.groups-10']);
  expect(kept(prunedConfig(json, ['aws_iam_user_login_profile.login-1']))).toEqual(['aws_iam_user.user-1', 'aws_iam_user_login_profile.login-1']);
});

test('the terraform, provider and metadata blocks are kept whole, outputs left out; a removed resource (in state only) is simply absent', () => {
  const pruned = prunedConfig(json, ['aws_iam_user.user-1', 'aws_iam_user.user-99']);
  expect(pruned?.terraform).toBe(json.terraform);
  expect(pruned?.provider).toBe(json.provider);
  expect(pruned?.['//']).toBe(json['//']);
  expect(pruned?.output).toBeUndefined();
  expect(kept(pruned)).toEqual(['aws_iam_user.user-1']);
  expect(pruned?.resource?.aws_iam_user['user-1']).toBe(json.resource?.aws_iam_user['user-1']);
});

test.each([
  ['a relative local state path', { ...json, terraform: { backend: { local: { path: 'terraform.tfstate' } } } }, 'a local backend without an absolute path'],
  ['no backend', { ...json, terraform: {} }, 'backend none'],
  ['another backend', { ...json, terraform: { backend: { remote: {} } } }, 'backend remote'],
  ['moved blocks', { ...json, moved: [{ from: 'a.b', to: 'a.c' }] }, 'the configuration has moved blocks'],
  ['locals', { ...json, locals: { x: 1 } }, 'the configuration has locals blocks'],
  ['a resource reading a file', { ...json, resource: { aws_iam_user: { u: { name: '${file("name.txt")}' } } } }, 'a resource reads files'],
  ['a path reference', { ...json, resource: { aws_iam_user: { u: { name: '${path.module}' } } } }, 'a resource reads files'],
])('the whole configuration when pruning is in doubt: %s', (_what, config, why) => {
  expect(cannotPrune(config as SynthesizedJson)).toBe(why);
  expect(prunedConfig(config as SynthesizedJson, ['aws_iam_user.user-1'])).toBeUndefined();
});

test('S3 state may be pruned as well as an absolute local path', () => {
  expect(cannotPrune({ ...json, terraform: { backend: { s3: { bucket: 'b', key: 'iam-roster/identity.tfstate' } } } })).toBeUndefined();
  expect(cannotPrune(json)).toBeUndefined();
});
