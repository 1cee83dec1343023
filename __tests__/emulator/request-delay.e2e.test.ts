/**
 * The emulator's optional request delay (IAM_ROSTER_EMULATOR_DELAY_MS): every AWS request waits
 * the delay, which stands in for the round trip to real AWS; unset, nothing waits and moto's
 * answers are the same.
 */
import { CreateUserCommand, GetUserCommand, type IAMClient, ListUsersCommand } from '@aws-sdk/client-iam';
import { iamClient } from '../../tools/aws/clients';
import { configFrom } from '../../config/from-env';
import { type Emulator, awsEnvFor, emulatorDelay, startEmulator } from '../../tools/emulator/moto';

const DELAY_MS = 150;
const REQUESTS = 6;

/** Seconds that `n` sequential GetUser calls take, and the answers. */
async function sequential(iam: IAMClient, n: number): Promise<{ ms: number; names: string[] }> {
  const names: string[] = [];
  const started = performance.now();
  for (let i = 0; i < n; i++) names.push((await iam.send(new GetUserCommand({ UserName: 'delay-probe' }))).User?.UserName ?? '');
  return { ms: performance.now() - started, names };
}

describe('the emulator request delay', () => {
  let plain: Emulator;
  let delayed: Emulator;
  beforeAll(async () => {
    [plain, delayed] = await Promise.all([
      startEmulator({ config: configFrom({}) }),
      startEmulator({ config: configFrom({ IAM_ROSTER_EMULATOR_DELAY_MS: String(DELAY_MS) }) }),
    ]);
    for (const e of [plain, delayed]) await iamClient(awsEnvFor(e.endpoint)).send(new CreateUserCommand({ UserName: 'delay-probe' }));
  });
  afterAll(async () => {
    await Promise.all([plain?.stop(), delayed?.stop()]);
  });

  test('with IAM_ROSTER_EMULATOR_DELAY_MS, N sequential requests take at least N times the delay', async () => {
    expect(await emulatorDelay(delayed.endpoint)).toBe(DELAY_MS);
    const { ms, names } = await sequential(iamClient(awsEnvFor(delayed.endpoint)), REQUESTS);
    expect(names).toEqual(Array(REQUESTS).fill('delay-probe'));
    expect(ms).toBeGreaterThanOrEqual(REQUESTS * DELAY_MS);
  });

  test('without the setting there is no delay, and the answers are the same', async () => {
    expect(await emulatorDelay(plain.endpoint)).toBe(0);
    const iam = iamClient(awsEnvFor(plain.endpoint));
    const { ms, names } = await sequential(iam, REQUESTS);
    expect(names).toEqual(Array(REQUESTS).fill('delay-probe'));
    // Each answer takes a few ms on a quiet machine; the delayed emulator's could not be this fast.
    expect(ms).toBeLessThan(REQUESTS * DELAY_MS);
    const listed = async (e: Emulator) => (await iamClient(awsEnvFor(e.endpoint)).send(new ListUsersCommand({}))).Users?.map((u) => [u.UserName, u.Path, u.Arn]);
    expect(await listed(plain)).toEqual(await listed(delayed));
  });

  test('the delay can be changed while it runs, and the requests are counted by action', async () => {
    const iam = iamClient(awsEnvFor(plain.endpoint));
    const before = await plain.requestsByAction();
    await plain.setDelay(DELAY_MS);
    try {
      const { ms } = await sequential(iam, REQUESTS);
      expect(ms).toBeGreaterThanOrEqual(REQUESTS * DELAY_MS);
    } finally {
      await plain.setDelay(0);
    }
    const after = await plain.requestsByAction();
    expect((after.GetUser ?? 0) - (before.GetUser ?? 0)).toBe(REQUESTS);
    expect(after.CreateUser).toBe(1);
  });

  test('a delay that is not a whole number of milliseconds is refused', async () => {
    await expect(plain.setDelay(-1)).rejects.toThrow('expected a whole number of milliseconds');
    const res = await fetch(`${plain.endpoint}/iam-roster-emulator/delay?ms=abc`, { method: 'POST' });
    expect(res.status).toBe(400);
    expect(await emulatorDelay(plain.endpoint)).toBe(0);
  });
});
