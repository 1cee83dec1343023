/**
 * An apply that fails because users it was creating already exist (issue 13): npm run
 * deploy imports the ones that are ours and finishes in the same run, and stops at
 * the ones that are not, naming them and leaving them as they were. The CLI talks to
 * the emulator through a FaultyEndpoint, so the failure happens during the apply, after
 * the plan found nothing in the way: exactly as on a large deploy, where the first
 * CreateUser succeeds, its answer is lost and the provider's retry meets the user.
 */
import { CreateUserCommand, GetLoginProfileCommand, GetUserCommand, ListGroupsForUserCommand, ListUserTagsCommand } from '@aws-sdk/client-iam';
import { readFileSync } from 'node:fs';
import type { RosterInput } from '../../roster/schema';
import { exists } from '../../tools/aws/no-such-entity';
import { DeployTarget, exampleInput } from '../e2e/deploy-target';
import { edit } from '../plan-summary/roster-planner';
import { FaultyEndpoint } from './faulty-endpoint';

const IDENTITY = { stacks: ['identity'] };
let target: DeployTarget;
let endpoint: FaultyEndpoint;

beforeAll(async () => {
  target = await DeployTarget.start();
  endpoint = await FaultyEndpoint.start(target.emulator.endpoint);
});

afterAll(async () => {
  await endpoint?.stop();
  await target?.stop();
});

type NewPerson = RosterInput['people'][number];
const NORA: NewPerson = { name: 'Nora Park', employeeId: '1007', team: 'network' };
const OMAR: NewPerson = { name: 'Omar Diaz', employeeId: '1008', team: 'data' };
const PIA: NewPerson = { name: 'Pia Lund', employeeId: '1009', team: 'data' };

const withPeople = (...people: NewPerson[]) =>
  edit(exampleInput(), (r) => {
    r.people.push(...people);
  });

/** npm run deploy of the identity stack, through the faulty endpoint. */
function deployThroughEndpoint(roster: RosterInput) {
  return target.cliAsync('deploy', ['--roster', target.rosterFile(roster), '--stack', 'identity'], { AWS_ENDPOINT_URL: endpoint.url });
}

const createUserOf = (userName: string) => (p: URLSearchParams) => p.get('Action') === 'CreateUser' && p.get('UserName') === userName;

async function tagsOf(UserName: string): Promise<Record<string, string>> {
  const { Tags = [] } = await target.iam.send(new ListUserTagsCommand({ UserName }));
  return Object.fromEntries(Tags.map((t) => [t.Key as string, t.Value as string]));
}

async function groupsOf(UserName: string): Promise<string[]> {
  const { Groups = [] } = await target.iam.send(new ListGroupsForUserCommand({ UserName }));
  return Groups.map((g) => g.GroupName as string).sort();
}

const hasLoginProfile = (UserName: string) => exists(() => target.iam.send(new GetLoginProfileCommand({ UserName })));
const stateAddresses = () => (JSON.parse(readFileSync(target.stateFile(), 'utf8')) as { resources: { type: string; name: string }[] }).resources.map((r) => `${r.type}.${r.name}`);

test('a user whose create succeeded but whose answer was lost is imported as ours, and the deploy finishes in one run', async () => {
  await target.fresh();
  await target.deploy(exampleInput(), IDENTITY);
  endpoint.add({ matches: createUserOf('NPark'), loseAnswer: true });

  const r = await deployThroughEndpoint(withPeople(NORA));
  // The first CreateUser made the user and lost its answer; the provider's retry met it and the apply failed.
  expect(endpoint.count('CreateUser', 'NPark')).toBe(2);
  expect(r.stdout).toMatch(/EntityAlreadyExists/);
  expect(r.stdout).toContain('identity: 1 object(s) the apply was creating already exist (EntityAlreadyExists): aws_iam_user.user-1007; importing those that are ours');
  expect(r.stdout).toContain(
    'identity: imported aws_iam_user.user-1007 (NPark): it already existed, tagged as ours (ManagedBy=iam-roster, EmployeeId=1007) - an earlier request had created it',
  );
  expect(r.stdout).toMatch(/Plan: 1 to import, 2 to add, 1 to change, 0 to destroy/);
  expect(r.stdout).toContain('deployed: identity');
  expect(r.stderr).not.toContain('Error');
  expect(r.code).toBe(0);

  const { User } = await target.iam.send(new GetUserCommand({ UserName: 'NPark' }));
  expect(User?.Path).toBe('/people/');
  expect(await tagsOf('NPark')).toEqual({ EmployeeId: '1007', Team: 'network', Name: 'Nora Park', ManagedBy: 'iam-roster' });
  expect(await groupsOf('NPark')).toEqual(['assume-network-admin', 'readonly-base']);
  expect(await hasLoginProfile('NPark')).toBe(true);
  expect(stateAddresses()).toEqual(expect.arrayContaining(['aws_iam_user.user-1007', 'aws_iam_user_login_profile.login-1007', 'aws_iam_user_group_membership.groups-1007']));
  const [again] = await target.plan(withPeople(NORA), IDENTITY);
  expect(again.changes).toBe(false);
});

test('users made during the apply that are not ours are not imported: the deploy stops naming each and why, and leaves them untouched', async () => {
  await target.fresh();
  await target.deploy(exampleInput(), IDENTITY);
  const handMade: Record<string, string> = {};
  // Someone else makes the users between the plan (which found nothing in the way) and the apply's creates.
  endpoint.add({
    matches: createUserOf('ODiaz'),
    before: async () => {
      const { User } = await target.iam.send(new CreateUserCommand({ UserName: 'ODiaz' }));
      handMade.ODiaz = User?.UserId as string;
    },
  });
  endpoint.add({
    matches: createUserOf('PLund'),
    before: async () => {
      const { User } = await target.iam.send(new CreateUserCommand({ UserName: 'PLund', Tags: [{ Key: 'ManagedBy', Value: 'iam-roster' }, { Key: 'EmployeeId', Value: '9999' }] }));
      handMade.PLund = User?.UserId as string;
    },
  });

  const r = await deployThroughEndpoint(withPeople(OMAR, PIA));
  expect(endpoint.count('CreateUser', 'ODiaz')).toBe(1);
  expect(r.code).toBe(1);
  expect(r.stderr).toContain(
    [
      'identity: aws_iam_user.user-1008: IAM user ODiaz already exists and was not created by this repository; ' +
        'if it belongs to employee 1008, adopt it with: npm run adopt -- 1008; otherwise give that person another username',
      "identity: aws_iam_user.user-1009: IAM user PLund already exists and is tagged as this repository's, but for employee 9999, not 1009; " +
        'if it belongs to employee 1009, adopt it with: npm run adopt -- 1009; otherwise give that person another username',
      'nothing was imported and nothing more was applied; what the failed apply had made is in the state, and the next deploy goes on from there.',
    ].join('\n'),
  );
  expect(r.stdout).not.toContain('identity: imported');

  for (const [UserName, tags] of [
    ['ODiaz', {}],
    ['PLund', { ManagedBy: 'iam-roster', EmployeeId: '9999' }],
  ] as const) {
    const { User } = await target.iam.send(new GetUserCommand({ UserName }));
    expect(User?.UserId).toBe(handMade[UserName]);
    expect(User?.Path).toBe('/');
    expect(await tagsOf(UserName)).toEqual(tags);
    expect(await groupsOf(UserName)).toEqual([]);
    expect(await hasLoginProfile(UserName)).toBe(false);
  }
  expect(stateAddresses().filter((a) => /-100[89]$/.test(a))).toEqual([]);
});
