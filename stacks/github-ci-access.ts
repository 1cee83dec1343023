import { IamOpenidConnectProvider } from '@cdktf/provider-aws/lib/iam-openid-connect-provider';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Construct } from 'constructs';
import { flatId } from './flat-id';
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
import { policyJson } from './policies/terraform-json';

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
    };
    this.providerArn = githubOidcProviderArn(ctx);
    let provider: IamOpenidConnectProvider | undefined;
    if (props.createProvider ?? true) {
      provider = flatId(
        new IamOpenidConnectProvider(this, 'provider', {
          url: `https://${GITHUB_OIDC_HOST}`,
          clientIdList: [GITHUB_OIDC_AUDIENCE],
          tags: { ManagedBy: 'iam-roster' },
        }),
        'github-oidc-provider',
      );
    }
    const role = (key: string, name: string, description: string, trust: ReturnType<typeof planRoleTrustPolicy>, policy: ReturnType<typeof planRolePolicy>) => {
      const created = flatId(
        new IamRole(this, key, {
          name,
          path: CI_ROLE_PATH,
          description,
          maxSessionDuration: 3600,
          assumeRolePolicy: policyJson(trust),
          tags: { ManagedBy: 'iam-roster' },
          // IAM rejects a trust policy naming a provider that does not exist yet.
          ...(provider ? { dependsOn: [provider] } : {}),
        }),
        `role-${name}`,
      );
      flatId(new IamRolePolicy(this, `${key}-policy`, { name, role: created.name, policy: policyJson(policy) }), `role-${name}-policy`);
      return created;
    };
    this.planRole = role('plan', PLAN_ROLE_NAME, `Pull-request plans of ${props.repository}: read IAM and state, take the state lock`, planRoleTrustPolicy(ctx), planRolePolicy(ctx));
    this.auditRole = role('audit', AUDIT_ROLE_NAME, `Scheduled audit of ${props.repository} from main: read IAM and the credential report`, auditRoleTrustPolicy(ctx), auditRolePolicy());
    this.deployRole = role('deploy', DEPLOY_ROLE_NAME, `Deploys of ${props.repository} from the ${ctx.environment} environment`, deployRoleTrustPolicy(ctx), deployRolePolicy(ctx));
  }
}
