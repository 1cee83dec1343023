/**
 * A single-account roster deployed before member accounts existed plans no change after them:
 * users.yaml is deployed to the emulator by the code as it was at the last commit before issue 12
 * (its own npm run deploy, from a checkout of that commit with this project's node_modules), and
 * today's npm run plan, against the same state and account, must find nothing to do.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NO_CHANGES_PLAN_JSON, PLAN_FILE } from '../../tools/deploy/deploy';
import { PROJECT_ROOT } from '../../tools/project-root';
import { stackDir, terraformOk } from '../../tools/terraform/run';
import { DeployTarget } from './deploy-target';

/** The last commit before issue 12 ("Many accounts"); its child started the issue. */
const BEFORE_ACCOUNTS = 'aa8ff8a';

let target: DeployTarget;
let before: string;

function git(args: readonly string[]) {
  return spawnSync('git', args, { cwd: PROJECT_ROOT, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
}

beforeAll(async () => {
  const found = git(['rev-parse', '--verify', '--quiet', `${BEFORE_ACCOUNTS}^{commit}`]);
  if (found.status !== 0) {
    throw new Error(`commit ${BEFORE_ACCOUNTS} (the last before issue 12) is not in this clone of ${PROJECT_ROOT}; this test needs the full history (git fetch --unshallow)`);
  }
  before = mkdtempSync(join(tmpdir(), 'before-accounts-'));
  const tar = `${before}.tar`;
  try {
    // An export, not a worktree: nothing is added to the repository's own records.
    const archive = git(['archive', '--format=tar', '-o', tar, BEFORE_ACCOUNTS]);
    if (archive.status !== 0) throw new Error(`git archive ${BEFORE_ACCOUNTS} failed: ${archive.stderr}`);
    const untar = spawnSync('tar', ['-xf', tar, '-C', before], { encoding: 'utf8' });
    if (untar.status !== 0) throw new Error(`tar failed: ${untar.stderr}`);
  } finally {
    rmSync(tar, { force: true });
  }
  symlinkSync(join(PROJECT_ROOT, 'node_modules'), join(before, 'node_modules'), 'dir');
  target = await DeployTarget.start();
});

afterAll(async () => {
  await target?.stop();
  if (before) rmSync(before, { recursive: true, force: true });
});

test('the code before issue 12 runs on these node_modules: every package its lockfile installs is installed here at the same version', () => {
  type Lock = { packages: Record<string, { version?: string }> };
  const lock = (root: string) => JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as Lock;
  // It is the code before member accounts: no member stack, no accounts: in the roster schema.
  expect(existsSync(join(before, 'stacks', 'member-account-stack.ts'))).toBe(false);
  expect(readFileSync(join(before, 'roster', 'schema.ts'), 'utf8')).not.toContain('AccountSchema');
  // Later commits may add packages (the Organizations client did), never change one the old code loads.
  const now = lock(PROJECT_ROOT).packages;
  const old = Object.entries(lock(before).packages).filter(([path]) => path !== '');
  expect(old.length).toBeGreaterThan(100);
  expect(old.filter(([path, p]) => now[path]?.version !== p.version).map(([path, p]) => `${path} ${p.version} -> ${now[path]?.version ?? 'absent'}`)).toEqual([]);
});

test("users.yaml, deployed by the code before many accounts, plans no change with today's code", () => {
  const roster = join(before, 'users.yaml');
  expect(readFileSync(roster, 'utf8')).toBe(readFileSync(join(PROJECT_ROOT, 'users.yaml'), 'utf8'));

  const deployed = target.cli('deploy', ['--roster', roster], { CDKTF_OUTDIR: join(before, 'cdktf.out') }, before);
  if (deployed.code !== 0) throw new Error(`the old deploy exited ${deployed.code}\n${deployed.stdout}\n${deployed.stderr}`);
  expect(deployed.stdout).toContain('deployed: identity, baseline');
  for (const stack of ['identity', 'baseline']) expect(existsSync(target.stateFile(stack))).toBe(true);

  const plan = target.cli('plan', ['--roster', roster]);
  if (plan.code !== 0) throw new Error(`today's plan exited ${plan.code} (0 is no changes)\n${plan.stdout}\n${plan.stderr}`);
  expect(plan.stdout).toContain('no changes: the account matches the roster');
  // What each stack's saved plan holds, as the pull-request summary reads it: no change of any resource or output.
  for (const stack of ['identity', 'baseline']) {
    const dir = stackDir(target.outdir, stack);
    const json = existsSync(join(dir, PLAN_FILE))
      ? JSON.parse(terraformOk(['show', '-json', PLAN_FILE], { cwd: dir, env: target.env as Record<string, string> }).stdout)
      : JSON.parse(readFileSync(join(dir, NO_CHANGES_PLAN_JSON), 'utf8'));
    const changes = (json.resource_changes ?? []).filter((c: { change: { actions: string[] } }) => c.change.actions.some((a) => a !== 'no-op' && a !== 'read'));
    const outputs = Object.entries(json.output_changes ?? {}).filter(([, c]) => (c as { actions: string[] }).actions.some((a) => a !== 'no-op'));
    expect({ stack, changes, outputs }).toEqual({ stack, changes: [], outputs: [] });
  }
});
