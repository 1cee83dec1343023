import { IamOpenidConnectProvider } from '@cdktf/provider-aws/lib/iam-openid-connect-provider';
import type { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { Construct } from 'constructs';
import { flatId } from './flat-id';
import { iamRole } from './iam-role';
import { MANAGED_BY_TAG } from './managed-by';
import {
  CI_ROLE_PATH,
  type CiRoleContext,
  AUDIT_ROLE_NAME,
  DEPLOY_ROLE_NAME,
  GITHUB_OIDC_AUDIENCE,
  GITHUB_OIDC_HOST,
  GITHUB_REPOSITORY_PATTERN,
  PLAN_ROLE_NAME,
  auditRolePolicy,
  auditRoleTrustPolicy,
  deployRolePolicy,
  deployRoleTrustPolicy,
  githubOidcProviderArn,
  planRolePolicy,
  planRoleTrustPolicy,
} from './policies/ci-roles';

export interface GithubCiAccessProps {
  /** The account the roles live in. */
  readonly accountId: string;
  /** The one GitHub repository (owner/name) whose workflows may assume the roles. */
  readonly repository: string;
  /** The protected GitHub environment that deploys run in - default "production". */
  readonly environment?: string;
  /** Name of the S3 bucket holding Terraform state. */
  readonly stateBucketName: string;
  /**
   * Create GitHub's OIDC identity provider - default true. Set false when the
   * account already has it (IAM allows one per issuer URL); the roles trust it either way.
   */
  readonly createProvider?: boolean;
  /** Member accounts whose CI roles of the same names each role may assume (stacks/member-bootstrap-stack.ts) - default none. */
  readonly memberAccountIds?: readonly string[];
}

/**
 * Keyless CI credentials: GitHub's OIDC identity provider and roles that only
 * this repository's workflows can assume, each for one token subject. The plan
 * role (pull requests) reads; the deploy role (the protected environment)
 * changes the roster's users, groups and roles; the audit role (scheduled runs
 * on main) reads IAM and the credential report. No access keys.
 */
export class GithubCiAccess extends Construct {
  /** ARN of the OIDC provider the roles trust (arn:aws:iam::<account>:oidc-provider/token.actions.githubusercontent.com). */
  readonly providerArn: string;
  readonly planRole: IamRole;
  readonly deployRole: IamRole;
  readonly auditRole: IamRole;

  constructor(scope: Construct, id: string, props: GithubCiAccessProps) {
    super(scope, id);
    if (!GITHUB_REPOSITORY_PATTERN.test(props.repository)) {
      throw new Error(`github repository: expected owner/name such as "example-org/iam-roster", got "${props.repository}"`);
    }
    const ctx: CiRoleContext = {
      accountId: props.accountId,
      repository: props.repository,
      environment: props.environment ?? 'production',
      stateBucket: props.stateBucketName,
      memberAccountIds: props.memberAccountIds,
    };
    this.providerArn = githubOidcProviderArn(ctx);
    let provider: IamOpenidConnectProvider | undefined;
    if (props.createProvider ?? true) {
      provider = flatId(
        new IamOpenidConnectProvider(this, 'provider', {
          url: `https://${GITHUB_OIDC_HOST}`,
          clientIdList: [GITHUB_OIDC_AUDIENCE],
          tags: { ...MANAGED_BY_TAG },
        }),
        'github-oidc-provider',
      );
    }
    const common = {
      path: CI_ROLE_PATH,
      // IAM rejects a trust policy naming a provider that does not exist yet.
      ...(provider ? { dependsOn: [provider] } : {}),
    };
    this.planRole = iamRole(this, 'plan', {
      ...common,
      name: PLAN_ROLE_NAME,
      description: `Pull-request plans of ${props.repository}: read IAM and state, take the state lock`,
      trustPolicy: planRoleTrustPolicy(ctx),
      inlinePolicy: planRolePolicy(ctx),
    });
    this.auditRole = iamRole(this, 'audit', {
      ...common,
      name: AUDIT_ROLE_NAME,
      description: `Scheduled audit of ${props.repository} from main: read IAM and the credential report`,
      trustPolicy: auditRoleTrustPolicy(ctx),
      inlinePolicy: auditRolePolicy(ctx),
    });
    this.deployRole = iamRole(this, 'deploy', {
      ...common,
      name: DEPLOY_ROLE_NAME,
      description: `Deploys of ${props.repository} from the ${ctx.environment} environment`,
      trustPolicy: deployRoleTrustPolicy(ctx),
      inlinePolicy: deployRolePolicy(ctx),
    });
  }
}
