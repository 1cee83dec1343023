import { GetLoginProfileCommand, IAMClient, ListRolesCommand, ListUserTagsCommand, ListUsersCommand, NoSuchEntityException } from '@aws-sdk/client-iam';
import type { ApplyError } from '../../tools/deploy/apply-errors';
import { type StackJson, findImports } from '../../tools/deploy/imports';
import { MAX_RECOVERIES, alreadyExistingAddresses, decideRecovery, recoveryLimit } from '../../tools/deploy/recover-existing';

/** An IAM client over a fixed account: users with their tags and whether they have a console password. */
function account(users: Record<string, { tags?: Record<string, string>; path?: string; password?: boolean }>): IAMClient {
  const iam = new IAMClient({ region: 'us-east-1' });
  iam.send = (async (command: unknown) => {
    if (command instanceof ListUsersCommand) return { Users: Object.entries(users).map(([UserName, u]) => ({ UserName, Path: u.path ?? '/' })) };
    if (command instanceof ListRolesCommand) return { Roles: [] };
    if (command instanceof ListUserTagsCommand) {
      const tags = users[command.input.UserName as string]?.tags ?? {};
      return { Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) };
    }
    if (command instanceof GetLoginProfileCommand) {
      if (users[command.input.UserName as string]?.password) return { LoginProfile: {} };
      throw new NoSuchEntityException({ message: 'no login profile', $metadata: {} });
    }
    throw new Error(`unexpected command ${(command as object).constructor.name}`);
  }) as IAMClient['send'];
  return iam;
}

/** The identity stack as far as the import check reads it: users 1007 to 1009, 1007 with a console password. */
const STACK: StackJson = {
  resource: {
    aws_iam_user: { 'user-1007': { name: 'NPark' }, 'user-1008': { name: 'ODiaz' }, 'user-1009': { name: 'PLund' } },
    aws_iam_user_login_profile: { 'login-1007': { user: '${aws_iam_user.user-1007.name}' } },
    aws_iam_role: { 'role-admin': { name: 'admin' } },
  },
};

const OURS_1007 = { ManagedBy: 'iam-roster', EmployeeId: '1007', Team: 'network', Name: 'Nora Park' };

async function decide(failed: string[], users: Parameters<typeof account>[0], inState: string[] = []) {
  const state = new Set(inState);
  return decideRecovery({ failed, inState: state, found: await findImports(STACK, state, account(users)) });
}

const error = (address: string | undefined, alreadyExists = true): ApplyError => ({ summary: 'creating IAM User', alreadyExists, ...(address ? { address } : {}) });

describe('which failed applies the deploy recovers from', () => {
  test('an apply whose every error is EntityAlreadyExists on a resource gives those addresses, each once, sorted', () => {
    expect(alreadyExistingAddresses([error('aws_iam_user.user-1009'), error('aws_iam_user.user-1007'), error('aws_iam_user.user-1009')])).toEqual([
      'aws_iam_user.user-1007',
      'aws_iam_user.user-1009',
    ]);
  });

  test('an apply with any other error, or an EntityAlreadyExists that names no resource, is not recovered', () => {
    expect(alreadyExistingAddresses([error('aws_iam_user.user-1007'), error('aws_iam_role.role-admin', false)])).toBeUndefined();
    expect(alreadyExistingAddresses([error(undefined)])).toBeUndefined();
    expect(alreadyExistingAddresses([])).toBeUndefined();
  });

  test('the same objects failing again after their import stop the deploy, and so does a recovery past the limit', () => {
    const a = ['aws_iam_user.user-1007'];
    expect(recoveryLimit([], a)).toBeUndefined();
    expect(recoveryLimit([['aws_iam_user.user-1008']], a)).toBeUndefined();
    expect(recoveryLimit([['aws_iam_user.user-1008'], a], a)).toBe('the apply failed with EntityAlreadyExists again for aws_iam_user.user-1007 after they were imported once; stopping');
    const spent = Array.from({ length: MAX_RECOVERIES }, (_, i) => [`aws_iam_user.user-${i}`]);
    expect(recoveryLimit(spent, a)).toBe(`the apply failed with EntityAlreadyExists 4 times (aws_iam_user.user-1007); stopping after ${MAX_RECOVERIES} recoveries`);
  });
});

describe('which already existing objects the deploy imports after a failed apply', () => {
  test("a user tagged ManagedBy=iam-roster with the person's EmployeeId is imported, with the reason the deploy prints", async () => {
    const recovery = await decide(['aws_iam_user.user-1007'], { NPark: { tags: OURS_1007, path: '/people/' } });
    expect(recovery.refused).toEqual([]);
    expect(recovery.recovered).toEqual([
      {
        to: 'aws_iam_user.user-1007',
        id: 'NPark',
        reason: 'it already existed, tagged as ours (ManagedBy=iam-roster, EmployeeId=1007) - an earlier request had created it',
        ours: 'tagged as ours (ManagedBy=iam-roster, EmployeeId=1007)',
      },
    ]);
    expect(recovery.imports).toEqual(recovery.recovered);
  });

  test('the console password of a user of ours, also made already, is imported with it', async () => {
    const recovery = await decide(['aws_iam_user.user-1007', 'aws_iam_user_login_profile.login-1007'], { NPark: { tags: OURS_1007, password: true } });
    expect(recovery.refused).toEqual([]);
    expect(recovery.recovered.map((i) => [i.to, i.id, i.reason])).toEqual([
      ['aws_iam_user.user-1007', 'NPark', 'it already existed, tagged as ours (ManagedBy=iam-roster, EmployeeId=1007) - an earlier request had created it'],
      ['aws_iam_user_login_profile.login-1007', 'NPark', 'it already existed, on NPark, a user of this repository - an earlier request had created it'],
    ]);
  });

  test('a user without the ManagedBy tag is refused, naming it and how to adopt it', async () => {
    const recovery = await decide(['aws_iam_user.user-1008'], { ODiaz: { tags: { EmployeeId: '1008' } } });
    expect(recovery.imports).toEqual([]);
    expect(recovery.refused).toEqual([
      'aws_iam_user.user-1008: IAM user ODiaz already exists and was not created by this repository; if it belongs to employee 1008, adopt it with: npm run adopt -- 1008; otherwise give that person another username',
    ]);
  });

  test("a user tagged as ours for another employee, or for none, is refused: it is not that person's", async () => {
    const recovery = await decide(['aws_iam_user.user-1008', 'aws_iam_user.user-1009'], {
      ODiaz: { tags: { ManagedBy: 'iam-roster', EmployeeId: '1003' } },
      PLund: { tags: { ManagedBy: 'iam-roster' } },
    });
    expect(recovery.imports).toEqual([]);
    expect(recovery.refused).toEqual([
      "aws_iam_user.user-1008: IAM user ODiaz already exists and is tagged as this repository's, but for employee 1003, not 1008; if it belongs to employee 1008, adopt it with: npm run adopt -- 1008; otherwise give that person another username",
      "aws_iam_user.user-1009: IAM user PLund already exists and is tagged as this repository's, but for no employee, not 1009; if it belongs to employee 1009, adopt it with: npm run adopt -- 1009; otherwise give that person another username",
    ]);
  });

  test('one foreign user refuses the whole recovery, even beside a user of ours', async () => {
    const recovery = await decide(['aws_iam_user.user-1007', 'aws_iam_user.user-1008'], { NPark: { tags: OURS_1007 }, ODiaz: {} });
    expect(recovery.recovered.map((i) => i.to)).toEqual(['aws_iam_user.user-1007']);
    expect(recovery.refused).toHaveLength(1);
    expect(recovery.refused[0]).toMatch(/^aws_iam_user\.user-1008: IAM user ODiaz already exists and was not created by this repository/);
  });

  test('an address in the state was being changed, not created: nothing is imported there', async () => {
    const recovery = await decide(['aws_iam_user.user-1007'], { NPark: { tags: OURS_1007 } }, ['aws_iam_user.user-1007']);
    expect(recovery.imports).toEqual([]);
    expect(recovery.refused).toEqual([
      'aws_iam_user.user-1007 is in the state, so the apply was changing it, not creating it, when IAM answered EntityAlreadyExists (is its new name taken?); nothing to import',
    ]);
  });

  test('an object the import check does not look for, or does not find, is refused with what the deploy imports', async () => {
    const recovery = await decide(['aws_iam_role.role-admin', 'aws_iam_user.user-1009'], {});
    expect(recovery.imports).toEqual([]);
    expect(recovery.refused).toEqual([
      'aws_iam_role.role-admin: IAM answered EntityAlreadyExists, but no object of this repository was found to import there (the deploy imports users, console passwords, groups and roles)',
      'aws_iam_user.user-1009: IAM answered EntityAlreadyExists, but no object of this repository was found to import there (the deploy imports users, console passwords, groups and roles)',
    ]);
  });

  test('a user adopted on request (no ownership tags) is not taken by the recovery', () => {
    const recovery = decideRecovery({
      failed: ['aws_iam_user.user-1007'],
      inState: new Set(),
      found: { imports: [{ to: 'aws_iam_user.user-1007', id: 'NPark', reason: 'adopted for employee 1007' }], conflicts: [] },
    });
    expect(recovery.imports).toEqual([]);
    expect(recovery.refused).toEqual(["aws_iam_user.user-1007: NPark already exists and nothing shows it is this repository's (adopted for employee 1007); it was not imported"]);
  });
});
