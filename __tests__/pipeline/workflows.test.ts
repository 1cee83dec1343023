/**
 * The GitHub Actions workflows: schema-valid (action-validator), and the
 * security properties a reviewer would check by hand, checked on every change.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { configFrom } from '../../config/config';
import { deployRoleArn } from '../../stacks/member-role-arns';
import { AUDIT_ROLE_NAME, CI_ROLE_PATH, type CiJob, DEPLOY_ROLE_NAME, PLAN_ROLE_NAME, ciRoleArn } from '../../stacks/policies/ci-roles';
import { selectStacks } from '../../tools/deploy/stack-order';
import { ORGANIZATION_ROSTER, readRosterText, synthApp } from '../stacks/synthesized';
import { SUMMARY_MARKER } from '../../tools/plan-summary';
import { PROJECT_ROOT } from '../../tools/project-root';

type Block = Record<string, any>;

const WORKFLOW_DIR = join(PROJECT_ROOT, '.github', 'workflows');
const workflowFiles = readdirSync(WORKFLOW_DIR).filter((f) => /\.ya?ml$/.test(f)).sort();
const workflows: Record<string, Block> = Object.fromEntries(workflowFiles.map((f) => [f, parse(readFileSync(join(WORKFLOW_DIR, f), 'utf8')) as Block]));
const jobsOf = (file: string) => Object.entries(workflows[file].jobs as Record<string, Block>);
const allJobs = () => workflowFiles.flatMap((f) => jobsOf(f).map(([name, job]) => ({ file: f, name, job })));
const allSteps = () => allJobs().flatMap(({ file, name, job }) => ((job.steps ?? []) as Block[]).map((step) => ({ file, job: name, step })));

function actionValidator(file: string) {
  return spawnSync(join(PROJECT_ROOT, 'node_modules', '.bin', 'action-validator'), [file], { encoding: 'utf8' });
}

test('the repository has the pull-request, deploy and audit workflows', () => {
  expect(workflowFiles).toEqual(['audit.yml', 'deploy.yml', 'pull-request.yml']);
});

test.each(workflowFiles)('%s is a valid workflow according to action-validator', (file) => {
  const result = actionValidator(join(WORKFLOW_DIR, file));
  expect(result.stdout).toBe('');
  expect(result.status).toBe(0);
});

test('action-validator rejects a workflow with a job that has no runner', () => {
  const dir = mkdtempSync(join(tmpdir(), 'workflow-'));
  const broken = join(dir, 'broken.yml');
  writeFileSync(broken, 'on: push\njobs:\n  build:\n    steps:\n      - run: echo hi\n');
  const result = actionValidator(broken);
  expect(result.status).not.toBe(0);
  expect(result.stdout + result.stderr).toMatch(/runs-on/);
});

test('every action is pinned to a full commit SHA, with the version in a comment', () => {
  const sources = workflowFiles.map((f) => readFileSync(join(WORKFLOW_DIR, f), 'utf8')).join('\n');
  const uses = allSteps().filter(({ step }) => step.uses !== undefined);
  expect(uses.length).toBeGreaterThan(0);
  for (const { file, job, step } of uses) {
    expect([file, job, step.uses]).toEqual([file, job, expect.stringMatching(/^[A-Za-z0-9-]+\/[A-Za-z0-9._/-]+@[0-9a-f]{40}$/)]);
    expect(sources).toMatch(new RegExp(`${step.uses.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} # v\\d+\\.\\d+\\.\\d+`));
  }
});

test('every workflow grants nothing by default and every job asks for its own least permissions', () => {
  for (const file of workflowFiles) expect([file, workflows[file].permissions]).toEqual([file, {}]);
  for (const { file, name, job } of allJobs()) {
    expect([file, name, typeof job.permissions]).toEqual([file, name, 'object']);
    const permissions = job.permissions as Record<string, string>;
    expect([file, name, permissions.contents]).toEqual([file, name, 'read']);
    // Only jobs that exchange a token for AWS credentials may ask GitHub for one.
    const assumesRole = (job.steps as Block[]).some((s) => String(s.uses ?? '').startsWith('aws-actions/configure-aws-credentials@'));
    expect([file, name, permissions['id-token'] === 'write']).toEqual([file, name, assumesRole]);
    expect(Object.values(permissions).filter((p) => p === 'write').length).toBeLessThanOrEqual(2);
  }
});

test('each workflow assumes only its own CI role: plan for pull requests, deploy from main, audit on schedule', () => {
  const roleOf = (file: string) =>
    allSteps()
      .filter((s) => s.file === file && String(s.step.uses ?? '').startsWith('aws-actions/configure-aws-credentials@'))
      .map((s) => s.step.with['role-to-assume'] as string);
  const arn = (name: string) => `arn:aws:iam::\${{ vars.AWS_ACCOUNT_ID }}:role${CI_ROLE_PATH}${name}`;
  expect(roleOf('pull-request.yml')).toEqual([arn(PLAN_ROLE_NAME)]);
  expect(roleOf('deploy.yml')).toEqual([arn(DEPLOY_ROLE_NAME)]);
  expect(roleOf('audit.yml')).toEqual([arn(AUDIT_ROLE_NAME)]);
  // No long-lived keys anywhere.
  const sources = workflowFiles.map((f) => readFileSync(join(WORKFLOW_DIR, f), 'utf8')).join('\n');
  expect(sources).not.toMatch(/aws-access-key-id|aws-secret-access-key|AWS_SECRET_ACCESS_KEY/);
});

test('the deploy job runs in the protected environment, one at a time, only for main', () => {
  const deploy = workflows['deploy.yml'];
  expect(Object.keys(deploy.on).sort()).toEqual(['push', 'workflow_dispatch']);
  expect(deploy.on.push.branches).toEqual(['main']);
  const [[, job]] = jobsOf('deploy.yml');
  expect(job.environment).toBe('production');
  expect(job.concurrency).toEqual({ group: 'deploy-production', 'cancel-in-progress': false });
  const runs = (job.steps as Block[]).map((s) => s.run).filter(Boolean);
  expect(runs).toContain("npm run deploy -- --stack identity 'account-*' --lock-timeout 10m");
});

test('pull requests that touch the roster or the code validate, test, plan and update one summary comment', () => {
  const pr = workflows['pull-request.yml'];
  expect(pr.on.pull_request.paths).toEqual(expect.arrayContaining(['users.yaml', 'roster/**', 'stacks/**', 'tools/**', 'main.ts']));
  const runs = allSteps()
    .filter((s) => s.file === 'pull-request.yml')
    .map((s) => String(s.step.run ?? ''));
  expect(runs).toEqual(expect.arrayContaining(['npm run validate', 'npm test', "npm run plan -- --stack identity 'account-*' --lock-timeout 5m || [ $? -eq 2 ]"]));
  expect(runs.some((r) => r.includes('npm run --silent plan:summary -- cdktf.out/stacks/identity cdktf.out/stacks/account-*'))).toBe(true);
  const comment = allSteps().find((s) => s.file === 'pull-request.yml' && String(s.step.uses ?? '').startsWith('actions/github-script@'));
  expect(comment?.step.with.script).toContain(`const marker = '${SUMMARY_MARKER}';`);
  expect(comment?.step.with.script).toContain('updateComment');
});

test('the weekly audit also writes the HTML report and attaches it to the run', () => {
  const steps = allSteps()
    .filter((s) => s.file === 'audit.yml')
    .map((s) => s.step);
  const report = steps.findIndex((s) => String(s.run ?? '') === 'npm run --silent audit -- --format html --output "$RUNNER_TEMP/audit-report.html" || [ $? -eq 1 ]');
  const upload = steps.findIndex((s) => String(s.uses ?? '').startsWith('actions/upload-artifact@'));
  expect(report).toBeGreaterThan(-1);
  expect(upload).toBeGreaterThan(report);
  expect(steps[upload].with).toEqual({ name: 'audit-report', path: '${{ runner.temp }}/audit-report.html', 'if-no-files-found': 'error', 'retention-days': 90 });
});

describe('every account in the pipeline', () => {
  const MEMBER = '222222222222';
  /** The one job of a workflow, and the --stack names of its npm run <script> step. */
  const job = (file: string) => jobsOf(file).find(([, j]) => (j.steps as Block[]).some((s) => String(s.uses ?? '').startsWith('aws-actions/configure-aws-credentials@')))?.[1] as Block;
  const stacksOf = (file: string, script: string) => {
    const run = (job(file).steps as Block[]).map((s) => String(s.run ?? '')).find((r) => r.startsWith(`npm run ${script} -- `)) as string;
    const args = [...run.matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2]);
    const from = args.indexOf('--stack') + 1;
    const to = args.findIndex((a, i) => i > from && a.startsWith('--'));
    return args.slice(from, to);
  };

  test.each([
    ['pull-request.yml', 'IAM_ROSTER_MEMBER_DEPLOY_ROLE', 'plan'],
    ['deploy.yml', 'IAM_ROSTER_MEMBER_DEPLOY_ROLE', 'deploy'],
    ['audit.yml', 'IAM_ROSTER_MEMBER_AUDIT_ROLE', 'audit'],
  ] as const)('%s reaches each member account through the role %s names there: the %s role of the same name as its own', (file, variable, ciJob: CiJob) => {
    const value = job(file).env[variable] as string;
    // The value the configuration accepts, naming exactly the role npm run bootstrap makes in each member account.
    expect(() => configFrom({ IAM_ROSTER_MEMBER_DEPLOY_ROLE: value })).not.toThrow();
    expect(deployRoleArn(MEMBER, value)).toBe(ciRoleArn({ accountId: MEMBER }, ciJob));
    const own = (job(file).steps as Block[]).find((s) => String(s.uses ?? '').startsWith('aws-actions/configure-aws-credentials@'))?.with['role-to-assume'];
    expect(own).toBe(`arn:aws:iam::\${{ vars.AWS_ACCOUNT_ID }}:role${CI_ROLE_PATH}${value.split('/').pop()}`);
  });

  test('the scheduled audit reads every account (never --identity-only), and knows the deploy role the pipeline uses there', () => {
    const audit = job('audit.yml');
    // The deploy role is named so that the audit leaves it out of role-trust-no-mfa: the pipeline's, not OrganizationAccountAccessRole.
    expect(deployRoleArn(MEMBER, audit.env.IAM_ROSTER_MEMBER_DEPLOY_ROLE as string)).toBe(ciRoleArn({ accountId: MEMBER }, 'deploy'));
    const runs = (audit.steps as Block[]).map((s) => String(s.run ?? '')).filter((r) => r.includes('npm run --silent audit'));
    expect(runs).toHaveLength(2);
    for (const run of runs) expect(run).not.toContain('--identity-only');
  });

  test('the deploy applies the same stacks the pull request planned: the identity stack and every member account\'s, never a bootstrap stack', () => {
    const planned = stacksOf('pull-request.yml', 'plan');
    expect(stacksOf('deploy.yml', 'deploy')).toEqual(planned);
    const stacks = Object.keys(synthApp(readRosterText(ORGANIZATION_ROSTER), { IAM_ROSTER_GITHUB_REPOSITORY: 'example-org/iam-roster', IAM_ROSTER_OFFLINE: '1' }));
    expect(stacks).toEqual(expect.arrayContaining(['bootstrap-prod', 'bootstrap-staging']));
    expect(selectStacks(stacks, planned).sort()).toEqual(['account-prod', 'account-staging', 'identity']);
  });

  test('the summaries cover the stacks planned and deployed', () => {
    for (const [file, script] of [['pull-request.yml', 'plan'], ['deploy.yml', 'deploy']]) {
      const dirs = stacksOf(file, script).map((s) => `cdktf.out/stacks/${s}`).join(' ');
      const summary = (job(file).steps as Block[]).map((s) => String(s.run ?? '')).find((r) => r.includes('plan:summary')) as string;
      expect([file, summary]).toEqual([file, expect.stringContaining(`npm run --silent plan:summary -- ${dirs} `)]);
      // Without member accounts, account-* must name nothing rather than a literal path.
      expect([file, summary.split('\n')[0]]).toEqual([file, 'shopt -s nullglob']);
    }
  });
});

test('Terraform comes from .terraform-version and Node from package.json engines', () => {
  const setups = allSteps();
  const terraformSetups = setups.filter((s) => String(s.step.uses ?? '').startsWith('hashicorp/setup-terraform@'));
  expect(terraformSetups.length).toBeGreaterThan(0);
  for (const { file, job, step } of terraformSetups) {
    expect([file, job, step.with.terraform_version]).toEqual([file, job, '${{ steps.terraform-version.outputs.version }}']);
    const reader = setups.find((s) => s.file === file && s.job === job && s.step.id === 'terraform-version');
    expect(reader?.step.run).toBe('echo "version=$(cat .terraform-version)" >> "$GITHUB_OUTPUT"');
  }
  const nodeSetups = setups.filter((s) => String(s.step.uses ?? '').startsWith('actions/setup-node@'));
  expect(nodeSetups.length).toBe(allJobs().length);
  for (const { step } of nodeSetups) expect(step.with['node-version-file']).toBe('package.json');
  expect(JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')).engines.node).toBeDefined();
});

test('the workflows call only npm scripts a person can run', () => {
  const scripts = Object.keys(JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')).scripts);
  const called = allSteps().flatMap(({ step }) => [...String(step.run ?? '').matchAll(/npm (?:run(?: --silent)?|test)\s*([\w:-]*)/g)].map((m) => (m[0].startsWith('npm test') ? 'test' : m[1])));
  expect(called.length).toBeGreaterThan(5);
  for (const script of called) expect([script, scripts.includes(script)]).toEqual([script, true]);
});

test('CODEOWNERS puts the roster, the stacks and itself under the security team', () => {
  const owners = new Map(
    readFileSync(join(PROJECT_ROOT, '.github', 'CODEOWNERS'), 'utf8')
      .split('\n')
      .filter((l) => l.trim() && !l.startsWith('#'))
      .map((l) => l.trim().split(/\s+/) as [string, ...string[]])
      .map(([path, ...teams]) => [path, teams]),
  );
  for (const path of ['/users.yaml', '/stacks/', '/.github/CODEOWNERS', '/.github/workflows/']) {
    expect([path, owners.get(path)]).toEqual([path, ['@example-org/security-team']]);
  }
});
