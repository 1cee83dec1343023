/**
 * Which member stacks a deploy retires: those with state on disk that the roster no longer
 * synthesizes and whose state holds resources of exactly one account that is neither the
 * identity account nor an account still on the roster. Real files in a temporary folder.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadRosterFile } from '../../roster';
import { DeployError } from '../../tools/deploy/deploy-error';
import { memberStates, retiredStacks, stateAccounts } from '../../tools/deploy/retired-stacks';
import { ORGANIZATION_ROSTER } from '../stacks/synthesized';

const roster = loadRosterFile(ORGANIZATION_ROSTER);
const synthesized = ['identity', 'baseline', 'bootstrap', 'account-prod', 'account-staging'];

/** A Terraform state (format 4) holding resources with these ARNs, and one without an ARN. */
function state(arns: readonly string[]): string {
  return JSON.stringify({
    version: 4,
    resources: [
      ...arns.map((arn, i) => ({ mode: 'managed', type: 'aws_iam_role', name: `role-${i}`, instances: [{ attributes: { arn, name: `r${i}` } }] })),
      ...(arns.length > 0 ? [{ mode: 'managed', type: 'aws_iam_account_password_policy', name: 'password-policy', instances: [{ attributes: { id: 'iam-account-password-policy' } }] }] : []),
      { mode: 'data', type: 'aws_caller_identity', name: 'me', instances: [{ attributes: { arn: 'arn:aws:iam::999999999999:root' } }] },
    ],
  });
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'retired-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const write = (stack: string, text: string) => writeFileSync(join(dir, `terraform.${stack}.tfstate`), text);
const retire = async () => retiredStacks(await memberStates({ state: { stateDir: dir } }, {}), synthesized, roster);

describe('member accounts taken off the roster', () => {
  test('a state names its account by the ARNs of its managed resources; data sources do not count', () => {
    expect(stateAccounts(state(['arn:aws:iam::444444444444:role/privileged/admin', 'arn:aws:sns:us-east-1:444444444444:security-alerts']))).toEqual({ resources: 3, accountIds: ['444444444444'] });
  });

  test("only account-<name> states with a valid account name are member stacks' states", async () => {
    for (const stack of ['identity', 'baseline', 'account-prod', 'account-old', 'account-Bad', 'account--x', 'mismatch']) write(stack, state([]));
    writeFileSync(join(dir, 'terraform.account-old.tfstate.backup'), state([]));
    expect((await memberStates({ state: { stateDir: dir } }, {})).map((s) => s.stack)).toEqual(['account-old', 'account-prod']);
  });

  test('a removed account whose state holds resources of its one account is retired; an empty state and the roster\'s own stacks are not', async () => {
    write('account-prod', state(['arn:aws:iam::222222222222:role/privileged/admin']));
    write('account-old', state(['arn:aws:iam::444444444444:role/privileged/admin', 'arn:aws:iam::444444444444:role/privileged/database-admin']));
    write('account-gone', state([]));
    expect(await retire()).toEqual([{ stack: 'account-old', account: { name: 'old', id: '444444444444' }, resources: 3, where: join(dir, 'terraform.account-old.tfstate') }]);
  });

  test.each([
    ['resources of two accounts', ['arn:aws:iam::444444444444:role/privileged/admin', 'arn:aws:iam::555555555555:role/privileged/admin'], /account-old: account old is no longer on the roster, but its state at .* holds resources of accounts 444444444444, 555555555555, so it cannot be retired safely; nothing was planned or deployed\. Put the account back under accounts:/],
    ['no ARN at all', [], undefined],
    ['the identity account', ['arn:aws:iam::123456789012:role/privileged/admin'], /account-old: account old is no longer on the roster, but its state at .* holds resources of the identity account 123456789012; nothing was planned or deployed/],
    ['an account still on the roster under another name', ['arn:aws:iam::222222222222:role/privileged/admin'], /account-old: account old \(222222222222\) is on the roster as prod now; nothing was planned or deployed\. To keep its roles, move the state before planning: rename .*terraform\.account-old\.tfstate to the state of account-prod/],
  ])('a removed account whose state holds %s is refused with what to do', async (_what, arns, message) => {
    // A state with resources but no ARN: keep one resource that has none.
    write('account-old', arns.length > 0 ? state(arns) : JSON.stringify({ version: 4, resources: [{ mode: 'managed', type: 'aws_iam_account_password_policy', name: 'p', instances: [{ attributes: {} }] }] }));
    const run = retire();
    await expect(run).rejects.toBeInstanceOf(DeployError);
    await expect(run).rejects.toThrow(message ?? /account-old: account old is no longer on the roster, but its state at .* holds resources of no known account, so it cannot be retired safely/);
  });
});
