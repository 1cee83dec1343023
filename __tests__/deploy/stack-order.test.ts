import { DeployError } from '../../tools/deploy/deploy-error';
import { dependencyOrder, selectStacks } from '../../tools/deploy/stack-order';
import { mapConcurrently } from '../../tools/map-concurrently';

describe('the order stacks are planned and deployed in', () => {
  test("the identity account's stacks come first, each after what it depends on, then the member accounts'", () => {
    const manifest = { stacks: { 'account-prod': {}, 'account-staging': {}, baseline: { dependencies: ['identity'] }, bootstrap: {}, identity: {} } };
    expect(dependencyOrder(manifest)).toEqual(['identity', 'baseline', 'bootstrap', 'account-prod', 'account-staging']);
  });

  test("the member accounts' bootstrap stacks come after the identity account's, which their roles trust", () => {
    const manifest = { stacks: { 'bootstrap-prod': { dependencies: ['bootstrap'] }, 'account-prod': {}, bootstrap: {}, identity: {} } };
    expect(dependencyOrder(manifest)).toEqual(['bootstrap', 'bootstrap-prod', 'identity', 'account-prod']);
  });

  test('a run takes every stack but the bootstrap stacks by default, and npm run bootstrap takes those alone', () => {
    const all = ['identity', 'baseline', 'bootstrap', 'bootstrap-prod', 'bootstrap-staging', 'account-prod', 'account-staging'];
    expect(selectStacks(all)).toEqual(['identity', 'baseline', 'account-prod', 'account-staging']);
    expect(selectStacks(all, ['bootstrap', 'bootstrap-*'])).toEqual(['bootstrap', 'bootstrap-prod', 'bootstrap-staging']);
    expect(selectStacks(all, ['account-*', 'identity'])).toEqual(['identity', 'account-prod', 'account-staging']);
  });

  test('a pattern that names no stack names none (no member accounts); a name that is no stack is an error', () => {
    expect(selectStacks(['identity', 'bootstrap'], ['identity', 'account-*'])).toEqual(['identity']);
    expect(() => selectStacks(['identity', 'bootstrap'], ['identiy'])).toThrow(new DeployError('unknown stack "identiy" (known: identity, bootstrap)'));
  });

  test('member plans run at most the bound at once, and their results keep the stacks\' order', async () => {
    let running = 0;
    let most = 0;
    const results = await mapConcurrently([30, 5, 20, 1, 10, 2], 2, async (ms) => {
      most = Math.max(most, ++running);
      await new Promise((r) => setTimeout(r, ms));
      running -= 1;
      return ms * 2;
    });
    expect(results).toEqual([60, 10, 40, 2, 20, 4]);
    expect(most).toBe(2);
  });

  test('after a failure no further plan starts, and the failure is what the caller sees', async () => {
    const started: number[] = [];
    const run = mapConcurrently([1, 2, 3, 4], 1, async (n) => {
      started.push(n);
      if (n === 2) throw new Error('account-staging: terraform plan failed');
      return n;
    });
    await expect(run).rejects.toThrow('account-staging: terraform plan failed');
    expect(started).toEqual([1, 2]);
  });
});
