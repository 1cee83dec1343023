/**
 * The IAM a person ends up with, read from the synthesized stack, and requests
 * evaluated against it with @cloud-copilot/iam-simulate: identity policies from
 * the person's groups (inline and AWS managed), the role trust policy as the
 * resource policy, exactly as IAM combines them.
 */
import { runSimulation, type Simulation } from '@cloud-copilot/iam-simulate';
import { execFileSync } from 'node:child_process';
import { ensureVenv, venvBin } from '../../tools/emulator/venv';
import { type Block, type TerraformJson, deployedPolicy, referencedAddress, resourceAt, resourcesOf } from '../stacks/synthesized';

export const ACCOUNT = '123456789012';

/**
 * AWS managed policy documents as the emulator serves them: moto ships AWS's
 * published documents (moto/iam/aws_managed_policies.py).
 */
export function awsManagedPolicies(names: readonly string[]): Record<string, Block> {
  const script = [
    'import json, sys',
    'from moto.iam.aws_managed_policies import aws_managed_policies_data as data',
    'policies = json.loads(data)',
    'print(json.dumps({n: policies[n]["Document"] for n in sys.argv[1:]}))',
  ].join('\n');
  // moto's package carries the documents: its Python environment is installed here on first use, as every command does.
  ensureVenv();
  return JSON.parse(execFileSync(venvBin('python'), ['-c', script, ...names], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })) as Record<string, Block>;
}

export interface IdentityPolicy {
  readonly name: string;
  readonly policy: Block;
}

/** The synthesized stack with every policy resolved as IAM would store it. */
export class SynthesizedIam {
  private readonly managed: Record<string, Block>;

  constructor(readonly tf: TerraformJson) {
    const arns = new Set(Object.values(resourcesOf(tf, 'aws_iam_group_policy_attachment')).map((a) => a.policy_arn as string));
    const names = [...arns].map((arn) => {
      if (!arn.startsWith('arn:aws:iam::aws:policy/')) throw new Error(`not an AWS managed policy: ${arn}`);
      return arn.split('/').pop() as string;
    });
    this.managed = awsManagedPolicies(names);
  }

  /** The group addresses of a person's membership, empty when they have none. */
  groupsOf(employeeId: string): string[] {
    const membership = resourcesOf(this.tf, 'aws_iam_user_group_membership')[`groups-${employeeId}`];
    return ((membership?.groups ?? []) as string[]).map((g) => referencedAddress(g, 'name') as string);
  }

  /** Inline and managed policies of a group, by its address. */
  groupPolicies(groupAddress: string): IdentityPolicy[] {
    const inline = Object.entries(resourcesOf(this.tf, 'aws_iam_group_policy'))
      .filter(([, p]) => referencedAddress(p.group, 'name') === groupAddress)
      .map(([name, p]) => ({ name, policy: deployedPolicy(this.tf, p.policy, ACCOUNT) }));
    const managed = Object.values(resourcesOf(this.tf, 'aws_iam_group_policy_attachment'))
      .filter((a) => referencedAddress(a.group, 'name') === groupAddress)
      .map((a) => {
        const name = (a.policy_arn as string).split('/').pop() as string;
        return { name, policy: this.managed[name] };
      });
    return [...inline, ...managed];
  }

  /** Everything a person's user may do, from their groups (IAM users here have no policies of their own). */
  identityPoliciesOf(employeeId: string): IdentityPolicy[] {
    return this.groupsOf(employeeId).flatMap((g) => this.groupPolicies(g));
  }

  user(employeeId: string): { name: string; arn: string } {
    const { name, path } = resourceAt(this.tf, `aws_iam_user.user-${employeeId}`);
    return { name, arn: `arn:aws:iam::${ACCOUNT}:user${path}${name}` };
  }

  roleArn(roleName: string): string {
    const { name, path } = resourceAt(this.tf, `aws_iam_role.role-${roleName}`);
    return `arn:aws:iam::${ACCOUNT}:role${path}${name}`;
  }

  trustPolicyOf(roleName: string): Block {
    return deployedPolicy(this.tf, resourceAt(this.tf, `aws_iam_role.role-${roleName}`).assume_role_policy, ACCOUNT);
  }
}

export type Decision = 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied';

/** What a signed-in session carries: MFA state and, for AssumeRole, the session name asked for. */
export interface SessionContext {
  /** true: signed in with MFA; false: console session without MFA; undefined: long-term keys (key absent). */
  readonly mfa?: boolean;
  readonly mfaAgeSeconds?: number;
  readonly roleSessionName?: string;
}

export interface Caller {
  /** IAM user name (aws:username). */
  readonly name: string;
  readonly arn: string;
  readonly policies: readonly IdentityPolicy[];
}

export async function decide(caller: Caller, action: string, resource: string, session: SessionContext, resourcePolicy?: Block): Promise<Decision> {
  const contextVariables: Record<string, string> = { 'aws:username': caller.name, 'aws:PrincipalArn': caller.arn, 'aws:PrincipalAccount': caller.arn.split(':')[4] };
  if (session.mfa !== undefined) contextVariables['aws:MultiFactorAuthPresent'] = String(session.mfa);
  if (session.mfa && session.mfaAgeSeconds !== undefined) contextVariables['aws:MultiFactorAuthAge'] = String(session.mfaAgeSeconds);
  if (session.roleSessionName !== undefined) contextVariables['sts:RoleSessionName'] = session.roleSessionName;
  const simulation: Simulation = {
    request: { principal: caller.arn, action, resource: { resource, accountId: resource.split(':')[4] || ACCOUNT }, contextVariables },
    identityPolicies: caller.policies.map((p) => ({ name: p.name, policy: p.policy })),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    ...(resourcePolicy ? { resourcePolicy } : {}),
  };
  const result = await runSimulation(simulation, {});
  if (result.resultType === 'error') throw new Error(`simulation of ${action} on ${resource} failed: ${JSON.stringify(result.errors)}`);
  return result.overallResult as Decision;
}
