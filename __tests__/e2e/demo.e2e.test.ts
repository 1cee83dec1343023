/**
 * npm run demo, the README's main-job command, run as a person runs it, twice.
 * IAM_ROSTER_LOCAL_DIR points its emulator record and state at a temporary
 * folder, so a developer's own demo emulator is never touched.
 */
import { IAMClient, ListUsersCommand } from '@aws-sdk/client-iam';
import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EmulatorSession } from '../../tools/emulator/session';
import { PROJECT_ROOT } from '../../tools/project-root';
import { hermeticEnv } from './deploy-target';

const localDir = mkdtempSync(join(tmpdir(), 'demo-local-'));
const env = { ...hermeticEnv(), IAM_ROSTER_LOCAL_DIR: localDir };
const developersRecord = join(PROJECT_ROOT, '.local', 'emulator.json');
const developersRecordBefore = existsSync(developersRecord) ? readFileSync(developersRecord, 'utf8') : undefined;

function npm(script: string, args: readonly string[] = [], extraEnv: Record<string, string> = {}): SpawnSyncReturns<string> {
  return spawnSync('npm', ['run', '--silent', script, ...(args.length > 0 ? ['--', ...args] : [])], {
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
    env: { ...env, ...extraEnv },
    timeout: 240_000,
  });
}

/** A live process (a stopped emulator whose parent exited may linger as a zombie until it is reaped). */
function running(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

const session = (): EmulatorSession => JSON.parse(readFileSync(join(localDir, 'emulator.json'), 'utf8'));

async function userIds(): Promise<Record<string, string>> {
  const iam = new IAMClient({ region: 'us-east-1', endpoint: session().endpoint, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
  const { Users = [] } = await iam.send(new ListUsersCommand({}));
  return Object.fromEntries(Users.map((u) => [u.UserName as string, u.UserId as string]));
}

let first: SpawnSyncReturns<string>;
let firstUsers: Record<string, string>;

beforeAll(async () => {
  first = npm('demo');
  if (existsSync(join(localDir, 'emulator.json'))) firstUsers = await userIds();
});

afterAll(() => {
  if (existsSync(join(localDir, 'emulator.json'))) {
    const { pid } = session();
    npm('emulator', ['stop']);
    // Only if stop failed: never leave the test's emulator running.
    if (running(pid)) process.kill(pid, 'SIGKILL');
  }
  rmSync(localDir, { recursive: true, force: true });
});

test('the first run starts the emulator, deploys users.yaml with local state and prints the account and how to inspect and stop it', () => {
  expect(first.stderr).not.toMatch(/\n\s+at /);
  expect(first.stdout).toMatch(/^started the local AWS emulator at http:\/\/127\.0\.0\.1:\d+ \(pid \d+\)$/m);
  expect(first.stdout).toMatch(/^identity: applied - Plan: \d+ to add, 0 to change, 0 to destroy\.$/m);
  expect(first.stdout).toMatch(/^baseline: applied - Plan: \d+ to add, 0 to change, 0 to destroy\.$/m);
  expect(first.stdout).toContain(`deployed ${join(PROJECT_ROOT, 'users.yaml')} to the emulator.`);
  expect(first.stdout).toContain('People (6 IAM users under /people/):');
  expect(first.stdout).toMatch(/^ {2}admin +JSmith, PRaman - via group admins, max 1h, MFA required$/m);
  expect(first.stdout).toContain('eval "$(npm run -s emulator -- env)"');
  expect(first.stdout).toContain('npm run emulator -- stop');
  expect(first.status).toBe(0);
  expect(Object.keys(firstUsers).sort()).toEqual(['JNunez', 'JSmith', 'JaneSmith', 'LOBrien', 'MChen', 'PRaman']);
  expect(existsSync(join(localDir, 'demo', 'terraform.identity.tfstate'))).toBe(true);
  // The developer's own demo, if any, is untouched.
  expect(existsSync(developersRecord) ? readFileSync(developersRecord, 'utf8') : undefined).toBe(developersRecordBefore);
});

test('the second run reuses the emulator, changes nothing and says so', async () => {
  const { pid } = session();
  const second = npm('demo');
  expect(second.stdout).toContain(`reusing the local AWS emulator at ${session().endpoint} (pid ${pid})`);
  expect(second.stdout).toMatch(/^identity: no changes$/m);
  expect(second.stdout).toMatch(/^baseline: no changes$/m);
  expect(second.stdout).toContain('nothing changed: the emulator account already matches the roster.');
  expect(second.stdout).not.toContain('applying the plan');
  expect(second.status).toBe(0);
  expect(await userIds()).toEqual(firstUsers);
});

test('the commands it prints work: emulator env points npm run plan at the demo account, initial-password hands out a password', () => {
  const exports = npm('emulator', ['env']);
  expect(exports.status).toBe(0);
  const demoEnv = Object.fromEntries([...exports.stdout.matchAll(/^export (\w+)='([^']*)'$/gm)].map((m) => [m[1], m[2]]));
  expect(demoEnv.AWS_ENDPOINT_URL).toBe(session().endpoint);

  const plan = npm('plan', ['--stack', 'identity'], demoEnv);
  expect(plan.stdout).toContain('no changes: the account matches the roster');
  expect(plan.status).toBe(0);

  const password = npm('initial-password', ['1001'], demoEnv);
  expect(password.stdout.trim()).toMatch(/^\S{20,}$/);
  expect(password.status).toBe(0);
  const none = npm('initial-password', ['1005'], demoEnv);
  expect(none.stderr).toContain('employee 1005 has no console password (console: false, suspended, or not on the roster)');
  expect(none.status).toBe(1);
});

test('the organization example: the demo deploys its member accounts, prints who may assume which role in each, and the plan it suggests (with that roster) finds no change', () => {
  const org = npm('demo', ['--roster', 'examples/organization.yaml']);
  expect(org.stderr).not.toMatch(/\n\s+at /);
  expect(org.status).toBe(0);
  for (const stack of ['account-prod', 'account-staging']) expect(org.stdout).toMatch(new RegExp(`^${stack}: applied - Plan: \\d+ to add, 0 to change, 0 to destroy\\.$`, 'm'));
  expect(org.stdout).toContain('Account prod (222222222222): roles assumed from the identity account (with MFA, session name = own username):');
  expect(org.stdout).toContain('Account staging (333333333333): roles assumed from the identity account (with MFA, session name = own username):');
  expect(org.stdout).toMatch(/^ {2}database-admin +JNunez, MChen - via group assume-database-admin, assume-database-admin_in_staging, max 2h, MFA required$/m);
  expect(org.stdout.match(/^ {2}no IAM users: people sign in to the identity account only$/gm)).toHaveLength(2);

  // The follow-up plan exactly as printed, run by a shell in the environment the demo tells a person to eval.
  const suggested = /^ {2}(npm run plan -- --roster \S+)/m.exec(org.stdout)?.[1];
  expect(suggested).toBe("npm run plan -- --roster 'examples/organization.yaml'");
  const exports = npm('emulator', ['env']);
  const plan = spawnSync('sh', ['-c', `eval "$EXPORTS" && ${suggested}`], { cwd: PROJECT_ROOT, encoding: 'utf8', env: { ...env, EXPORTS: exports.stdout }, timeout: 240_000 });
  // stderr too, so that a failure shows why.
  expect(`${plan.stdout}\n${plan.stderr}`).toContain('no changes: the account matches the roster');
  expect(plan.status).toBe(0);
});

test('npm run emulator -- stop stops it, and status then says it is not running', () => {
  const { pid } = session();
  expect(npm('emulator', ['status']).status).toBe(0);
  const stop = npm('emulator', ['stop']);
  expect(stop.stdout).toBe('stopped\n');
  expect(running(pid)).toBe(false);
  const status = npm('emulator', ['status']);
  expect(status.stdout).toContain('not running (start it with: npm run emulator -- start)');
  expect(status.status).toBe(3);
  expect(existsSync(join(localDir, 'demo', 'terraform.identity.tfstate'))).toBe(false);
});
