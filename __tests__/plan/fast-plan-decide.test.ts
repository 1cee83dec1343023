/**
 * The fast plan's decisions on data: what counts as changed, what refers to what, which
 * drift changes a plan, and every doubt that must end in a full plan.
 */
import { makeRecord, recordLocation, resourceHashes, type SynthesizedJson } from '../../tools/plan/fast-plan/applied-config';
import { compareIdentity, samePolicy } from '../../tools/plan/fast-plan/compare-identity';
import { changedResources, configuredAttributes, decide, dependents, outputsDiffer, precondition, references, stateDiffersFromConfig, withDependents } from '../../tools/plan/fast-plan/decide';
import type { LiveIdentity } from '../../tools/plan/fast-plan/live-identity';
import { type StateEntry, stateEntries } from '../../tools/plan/fast-plan/terraform-state';
import { choosePlan } from '../../tools/plan/fast-plan';

const TAGS = { EmployeeId: '1001', ManagedBy: 'iam-roster', Name: 'John Smith', Team: 'platform' };
const POLICY = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"${aws_iam_role.role-admin.arn}"}]}';

function config(): SynthesizedJson {
  return {
    terraform: { backend: { local: { path: '/state/terraform.identity.tfstate' } }, required_providers: { aws: { source: 'aws', version: '5.100.0' } } },
    provider: { aws: [{ region: 'us-east-1' }] },
    resource: {
      aws_iam_user: { 'user-1001': { '//': { metadata: {} }, name: 'JSmith', path: '/people/', force_destroy: true, tags: { ...TAGS } } },
      aws_iam_group: { 'group-admins': { name: 'admins', path: '/people/' } },
      aws_iam_role: { 'role-admin': { name: 'admin', path: '/privileged/', max_session_duration: 3600, assume_role_policy: '{"Version":"2012-10-17","Statement":[{"Condition":{"StringLike":{"sts:RoleSessionName":"$${aws:username}"}}}]}', tags: { ManagedBy: 'iam-roster' } } },
      aws_iam_group_policy: { 'group-admins-assume-admin': { group: '${aws_iam_group.group-admins.name}', name: 'assume-admin', policy: POLICY } },
      aws_iam_user_group_membership: { 'groups-1001': { user: '${aws_iam_user.user-1001.name}', groups: ['${aws_iam_group.group-admins.name}'] } },
      aws_iam_user_login_profile: { 'login-1001': { user: '${aws_iam_user.user-1001.name}', password_reset_required: true, lifecycle: { ignore_changes: ['password_length', 'password_reset_required', 'pgp_key'] } } },
    },
    output: { initial_passwords: { value: { '1001': '${aws_iam_user_login_profile.login-1001.password}' } } },
  };
}

const ARN = 'arn:aws:iam::123456789012';
function state(): StateEntry[] {
  const e = (address: string, attributes: Record<string, unknown>, dependencies: string[] = []): StateEntry => {
    const [type, name] = address.split('.');
    return { address, type, name, attributes, dependencies, schemaVersion: 0 };
  };
  return [
    e('aws_iam_user.user-1001', { id: 'JSmith', name: 'JSmith', path: '/people/', arn: `${ARN}:user/people/JSmith`, unique_id: 'U1', permissions_boundary: '', force_destroy: true, tags: TAGS, tags_all: TAGS }),
    e('aws_iam_group.group-admins', { id: 'admins', name: 'admins', path: '/people/', arn: `${ARN}:group/people/admins`, unique_id: 'G1' }),
    e('aws_iam_role.role-admin', {
      id: 'admin', name: 'admin', name_prefix: '', path: '/privileged/', arn: `${ARN}:role/privileged/admin`, unique_id: 'R1', description: '', max_session_duration: 3600, permissions_boundary: '',
      assume_role_policy: '{"Version":"2012-10-17","Statement":[{"Condition":{"StringLike":{"sts:RoleSessionName":"${aws:username}"}}}]}',
      tags: { ManagedBy: 'iam-roster' }, tags_all: { ManagedBy: 'iam-roster' }, create_date: '2026-12-02T09:21:27Z', force_detach_policies: false, managed_policy_arns: [], inline_policy: [],
    }),
    e('aws_iam_group_policy.group-admins-assume-admin', { id: 'admins:assume-admin', group: 'admins', name: 'assume-admin', name_prefix: '', policy: POLICY.replace('${aws_iam_role.role-admin.arn}', `${ARN}:role/privileged/admin`) }, ['aws_iam_group.group-admins', 'aws_iam_role.role-admin']),
    e('aws_iam_user_group_membership.groups-1001', { id: 'terraform-1', user: 'JSmith', groups: ['admins'] }, ['aws_iam_user.user-1001', 'aws_iam_group.group-admins']),
    e('aws_iam_user_login_profile.login-1001', { id: 'JSmith', user: 'JSmith', password: 'x', password_length: 20, password_reset_required: true, pgp_key: null, key_fingerprint: null, encrypted_password: null }, ['aws_iam_user.user-1001']),
  ];
}
const entries = (list = state()) => new Map(list.map((x) => [x.address, x]));

function live(): LiveIdentity {
  return {
    users: new Map([['JSmith', { userName: 'JSmith', path: '/people/', arn: `${ARN}:user/people/JSmith`, userId: 'U1', groups: ['admins'], attachedPolicyArns: [], inlinePolicyNames: [], tags: TAGS }]]),
    groups: new Map([['admins', { groupName: 'admins', path: '/people/', arn: `${ARN}:group/people/admins`, groupId: 'G1', attachedPolicyArns: [], inlinePolicies: [{ name: 'assume-admin', document: encodeURIComponent(`{"Statement":[{"Resource":"${ARN}:role/privileged/admin","Action":"sts:AssumeRole","Effect":"Allow"}],"Version":"2012-10-17"}`) }] }]]),
    roles: new Map([[
      'admin',
      {
        roleName: 'admin', path: '/privileged/', arn: `${ARN}:role/privileged/admin`, roleId: 'R1', maxSessionDuration: 3600, description: undefined, createDate: new Date('2026-12-02T09:21:27.897Z'),
        trustPolicy: '{"Statement":[{"Condition":{"StringLike":{"sts:RoleSessionName":"${aws:username}"}}}],"Version":"2012-10-17"}',
        attachedPolicyArns: ['arn:aws:iam::aws:policy/AdministratorAccess'], inlinePolicyNames: [], inlinePolicies: [], tags: { ManagedBy: 'iam-roster' },
      },
    ]]),
    loginProfiles: new Map([['JSmith', { passwordResetRequired: true }]]),
    passwordPolicy: undefined,
  };
}

const configured = (json: SynthesizedJson) => (address: string) => {
  const [type, name] = address.split('.');
  return configuredAttributes(json.resource?.[type]?.[name]);
};
const VERSIONS = { terraform: '1.11.4', providers: { 'registry.terraform.io/hashicorp/aws': '5.100.0' } };

test('an account that matches the state has no drift that changes a plan; a role\'s hand-made attachment only shows in its state', () => {
  const drifts = compareIdentity(state(), live(), configured(config()));
  expect(drifts).toEqual([{ address: 'aws_iam_role.role-admin', effect: 'state', what: ['managed_policy_arns'] }]);
});

test.each([
  ['a tag changed', (l: LiveIdentity) => ((l.users.get('JSmith') as { tags: Record<string, string> }).tags = { ...TAGS, Team: 'data' }), 'aws_iam_user.user-1001', ['tags', 'tags_all']],
  ['a user gone', (l: LiveIdentity) => (l.users as Map<string, unknown>).delete('JSmith'), 'aws_iam_user.user-1001', ['gone']],
  ['a membership removed', (l: LiveIdentity) => ((l.users.get('JSmith') as unknown as { groups: string[] }).groups = []), 'aws_iam_user_group_membership.groups-1001', ['groups']],
  ['a login profile deleted', (l: LiveIdentity) => (l.loginProfiles as Map<string, unknown>).set('JSmith', null), 'aws_iam_user_login_profile.login-1001', ['gone']],
  ['a session limit changed', (l: LiveIdentity) => ((l.roles.get('admin') as { maxSessionDuration: number }).maxSessionDuration = 43200), 'aws_iam_role.role-admin', ['max_session_duration', 'managed_policy_arns']],
  ['a session limit not read', (l: LiveIdentity) => ((l.roles.get('admin') as { maxSessionDuration?: number }).maxSessionDuration = undefined), 'aws_iam_role.role-admin', ['max_session_duration', 'managed_policy_arns']],
  ['a group policy widened', (l: LiveIdentity) => ((l.groups.get('admins') as unknown as { inlinePolicies: unknown[] }).inlinePolicies = [{ name: 'assume-admin', document: '{"Statement":[{"Resource":"*"}]}' }]), 'aws_iam_group_policy.group-admins-assume-admin', ['policy']],
  ['a user re-made under the same name', (l: LiveIdentity) => ((l.users.get('JSmith') as { userId: string }).userId = 'U2'), 'aws_iam_user.user-1001', ['unique_id']],
])('%s is drift that changes the plan', (_name, change, address, what) => {
  const l = live();
  change(l);
  const drift = compareIdentity(state(), l, configured(config())).find((d) => d.effect === 'plan');
  expect(drift).toEqual({ address, effect: 'plan', what });
});

test('a password that no longer needs a reset is state-only drift: the configuration ignores it', () => {
  const l = live();
  (l.loginProfiles as Map<string, unknown>).set('JSmith', { passwordResetRequired: false });
  expect(compareIdentity(state(), l, configured(config())).filter((d) => d.effect === 'plan')).toEqual([]);
});

test('policies are the same up to key order and URL encoding, and differ otherwise', () => {
  expect(samePolicy('{"a":1,"b":[1,2]}', encodeURIComponent('{"b":[1,2],"a":1}'))).toBe(true);
  expect(samePolicy('{"a":1,"b":[1,2]}', '{"b":[2,1],"a":1}')).toBe(false);
});

test('changed resources: a different block, a new one, one removed; the construct path is not configuration', () => {
  const json = config();
  const record = makeRecord('identity', json, { lineage: 'L', serial: 3 }, VERSIONS);
  expect(changedResources(json, entries(), record)).toEqual([]);
  const edited = config();
  (edited.resource as Record<string, Record<string, Record<string, unknown>>>).aws_iam_user['user-1001'] = { ...edited.resource?.aws_iam_user['user-1001'], '//': { other: 1 } };
  expect(changedResources(edited, entries(), record)).toEqual([]);
  (edited.resource as Record<string, Record<string, Record<string, unknown>>>).aws_iam_user['user-1001'].tags = { ...TAGS, Team: 'data' };
  (edited.resource as Record<string, Record<string, Record<string, unknown>>>).aws_iam_user['user-1002'] = { name: 'JDoe' };
  delete (edited.resource as Record<string, Record<string, unknown>>).aws_iam_user_login_profile;
  expect(changedResources(edited, entries(), record)).toEqual(['aws_iam_user.user-1001', 'aws_iam_user.user-1002', 'aws_iam_user_login_profile.login-1001']);
});

test('everything that refers to a changed resource is planned with it, through the configuration and the state', () => {
  const edges = dependents(config(), entries());
  expect([...withDependents(['aws_iam_role.role-admin'], edges)].sort()).toEqual(['aws_iam_group_policy.group-admins-assume-admin', 'aws_iam_role.role-admin']);
  expect([...withDependents(['aws_iam_group.group-admins'], edges)].sort()).toEqual([
    'aws_iam_group.group-admins',
    'aws_iam_group_policy.group-admins-assume-admin',
    'aws_iam_user_group_membership.groups-1001',
  ]);
  // $${aws:username} is an escape, not a reference.
  expect(edges.has('aws:username')).toBe(false);
});

test('a reference deep in an expression makes a dependent too, as depends_on does (one walk of the configuration serves both directions)', () => {
  const json: SynthesizedJson = {
    resource: {
      aws_iam_group: { 'group-a': { name: 'a' }, 'group-b': { name: 'b' } },
      aws_iam_user_group_membership: { 'groups-1': { user: 'AB1', groups: ['${concat([aws_iam_group.group-a.name], [])}'], depends_on: ['aws_iam_group.group-b'] } },
    },
  };
  const edges = dependents(json, new Map());
  expect([...withDependents(['aws_iam_group.group-a'], edges)].sort()).toEqual(['aws_iam_group.group-a', 'aws_iam_user_group_membership.groups-1']);
  expect([...withDependents(['aws_iam_group.group-b'], edges)].sort()).toEqual(['aws_iam_group.group-b', 'aws_iam_user_group_membership.groups-1']);
  expect([...(references(json).get('aws_iam_user_group_membership.groups-1') ?? [])].sort()).toEqual(['aws_iam_group.group-a', 'aws_iam_group.group-b']);
});

test('a literal the state does not hold is a change even when the configuration did not change', () => {
  const list = state();
  (list[0].attributes as Record<string, unknown>).tags = {};
  expect(stateDiffersFromConfig(config(), entries(list))).toEqual(['aws_iam_user.user-1001']);
  expect(stateDiffersFromConfig(config(), entries())).toEqual([]);
});

test('nothing changed and no drift: no plan; a change: its closure, refreshed only when something in it drifted', () => {
  const json = config();
  const record = makeRecord('identity', json, { lineage: 'L', serial: 3 }, VERSIONS);
  const drifts = compareIdentity(state(), live(), configured(json));
  expect(decide({ json, entries: entries(), record, changed: [], drifts }).mode).toBe('none');
  const d = decide({ json, entries: entries(), record, changed: ['aws_iam_user_group_membership.groups-1001'], drifts });
  expect(d).toMatchObject({ mode: 'targeted', targets: ['aws_iam_user_group_membership.groups-1001'], refresh: false });
  const roleChanged = decide({ json, entries: entries(), record, changed: ['aws_iam_role.role-admin'], drifts });
  expect(roleChanged).toMatchObject({ mode: 'targeted', refresh: true });
});

describe('every doubt is a full plan', () => {
  const base = () => ({ json: config(), entries: entries(), record: makeRecord('identity', config(), { lineage: 'L', serial: 3 }, VERSIONS), versions: VERSIONS, serial: 3, lineage: 'L' });
  test.each([
    ['no record', (i: ReturnType<typeof base>) => ({ ...i, record: undefined }), /no record of the configuration last applied/],
    ['a newer state', (i: ReturnType<typeof base>) => ({ ...i, serial: 4 }), /the state changed since the configuration was recorded \(serial 3 -> 4\)/],
    ['another lineage', (i: ReturnType<typeof base>) => ({ ...i, lineage: 'M' }), /another lineage/],
    ['another Terraform', (i: ReturnType<typeof base>) => ({ ...i, versions: { ...VERSIONS, terraform: '1.12.0' } }), /Terraform version changed \(1.11.4 -> 1.12.0\)/],
    ['another provider', (i: ReturnType<typeof base>) => ({ ...i, versions: { ...VERSIONS, providers: { 'registry.terraform.io/hashicorp/aws': '6.0.0' } } }), /provider versions changed/],
    ['other provider settings', (i: ReturnType<typeof base>) => ({ ...i, json: { ...i.json, provider: { aws: [{ region: 'eu-west-1' }] } } }), /settings outside the resources changed/],
    ['a type the comparison does not know', (i: ReturnType<typeof base>) => ({ ...i, json: { ...i.json, resource: { ...i.json.resource, aws_sns_topic: { t: {} } } } }), /resource type aws_sns_topic not compared/],
    ['a data source', (i: ReturnType<typeof base>) => ({ ...i, json: { ...i.json, data: { aws_caller_identity: { me: {} } } } }), /data sources/],
    [
      'an attribute the comparison does not know',
      (i: ReturnType<typeof base>) => {
        const list = state();
        (list[0].attributes as Record<string, unknown>).new_attribute = 1;
        return { ...i, entries: entries(list) };
      },
      /aws_iam_user.user-1001 has attribute new_attribute the comparison does not know/,
    ],
  ])('%s', (_name, change, reason) => {
    expect(precondition(base())).toBeUndefined();
    expect(precondition(change(base()))).toMatch(reason);
  });

  test('state with count, for_each or modules is not read', () => {
    const resource = { mode: 'managed' as const, type: 'aws_iam_user', name: 'u', provider: 'p', instances: [{ index_key: 0, schema_version: 0, attributes: {} }] };
    expect(stateEntries({ version: 4, terraform_version: '1.11.4', serial: 1, lineage: 'L', resources: [resource] })).toEqual({ doubt: 'state holds aws_iam_user.u with count or for_each' });
  });

  test('drift among more resources than a target list holds is a full plan', () => {
    const json = config();
    const record = makeRecord('identity', json, { lineage: 'L', serial: 3 }, VERSIONS);
    const drifts = [...entries().keys()].map((address) => ({ address, effect: 'plan' as const, what: ['gone'] }));
    expect(decide({ json, entries: entries(), record, changed: [], drifts }).mode).toBe('full');
  });
});

test('the record lives next to the state: a file beside local state, an object beside the S3 key', () => {
  expect(recordLocation(config(), '/stack')).toEqual({ kind: 'local', path: '/state/terraform.identity.tfstate.applied-config.json' });
  const s3 = { ...config(), terraform: { backend: { s3: { bucket: 'b', key: 'iam-roster/identity.tfstate', region: 'us-east-1', use_path_style: true } } } };
  expect(recordLocation(s3, '/stack')).toEqual({ kind: 's3', bucket: 'b', key: 'iam-roster/identity.tfstate.applied-config.json', region: 'us-east-1', pathStyle: true });
  expect(resourceHashes(config()).size).toBe(6);
});

test("outputs in state that a targeted apply left stale are told apart from current ones, and anything but references is a doubt", () => {
  expect(outputsDiffer(config(), entries(), { initial_passwords: { value: { '1001': 'x' } } })).toBeUndefined();
  expect(outputsDiffer(config(), entries(), { initial_passwords: { value: { '1001': 'old' } } })).toBe('output initial_passwords in the state is out of date');
  expect(outputsDiffer(config(), entries(), {})).toBe('output initial_passwords in the state is out of date');
  expect(outputsDiffer(config(), entries(), { initial_passwords: { value: { '1001': 'x' } }, gone: { value: 1 } })).toBe('output gone is in the state but no longer configured');
  const computed = { ...config(), output: { o: { value: '${upper(aws_iam_user.user-1001.name)}' } } };
  expect(outputsDiffer(computed, entries(), { o: { value: 'JSMITH' } })).toBe('output o is not literals and whole references');
});

describe('choosePlan', () => {
  test('a stack other than identity (the baseline, a member account) always gets a full plan, without reading anything', async () => {
    const untouchable = () => {
      throw new Error('must not be called');
    };
    for (const [stack, holds] of [
      ['account-prod', "member account prod's roles and settings"],
      ['baseline', "the identity account's settings"],
    ]) {
      const decision = await choosePlan({ stack, dir: '/nonexistent', json: {}, env: {}, terraform: untouchable, state: untouchable, iam: untouchable });
      expect(decision.mode).toBe('full');
      // The reason says why: the stack's size does not grow with the roster.
      expect(decision.reason).toMatch(new RegExp(`^the fast plan covers the identity stack only; this stack holds ${holds}.*, whose number does not grow with the roster$`));
    }
  });
});
