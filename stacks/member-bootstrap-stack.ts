import { TerraformOutput } from 'cdktf';
import type { Construct } from 'constructs';
import type { GovernedAccount } from '../roster/accounts';
import { type AwsTargetProps, awsProvider } from './aws-provider';
import { configureState } from './backend';
import { BASELINE_REGION } from './baseline-names';
import { iamRole } from './iam-role';
import { deployRoleArn } from './member-role-arns';
import { CI_ROLE_NAMES, CI_ROLE_PATH, type CiJob } from './policies/ci-roles';
import { memberCiRolePolicy, memberCiTrustPolicy } from './policies/member-ci-roles';
import { LiteralStack } from './terraform-literals';

export interface MemberBootstrapStackProps {
  /** The member account the roles are made in (from governedAccounts). */
  readonly account: GovernedAccount;
  /** The identity account, whose CI roles of the same names are the only principals trusted. */
  readonly identityAccountId: string;
  /** The administrator role assumed in the account to make the roles, a name after an optional path (config.memberBootstrapRole). */
  readonly bootstrapRole: string;
  /** Plan without reaching AWS - default false. */
  readonly offline?: AwsTargetProps['offline'];
  /** Folder of this stack's own local state - the project root when omitted. */
  readonly stateDir?: string;
}

const JOBS: readonly { job: CiJob; description: string }[] = [
  { job: 'plan', description: "Pull-request plans of this account's stack, from the identity account's plan role: read only" },
  { job: 'deploy', description: "Deploys of this account's stack, from the identity account's deploy role: privileged roles and the baseline" },
  { job: 'audit', description: "The scheduled audit of this account, from the identity account's audit role: read only" },
];

/**
 * A member account's keyless CI roles (plan, deploy, audit), each assumable only by the identity
 * account's CI role of the same name (stacks/policies/member-ci-roles.ts). Deployed once per
 * member account with `npm run bootstrap`, through an administrator role there
 * (OrganizationAccountAccessRole by default) and, like the identity account's bootstrap stack,
 * with local state: the pipeline's roles cannot change it, and it exists before the pipeline can.
 */
export class MemberBootstrapStack extends LiteralStack {
  /** Each role's ARN, by job. */
  readonly roleArns: Partial<Record<CiJob, string>> = {};

  constructor(scope: Construct, id: string, props: MemberBootstrapStackProps) {
    super(scope, id);
    const { account } = props;
    awsProvider(this, { accountId: account.id, offline: props.offline, region: BASELINE_REGION, assumeRoleArn: deployRoleArn(account.id, props.bootstrapRole) });
    configureState(this, id, { stateDir: props.stateDir });
    const ctx = { accountId: account.id, identityAccountId: props.identityAccountId };
    for (const { job, description } of JOBS) {
      this.roleArns[job] = iamRole(this, job, {
        name: CI_ROLE_NAMES[job],
        path: CI_ROLE_PATH,
        description,
        trustPolicy: memberCiTrustPolicy(ctx, job),
        inlinePolicy: memberCiRolePolicy(ctx, job),
      }).arn;
    }
    new TerraformOutput(this, 'ci_role_arns', { description: `ARN of each CI role in ${account.name}`, value: this.roleArns });
  }
}
