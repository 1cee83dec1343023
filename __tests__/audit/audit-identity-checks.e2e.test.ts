/**
 * The identity-object checks against the emulator: the example roster deployed
 * once through real Terraform (identity and baseline), then, made by hand with
 * the SDK, a person moved out of /people/, tags changed and removed, a console
 * password deleted, group policies detached, changed and added, a roster group
 * deleted and a hand-made group with a member; each reported with its ID,
 * severity and object. A second deploy then repairs exactly the findings whose
 * rule says it does.
 */
import {
  AddUserToGroupCommand,
  CreateGroupCommand,
  DeleteGroupCommand,
  DeleteGroupPolicyCommand,
  DeleteLoginProfileCommand,
  DetachGroupPolicyCommand,
  GetGroupCommand,
  IAMClient,
  ListUserTagsCommand,
  PutGroupPolicyCommand,
  RemoveUserFromGroupCommand,
  TagUserCommand,
  UntagUserCommand,
  UpdateUserCommand,
} from '@aws-sdk/client-iam';
import { join } from 'node:path';
import { loadRosterFile } from '../../roster';
import { type Finding, atOrAbove } from '../../tools/audit/findings';
import { IDENTITY_RULES } from '../../tools/audit/rules/identity';
import type { AuditResult } from '../../tools/audit/run-audit';
import { PROJECT_ROOT } from '../../tools/project-root';
import { type EmulatorAccount, auditAccount, deployAccount, emulatorAccount } from './emulator-account';

const EXAMPLE = join(PROJECT_ROOT, 'users.yaml');
const roster = loadRosterFile(EXAMPLE);
const OURS = new Set(IDENTITY_RULES.rules.map((r) => r.id));
const ruleOf = (f: Finding) => IDENTITY_RULES.rules.find((r) => r.id === f.id && r.severity === f.severity);
const ours = (findings: readonly Finding[]) => findings.filter((f) => OURS.has(f.id));
const triples = (findings: readonly Finding[]) => findings.map((f) => `${f.id} ${f.user} ${f.severity}`).sort();

let account: EmulatorAccount;
let clean: AuditResult;
let broken: AuditResult;

beforeAll(async () => {
  account = await emulatorAccount(EXAMPLE);
  deployAccount(account);
  clean = await auditAccount(account, roster);

  const iam = new IAMClient({ region: 'us-east-1', endpoint: account.emulator.endpoint, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
  // Jane moved out of /people/. moto keys user tags by ARN, so the move drops them (AWS keeps them): put them back, to make only the path wrong.
  const { Tags } = await iam.send(new ListUserTagsCommand({ UserName: 'JaneSmith' }));
  await iam.send(new UpdateUserCommand({ UserName: 'JaneSmith', NewPath: '/contractors/' }));
  await iam.send(new TagUserCommand({ UserName: 'JaneSmith', Tags }));
  // José's Team tag changed, Priya's EmployeeId tag removed.
  await iam.send(new TagUserCommand({ UserName: 'JNunez', Tags: [{ Key: 'Team', Value: 'network' }] }));
  await iam.send(new UntagUserCommand({ UserName: 'PRaman', TagKeys: ['EmployeeId'] }));
  // John (console: true) loses his console password.
  await iam.send(new DeleteLoginProfileCommand({ UserName: 'JSmith' }));
  // The base group without ReadOnlyAccess; the admin group with an inline policy of its own; network-admin's grant naming the admin role.
  await iam.send(new DetachGroupPolicyCommand({ GroupName: 'readonly-base', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }));
  await iam.send(
    new PutGroupPolicyCommand({
      GroupName: 'admins',
      PolicyName: 'billing-view',
      PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'aws-portal:ViewBilling', Resource: '*' }] }),
    }),
  );
  await iam.send(
    new PutGroupPolicyCommand({
      GroupName: 'assume-network-admin',
      PolicyName: 'assume-network-admin',
      PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::123456789012:role/privileged/admin' }] }),
    }),
  );
  // database-admin's group deleted: members out and its policy gone first, as IAM requires.
  const { Users = [] } = await iam.send(new GetGroupCommand({ GroupName: 'assume-database-admin' }));
  for (const u of Users) await iam.send(new RemoveUserFromGroupCommand({ GroupName: 'assume-database-admin', UserName: u.UserName }));
  await iam.send(new DeleteGroupPolicyCommand({ GroupName: 'assume-database-admin', PolicyName: 'assume-database-admin' }));
  await iam.send(new DeleteGroupCommand({ GroupName: 'assume-database-admin' }));
  // A group made by hand, with Liam in it.
  await iam.send(new CreateGroupCommand({ GroupName: 'contractors' }));
  await iam.send(new AddUserToGroupCommand({ GroupName: 'contractors', UserName: 'LOBrien' }));

  broken = await auditAccount(account, roster);
}, 900_000);

afterAll(async () => {
  await account?.emulator.stop();
});

const newFindings = () => broken.findings.filter((f) => !clean.findings.some((c) => c.id === f.id && c.user === f.user));

test('a freshly deployed example roster has no identity-object finding, and no finding at low or above', () => {
  expect(ours(clean.findings)).toEqual([]);
  expect(atOrAbove(clean.findings, 'low')).toEqual([]);
});

test('each hand-made problem is found once, against the right object, and nothing else is new', () => {
  expect(triples(newFindings())).toEqual(
    [
      'user-path-drift JaneSmith medium',
      'user-tag-drift JNunez low',
      'user-tag-drift PRaman medium',
      'console-password-missing JSmith medium',
      'group-policy-drift group/readonly-base high',
      'group-policy-extra group/admins high',
      'group-policy-drift group/assume-network-admin high',
      'group-missing group/assume-database-admin medium',
      'unknown-group-with-members group/contractors high',
      // The same changes as the user checks (drift.ts) see them.
      'missing-group JNunez medium',
      'unexpected-group LOBrien high',
    ].sort(),
  );
});

test('the findings carry what was expected and what was found', () => {
  const by = (id: string, user: string) => broken.findings.find((f) => f.id === id && f.user === user);
  expect(by('user-path-drift', 'JaneSmith')).toMatchObject({ expected: '/people/', found: '/contractors/' });
  expect(by('user-tag-drift', 'JNunez')).toMatchObject({ expected: 'Team=data', found: 'Team=network' });
  expect(by('user-tag-drift', 'PRaman')).toMatchObject({ expected: 'EmployeeId=1004', found: 'no such tag' });
  expect(by('group-policy-drift', 'group/readonly-base')).toMatchObject({ expected: 'arn:aws:iam::aws:policy/ReadOnlyAccess', found: 'none' });
  expect(by('group-policy-drift', 'group/assume-network-admin')?.message).toBe(
    'inline policy assume-network-admin differs from what the stacks deploy: statements missing or changed: AssumeThisRoleOnly; 1 statement the stacks do not write',
  );
  expect(by('group-policy-extra', 'group/admins')?.message).toBe('inline policy billing-view is on the group, but the stacks do not write it');
  expect(by('unknown-group-with-members', 'group/contractors')?.found).toBe('LOBrien');
});

test('every identity-object finding names a rule of its section, and says whether npm run deploy repairs it', () => {
  for (const f of ours(broken.findings)) {
    const rule = ruleOf(f);
    expect(rule).toBeDefined();
    expect(f.action).toContain(rule?.deployRepairs === 'yes' ? 'npm run deploy repairs it' : 'npm run deploy does not');
  }
});

describe('after npm run deploy', () => {
  let repaired: AuditResult;

  beforeAll(async () => {
    deployAccount(account);
    repaired = await auditAccount(account, roster);
  }, 900_000);

  test('exactly the findings whose rule says a deploy repairs them are gone', () => {
    const remaining = ours(broken.findings).filter((f) => ruleOf(f)?.deployRepairs !== 'yes');
    expect(triples(ours(repaired.findings))).toEqual(triples(remaining));
    expect(triples(remaining)).toEqual(['group-policy-extra group/admins high', 'unknown-group-with-members group/contractors high']);
  });
});
