import { ExceptionsError, applyExceptions, loadExceptions, parseExceptions, resourceMatches } from '../../tools/scan/exceptions';
import type { Finding } from '../../tools/scan/finding';

const REASON = 'accepted because the scanner cannot see the condition that narrows this statement';

function problemsOf(text: string): string[] {
  try {
    parseExceptions(text, 'exceptions.yaml');
  } catch (err) {
    if (err instanceof ExceptionsError) return err.message.split('\n');
    throw err;
  }
  throw new Error('expected the exceptions file to be rejected');
}

function finding(over: Partial<Finding>): Finding {
  return { tool: 'checkov', check: 'CKV_AWS_273', resource: 'identity/aws_iam_user.user-1001', title: 't', file: 'f', line: 1, ...over };
}

describe('the exceptions file', () => {
  test('the committed security-exceptions.yaml is well-formed', () => {
    const exceptions = loadExceptions();
    expect(exceptions.length).toBeGreaterThan(0);
    for (const e of exceptions) expect(e.reason.length).toBeGreaterThanOrEqual(40);
  });

  test('an exception without a written reason is rejected at its position', () => {
    expect(problemsOf('exceptions:\n  - tool: checkov\n    check: CKV_AWS_273\n    resource: identity/aws_iam_user.*\n')).toEqual([
      'exceptions.yaml:2:5: exceptions[0].reason: invalid input: expected string, received undefined',
    ]);
  });

  test('a one-word reason is not a reason', () => {
    expect(problemsOf('exceptions:\n  - tool: checkov\n    check: CKV_AWS_273\n    resource: identity/aws_iam_user.*\n    reason: fine\n')).toEqual([
      'exceptions.yaml:5:13: exceptions[0].reason: must explain in a sentence or more (40+ characters) why the finding is accepted',
    ]);
  });

  test('a check of the other tool, a resource without a stack and an unknown key are all reported at once, in file order', () => {
    const text = [
      'exceptions:',
      '  - tool: parliament',
      '    check: CKV_AWS_61',
      `    reason: ${REASON}`,
      '    resource: aws_iam_role.role-admin',
      '    reviewer: me',
    ].join('\n');
    expect(problemsOf(text)).toEqual([
      'exceptions.yaml:2:5: exceptions[0]: unrecognized key: "reviewer"',
      'exceptions.yaml:3:12: exceptions[0].check: CKV_AWS_61 is not a parliament check',
      'exceptions.yaml:5:15: exceptions[0].resource: must be <stack>/<type>.<name>, "*" matching any run of characters, e.g. identity/aws_iam_user.*',
    ]);
  });

  test('the same exception twice is reported as a duplicate', () => {
    const entry = ['  - tool: checkov', '    check: CKV_AWS_273', '    resource: identity/aws_iam_user.*', `    reason: ${REASON}`];
    expect(problemsOf(['exceptions:', ...entry, ...entry].join('\n'))).toEqual([
      'exceptions.yaml:6:5: exceptions[1]: duplicates exceptions[0] (checkov CKV_AWS_273 identity/aws_iam_user.*)',
    ]);
  });
});

describe('matching findings to exceptions', () => {
  test('"*" matches within one stack and never across the "/"', () => {
    expect(resourceMatches('identity/aws_iam_user.*', 'identity/aws_iam_user.user-1001')).toBe(true);
    expect(resourceMatches('identity/aws_iam_user.*', 'bootstrap/aws_iam_user.user-1001')).toBe(false);
    expect(resourceMatches('*/aws_iam_user.*', 'bootstrap/aws_iam_user.user-1001')).toBe(true);
    expect(resourceMatches('identity/aws_iam_role.role-*', 'identity/aws_iam_role_policy.role-x')).toBe(false);
  });

  test('a finding is excepted only by the same tool, check and resource; unmatched exceptions are reported unused', () => {
    const exceptions = parseExceptions(
      [
        'exceptions:',
        '  - tool: checkov',
        '    check: CKV_AWS_273',
        '    resource: identity/aws_iam_user.*',
        `    reason: ${REASON}`,
        '  - tool: parliament',
        '    check: CREDENTIALS_EXPOSURE',
        '    resource: identity/aws_iam_role.role-*',
        `    reason: ${REASON}`,
      ].join('\n'),
    );
    const accepted = finding({});
    const otherCheck = finding({ check: 'CKV2_AWS_22' });
    const otherStack = finding({ resource: 'baseline/aws_iam_user.user-1001' });
    const gate = applyExceptions([accepted, otherCheck, otherStack], exceptions);
    expect(gate.open).toEqual([otherCheck, otherStack]);
    expect(gate.excepted.map((e) => e.finding)).toEqual([accepted]);
    expect(gate.unused.map((e) => `${e.tool} ${e.check} line ${e.line}`)).toEqual(['parliament CREDENTIALS_EXPOSURE line 6']);
  });
});
