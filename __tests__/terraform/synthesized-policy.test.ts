import { PLACEHOLDER, iamPolicyText } from '../../tools/terraform/synthesized-policy';

const stack = { resource: { aws_iam_role: { 'role-ops': { name: 'ops', path: '/privileged/' } } } };
const policy = (resource: string) => JSON.stringify({ Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: resource }] });

describe('a synthesized policy as IAM receives it', () => {
  test('an escaped policy variable becomes the variable again', () => {
    expect(iamPolicyText(policy('arn:aws:iam::*:user/$${aws:username}'), stack)).toBe(policy('arn:aws:iam::*:user/${aws:username}'));
  });

  test("a role's ARN is computed from its name and path, in the account given or the placeholder account", () => {
    expect(iamPolicyText(policy('${aws_iam_role.role-ops.arn}'), stack, { account: '111122223333' })).toBe(policy('arn:aws:iam::111122223333:role/privileged/ops'));
    expect(iamPolicyText(policy('${aws_iam_role.role-ops.arn}'), stack)).toBe(policy(`arn:aws:iam::${PLACEHOLDER.account}:role/privileged/ops`));
  });

  test('strict: a reference to a block the stack lacks, or an expression, fails instead of standing in', () => {
    expect(() => iamPolicyText(policy('${aws_iam_role.role-missing.arn}'), stack, { strict: true })).toThrow('unexpected Terraform expression in a policy: ${aws_iam_role.role-missing.arn}');
    expect(() => iamPolicyText(policy('${jsonencode(1)}'), stack, { strict: true })).toThrow('unexpected Terraform expression');
    expect(iamPolicyText(policy('${jsonencode(1)}'), stack)).toBe(policy('example'));
  });
});
