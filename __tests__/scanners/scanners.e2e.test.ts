import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyExceptions, loadExceptions } from '../../tools/scan/exceptions';
import { formatFinding } from '../../tools/scan/finding';
import { type StackScan, scanRoster, scanSynthesized } from '../../tools/scan/scan';
import { PROJECT_ROOT } from '../../tools/project-root';

const ROSTERS = ['users.yaml', 'examples/every-feature.yaml'];
const exceptions = loadExceptions();
let work: string;
const scans = new Map<string, StackScan>();

// Both rosters are scanned once; the tests below judge the same findings.
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'scanners-'));
  for (const roster of ROSTERS) scans.set(roster, scanRoster(join(PROJECT_ROOT, roster), join(work, roster.replace(/\W/g, '-'))));
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('checkov and parliament over every synthesized stack', () => {
  test.each(ROSTERS)('%s has no finding that security-exceptions.yaml does not explain', (roster) => {
    const scan = scans.get(roster) as StackScan;
    expect(scan.stacks.map((s) => s.name)).toContain('identity');
    // Both scanners really ran: the accepted findings come from each of them.
    expect(new Set(scan.findings.map((f) => f.tool))).toEqual(new Set(['checkov', 'parliament']));
    expect(applyExceptions(scan.findings, exceptions).open.map(formatFinding)).toEqual([]);
  });

  test('every exception is still needed by one of the rosters (no stale exceptions)', () => {
    const all = [...scans.values()].flatMap((s) => s.findings);
    const unused = applyExceptions(all, exceptions).unused.map((e) => `security-exceptions.yaml:${e.line}: ${e.tool} ${e.check} ${e.resource}`);
    expect(unused).toEqual([]);
  });

  test('a wildcard trust and a user policy with a misspelt action fail the gate, even on resources named like excepted ones', () => {
    const outdir = join(work, 'bad');
    cpSync(join(work, 'users-yaml'), outdir, { recursive: true });
    const file = join(outdir, 'stacks', 'identity', 'cdk.tf.json');
    const stack = JSON.parse(readFileSync(file, 'utf8'));
    // Named role-* like the privileged roles whose account-root trust (CKV_AWS_61) is accepted.
    stack.resource.aws_iam_role['role-backdoor'] = {
      name: 'backdoor',
      assume_role_policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }] }),
    };
    stack.resource.aws_iam_user_policy = {
      'user-1001-inline': {
        user: '${aws_iam_user.user-1001.name}',
        name: 'inline',
        policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObjectt'], Resource: '*' }] }),
      },
    };
    writeFileSync(file, JSON.stringify(stack, null, 2));

    const open = applyExceptions(scanSynthesized(outdir).findings, exceptions).open.map((f) => `${f.tool} ${f.check} ${f.resource}`);
    expect(open).toEqual(
      expect.arrayContaining([
        'checkov CKV_AWS_60 identity/aws_iam_role.role-backdoor',
        'checkov CKV_AWS_40 identity/aws_iam_user_policy.user-1001-inline',
        'parliament UNKNOWN_ACTION identity/aws_iam_user_policy.user-1001-inline',
      ]),
    );
    // Nothing else opened: the untouched resources stay covered by their exceptions.
    expect(open.filter((f) => f.includes(' identity/')).every((f) => /role-backdoor|user-1001-inline/.test(f))).toBe(true);
  });
});

describe('npm run scan', () => {
  test('a malformed exceptions file stops the scan with exit code 2 and the position of the problem', () => {
    const bad = join(work, 'bad-exceptions.yaml');
    writeFileSync(bad, 'exceptions:\n  - tool: checkov\n    check: CKV_AWS_273\n    resource: identity/aws_iam_user.*\n    reason: ok\n');
    const r = spawnSync(join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx'), ['tools/cli/scan.ts', '--exceptions', bad, 'users.yaml'], { cwd: PROJECT_ROOT, encoding: 'utf8' });
    expect(r.stderr.trim()).toBe(`${bad}:5:13: exceptions[0].reason: must explain in a sentence or more (40+ characters) why the finding is accepted`);
    expect(r.status).toBe(2);
  });
});
