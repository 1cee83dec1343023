/**
 * The bootstrap stack's state bucket, and S3 state with Terraform's native
 * lockfile (use_lockfile), against the emulator's S3: moto honours
 * If-None-Match: * on PutObject, so the locks here are Terraform's real ones.
 */
import { ListUsersCommand } from '@aws-sdk/client-iam';
import {
  CreateBucketCommand,
  DeleteBucketPolicyCommand,
  GetBucketEncryptionCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketPolicyCommand,
  GetBucketVersioningCommand,
  GetObjectCommand,
  GetPublicAccessBlockCommand,
  HeadObjectCommand,
  ListObjectVersionsCommand,
  PutBucketVersioningCommand,
} from '@aws-sdk/client-s3';
import { runSimulation } from '@cloud-copilot/iam-simulate';
import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { RosterInput } from '../../roster/schema';
import { stateBucketName, stateKey } from '../../stacks/backend';
import { DeployError, type RunOptions, type StackDeploy } from '../../tools/deploy/deploy';
import { terraformOk } from '../../tools/terraform/run';
import { edit } from '../plan-summary/roster-planner';
import { DeployTarget, EXAMPLE_ROSTER, exampleInput } from './deploy-target';

const ACCOUNT = '123456789012';
const BUCKET = stateBucketName(ACCOUNT, {});
const STATE_KEY = stateKey('identity');
const LOCK_KEY = `${STATE_KEY}.tflock`;
let target: DeployTarget;
let bootstrap: StackDeploy[];

beforeAll(async () => {
  target = await DeployTarget.start();
  bootstrap = await target.deploy(EXAMPLE_ROSTER, { stacks: ['bootstrap'] });
});

afterAll(async () => {
  await target?.stop();
});

/** Identity-stack run options with S3 state in BUCKET, synthesized in its own folder (one checkout each). */
function s3Options(checkout: string, extra: Partial<RunOptions> = {}): Partial<RunOptions> {
  return { stacks: ['identity'], outdir: join(target.stateDir, checkout), ...extra, env: { STATE_BUCKET: BUCKET, ...extra.env } };
}

async function objectText(Key: string): Promise<string | undefined> {
  try {
    const { Body } = await target.s3.send(new GetObjectCommand({ Bucket: BUCKET, Key }));
    return await Body?.transformToString();
  } catch (err) {
    if ((err as { name?: string }).name === 'NoSuchKey') return undefined;
    throw err;
  }
}

async function objectExists(Key: string): Promise<boolean> {
  return target.s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key })).then(
    () => true,
    (err: { name?: string }) => {
      if (err.name === 'NotFound') return false;
      throw err;
    },
  );
}

/** Addresses in the identity state object, each as often as it occurs. */
async function stateAddresses(): Promise<string[]> {
  const state = JSON.parse((await objectText(STATE_KEY)) as string) as { resources: { type: string; name: string }[] };
  return state.resources.map((r) => `${r.type}.${r.name}`).sort();
}

async function peopleUsernames(): Promise<string[]> {
  const { Users = [] } = await target.iam.send(new ListUsersCommand({ PathPrefix: '/people/' }));
  return Users.map((u) => u.UserName as string).sort();
}

const withPeople = (...people: RosterInput['people']) => edit(exampleInput(), (r) => r.people.push(...people));
const NORA = { name: 'Nora Park', employeeId: '1007', team: 'network' };
const OMAR = { name: 'Omar Haddad', employeeId: '1008', team: 'data' };

/**
 * Stop a deploy's terraform apply (SIGSTOP) at its first resource operation, when it holds
 * the state lock, so a second run meets the lock deterministically; `paused` is that process.
 */
function pauseAtFirstChange() {
  let resolvePaused: (child: ChildProcess) => void = () => undefined;
  const paused = new Promise<ChildProcess>((resolve) => (resolvePaused = resolve));
  let stopped = false;
  const onTerraform = (_stack: string, command: string, child: ChildProcess) => {
    if (command !== 'apply') return;
    child.stdout?.on('data', (chunk: string) => {
      if (stopped || !/: (Creating|Modifying|Destroying)\.\.\./.test(chunk)) return;
      stopped = true;
      child.kill('SIGSTOP');
      resolvePaused(child);
    });
  };
  return { onTerraform, paused };
}

/** SIGKILL a process and its children, as a crash does; a killed terraform alone leaves its provider plugin running. */
function killWithChildren(pid: number): void {
  const children = readdirSync(`/proc/${pid}/task`).flatMap((task) => readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim().split(/\s+/).filter(Boolean));
  process.kill(pid, 'SIGKILL');
  for (const child of children) process.kill(Number(child), 'SIGKILL');
}

describe('the bootstrap stack', () => {
  test('creates the state bucket versioned, encrypted, owner-enforced and closed to the public, and keeps its own state locally', async () => {
    expect(bootstrap.map((b) => [b.stack, b.applied])).toEqual([['bootstrap', true]]);
    expect((await target.s3.send(new GetBucketVersioningCommand({ Bucket: BUCKET }))).Status).toBe('Enabled');
    const { ServerSideEncryptionConfiguration } = await target.s3.send(new GetBucketEncryptionCommand({ Bucket: BUCKET }));
    expect(ServerSideEncryptionConfiguration?.Rules).toEqual([{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: true }]);
    const { PublicAccessBlockConfiguration } = await target.s3.send(new GetPublicAccessBlockCommand({ Bucket: BUCKET }));
    expect(PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true });
    const { OwnershipControls } = await target.s3.send(new GetBucketOwnershipControlsCommand({ Bucket: BUCKET }));
    expect(OwnershipControls?.Rules).toEqual([{ ObjectOwnership: 'BucketOwnerEnforced' }]);
    // It cannot keep its state in the bucket it creates.
    expect(existsSync(target.stateFile('bootstrap'))).toBe(true);
    expect(bootstrap[0].applyOutput).toContain(`state_bucket = "${BUCKET}"`);
  });

  test('its bucket policy, as deployed, denies every request without TLS, even from a principal allowed everything', async () => {
    const policy = JSON.parse((await target.s3.send(new GetBucketPolicyCommand({ Bucket: BUCKET }))).Policy as string);
    const allowAll = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] };
    const decide = async (action: string, resource: string, secureTransport: boolean) => {
      const result = await runSimulation(
        {
          request: {
            principal: `arn:aws:iam::${ACCOUNT}:role/privileged/admin`,
            action,
            resource: { resource, accountId: ACCOUNT },
            contextVariables: { 'aws:SecureTransport': String(secureTransport) },
          },
          identityPolicies: [{ name: 'allow-all', policy: allowAll }],
          serviceControlPolicies: [],
          resourceControlPolicies: [],
          resourcePolicy: policy,
        },
        {},
      );
      if (result.resultType === 'error') throw new Error(JSON.stringify(result.errors));
      return result.overallResult;
    };
    const object = `arn:aws:s3:::${BUCKET}/${STATE_KEY}`;
    for (const [action, resource] of [
      ['s3:GetObject', object],
      ['s3:PutObject', object],
      ['s3:DeleteObject', `${object}.tflock`],
      ['s3:ListBucket', `arn:aws:s3:::${BUCKET}`],
      ['s3:PutBucketPolicy', `arn:aws:s3:::${BUCKET}`],
    ]) {
      expect([action, await decide(action, resource, false)]).toEqual([action, 'ExplicitlyDenied']);
      expect([action, await decide(action, resource, true)]).toEqual([action, 'Allowed']);
    }
  });
});

describe('S3 state', () => {
  beforeAll(async () => {
    // moto 5.2.5 evaluates a bucket policy's Condition wrongly: a statement whose condition does not
    // match counts as an explicit Deny whatever its Effect, and no request carries aws:SecureTransport,
    // so the TLS-only policy denies every object request in the emulator (HTTP 403 on HeadObject). Real
    // S3 denies only requests without TLS, as the simulation above shows. The emulator's bucket drops it.
    await target.s3.send(new DeleteBucketPolicyCommand({ Bucket: BUCKET }));
  });

  test('a deploy with STATE_BUCKET writes the stack state to the bucket, versioned, and releases its lock', async () => {
    const [identity] = await target.deploy(EXAMPLE_ROSTER, s3Options('first'));
    expect(identity.applied).toBe(true);
    expect(await stateAddresses()).toContain('aws_iam_user.user-1001');
    expect(await objectExists(LOCK_KEY)).toBe(false);
    expect(existsSync(target.stateFile('identity'))).toBe(false);
    const { Versions = [] } = await target.s3.send(new ListObjectVersionsCommand({ Bucket: BUCKET, Prefix: STATE_KEY }));
    expect(Versions.filter((v) => v.Key === STATE_KEY).length).toBeGreaterThanOrEqual(1);
    const [again] = await target.plan(EXAMPLE_ROSTER, s3Options('another-checkout'));
    expect(again.changes).toBe(false);
  });
});

describe('state locking', () => {
  // Each scenario: an empty account, a versioned bucket made with the SDK (the bootstrap stack is tested above), users.yaml deployed.
  beforeEach(async () => {
    await target.fresh();
    await target.s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    await target.s3.send(new PutBucketVersioningCommand({ Bucket: BUCKET, VersioningConfiguration: { Status: 'Enabled' } }));
    await target.deploy(EXAMPLE_ROSTER, s3Options('base'));
  });

  test('while one deploy applies, a second fails at once with the lock holder and ID, and the state stays consistent', async () => {
    const pause = pauseAtFirstChange();
    const first = target.deploy(withPeople(NORA), s3Options('alice', { onTerraform: pause.onTerraform }));
    const held = await pause.paused;
    try {
      const lock = JSON.parse((await objectText(LOCK_KEY)) as string) as { ID: string; Operation: string };
      expect(lock.Operation).toBe('OperationTypeApply');
      const second = await target.deploy(withPeople(OMAR), s3Options('bob')).catch((e: unknown) => e);
      expect(second).toBeInstanceOf(DeployError);
      const message = (second as DeployError).message;
      expect(message).toMatch(/^identity: the state is locked by another run \(\S+@\S+, since .+\); nothing was changed\./);
      expect(message).toContain(`release the stale lock: npm run state:unlock -- ${lock.ID}`);
    } finally {
      held.kill('SIGCONT');
    }
    const [applied] = await first;
    expect(applied.applied).toBe(true);
    expect(await objectExists(LOCK_KEY)).toBe(false);
    // Only the first run wrote: Nora is in state and account once, Omar nowhere.
    expect((await stateAddresses()).filter((a) => a === 'aws_iam_user.user-1007')).toHaveLength(1);
    expect(await stateAddresses()).not.toContain('aws_iam_user.user-1008');
    expect(await peopleUsernames()).toEqual(['JNunez', 'JSmith', 'JaneSmith', 'LOBrien', 'MChen', 'NPark', 'PRaman'].sort());
  });

  test('a second deploy given --lock-timeout waits for the first, then finds nothing left to do', async () => {
    const pause = pauseAtFirstChange();
    const roster = withPeople(NORA);
    const first = target.deploy(roster, s3Options('alice', { onTerraform: pause.onTerraform }));
    const held = await pause.paused;
    let planStarted: () => void = () => undefined;
    const waiting = new Promise<void>((resolve) => (planStarted = resolve));
    const second = target.deploy(roster, s3Options('bob', { lockTimeout: '2m', onTerraform: (_stack, command) => command === 'plan' && planStarted() }));
    second.catch(() => undefined); // awaited below, after the first run is resumed
    try {
      // Resume the first run only once the second's plan is waiting for the lock.
      await waiting;
      await new Promise((r) => setTimeout(r, 3_000));
      expect(await objectExists(LOCK_KEY)).toBe(true);
    } finally {
      held.kill('SIGCONT');
    }
    const [a] = await first;
    const [b] = await second;
    expect(a.applied).toBe(true);
    expect([b.changes, b.applied]).toEqual([false, false]);
    expect((await stateAddresses()).filter((x) => x === 'aws_iam_user.user-1007')).toHaveLength(1);
    expect((await peopleUsernames()).filter((u) => u === 'NPark')).toHaveLength(1);
  });

  test('a deploy killed mid-apply leaves a stale lock; the next run names it, npm run state:unlock releases it, and a deploy converges', async () => {
    const roster = withPeople(NORA, OMAR, { name: 'Ana Lima', employeeId: '1009', team: 'security' });
    let killed = false;
    let createdBeforeKill = '';
    const interrupted = await target
      .deploy(
        roster,
        s3Options('alice', {
          onTerraform: (_stack, command, child) => {
            if (command !== 'apply') return;
            child.stdout?.on('data', (chunk: string) => {
              // Killed as a crashed CI runner or a closed laptop would: no chance to release the lock or save state.
              const created = /(aws_iam_user\.user-10(07|08|09)): Creation complete/.exec(chunk);
              if (!killed && created) {
                killed = true;
                createdBeforeKill = created[1];
                killWithChildren(child.pid as number);
              }
            });
          },
        }),
      )
      .catch((e: unknown) => e);
    expect(killed).toBe(true);
    expect(interrupted).toBeInstanceOf(DeployError);
    const lock = JSON.parse((await objectText(LOCK_KEY)) as string) as { ID: string };

    const blocked = await target.deploy(roster, s3Options('alice')).catch((e: unknown) => e);
    expect(blocked).toBeInstanceOf(DeployError);
    expect((blocked as DeployError).message.split('\n').pop()).toBe(`If no run is in progress any more (it was killed), release the stale lock: npm run state:unlock -- ${lock.ID}`);

    const unlock = target.cli('state-unlock', [lock.ID], { STATE_BUCKET: BUCKET, CDKTF_OUTDIR: join(target.stateDir, 'unlock') });
    expect(unlock.stdout).toContain(`released lock ${lock.ID} on the identity state`);
    expect(unlock.code).toBe(0);
    expect(await objectExists(LOCK_KEY)).toBe(false);

    const [converged] = await target.deploy(roster, s3Options('alice'));
    expect(converged.applied).toBe(true);
    // The user made just before the kill exists but never reached the state: it is imported, not created twice.
    expect(converged.imports.map((i) => i.to)).toContain(createdBeforeKill);
    const people = ['JNunez', 'JSmith', 'JaneSmith', 'LOBrien', 'MChen', 'PRaman', 'NPark', 'OHaddad', 'ALima'].sort();
    expect(await peopleUsernames()).toEqual(people);
    const users = (await stateAddresses()).filter((a) => a.startsWith('aws_iam_user.'));
    expect(users).toEqual([...new Set(users)]);
    expect(users).toHaveLength(people.length);
    const [again] = await target.plan(roster, s3Options('alice'));
    expect(again.changes).toBe(false);
  });
});

describe('moving local state to S3', () => {
  test('a deploy that finds the state location changed says how to migrate; after terraform init -migrate-state the S3 state holds everything', async () => {
    await target.fresh();
    await target.s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    const checkout = { stacks: ['identity'], outdir: join(target.stateDir, 'checkout') };
    await target.deploy(EXAMPLE_ROSTER, checkout);
    const localAddresses = (JSON.parse(readFileSync(target.stateFile(), 'utf8')) as { resources: { type: string; name: string }[] }).resources.map((r) => `${r.type}.${r.name}`).sort();

    const moved = await target.deploy(EXAMPLE_ROSTER, s3Options('checkout')).catch((e: unknown) => e);
    expect(moved).toBeInstanceOf(DeployError);
    const dir = join(checkout.outdir, 'stacks', 'identity');
    expect((moved as DeployError).message).toContain(`identity: the state location changed since the last run (local <-> S3, or another bucket or key). Move the state with: (cd ${dir} && terraform init -migrate-state)`);
    expect(await objectExists(STATE_KEY)).toBe(false);

    // The documented command; -force-copy answers its "copy existing state?" question, as a person answers yes.
    terraformOk(['init', '-input=false', '-no-color', '-migrate-state', '-force-copy'], { cwd: dir, env: { ...target.env, STATE_BUCKET: BUCKET } as Record<string, string> });
    expect(await stateAddresses()).toEqual(localAddresses);
    const [after] = await target.deploy(EXAMPLE_ROSTER, s3Options('checkout'));
    expect([after.changes, after.imports]).toEqual([false, []]);
  });
});
