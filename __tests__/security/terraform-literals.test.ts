/**
 * The one place roster text is made a Terraform literal, and the text rules that
 * keep cdktf's own reference markers out of the roster.
 */
import { Lazy, TerraformOutput, Testing, Token } from 'cdktf';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { isCdktfNumberMarker, textProblem } from '../../roster/text-rules';
import { BaselineStack } from '../../stacks/baseline-stack';
import { BootstrapStack } from '../../stacks/bootstrap-stack';
import { IdentityStack } from '../../stacks/identity-stack';
import { LiteralStack, terraformLiteral } from '../../stacks/terraform-literals';

describe('terraformLiteral', () => {
  test.each([
    ['plain text is unchanged', 'Operate the platform', 'Operate the platform'],
    ['an interpolation is escaped', 'x ${file("/etc/passwd")}', 'x $${file("/etc/passwd")}'],
    ['a directive is escaped', '%{ if true }a%{ endif }', '%%{ if true }a%%{ endif }'],
    ['text already escaped is escaped again, so Terraform prints it as typed', '$${x} %%{y}', '$$${x} %%%{y}'],
    ['a lone $ or % stays', 'costs $5 or 10%', 'costs $5 or 10%'],
  ])('%s', (_name, text, expected) => {
    expect(terraformLiteral(text)).toBe(expected);
  });

  test('a cdktf reference inside literal text stays a reference', () => {
    const ref = Token.asString(Lazy.stringValue({ produce: () => 'x' }));
    expect(terraformLiteral(`arn \${aws:username} ${ref}`)).toBe(`arn $\${aws:username} ${ref}`);
  });

  test('a literal $ right before a reference is refused: Terraform would print the reference as text', () => {
    const ref = Token.asString(Lazy.stringValue({ produce: () => 'x' }));
    expect(() => terraformLiteral(`cost $${ref}`)).toThrow(/a literal "\$" right before a reference/);
  });
});

describe('LiteralStack', () => {
  test('every string a construct writes is synthesized as a literal, references resolved', () => {
    const stack = new LiteralStack(Testing.app(), 'literal');
    const role = new IamRole(stack, 'role', { name: 'r', description: 'x ${file("/etc/passwd")} %{ for a in b }', assumeRolePolicy: '{}' });
    new TerraformOutput(stack, 'arn', { value: `${role.arn} \${aws:username}` });
    const json = JSON.parse(Testing.synth(stack));
    expect(json.resource.aws_iam_role.role.description).toBe('x $${file("/etc/passwd")} %%{ for a in b }');
    expect(json.output.arn.value).toBe('${aws_iam_role.role.arn} $${aws:username}');
  });

  test('synthesizing twice does not escape twice', () => {
    const stack = new LiteralStack(Testing.app(), 'literal');
    new IamRole(stack, 'role', { name: 'r', description: '${x}', assumeRolePolicy: '{}' });
    Testing.synth(stack);
    expect(JSON.parse(Testing.synth(stack)).resource.aws_iam_role.role.description).toBe('$${x}');
  });

  test('every stack of the app is a LiteralStack', () => {
    for (const stack of [IdentityStack, BaselineStack, BootstrapStack]) expect(stack.prototype).toBeInstanceOf(LiteralStack);
  });
});

describe("cdktf's reference markers in roster text", () => {
  test('the number check agrees with cdktf on its own number tokens and on ordinary numbers', () => {
    const tokens = [Token.asNumber(Lazy.numberValue({ produce: () => 1 })), Token.asNumber(Lazy.numberValue({ produce: () => 2 }))];
    for (const n of tokens) expect([isCdktfNumberMarker(n), Token.isUnresolved(n)]).toEqual([true, true]);
    for (const n of [0, 1, -1, 3600, 1e300, -1.8e289, Number.MAX_VALUE]) expect([isCdktfNumberMarker(n), Token.isUnresolved(n)]).toEqual([false, false]);
  });

  test.each([
    ['a string reference', 'x ${TfToken[TOKEN.12]}', /marker CDK for Terraform uses/],
    ['a list reference', '#{TfToken[TOKEN.3]}', /marker CDK for Terraform uses/],
    ['a map reference', '&{TfToken[TOKEN.3]}', /marker CDK for Terraform uses/],
    ['a reserved number', `x ${Token.asNumber(Lazy.numberValue({ produce: () => 1 }))}`, /a number CDK for Terraform reserves/],
  ])('%s is rejected in any field', (_name, text, message) => {
    expect(textProblem(text, 'description')).toMatch(message);
  });

  test('ordinary text with numbers and braces passes', () => {
    expect(textProblem('Rotate keys every 1e3 hours {weekly}; costs $5', 'description')).toBeUndefined();
  });
});
