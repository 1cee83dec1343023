import { type IAMClient, paginateGetAccountAuthorizationDetails } from '@aws-sdk/client-iam';

/** What the drift check needs to know about one IAM user. */
export interface IamUserDetails {
  readonly userName: string;
  readonly path: string;
  readonly arn: string;
  readonly createDate?: Date;
  readonly groups: readonly string[];
  /** ARNs of managed policies attached to the user itself. */
  readonly attachedPolicyArns: readonly string[];
  /** Names of inline policies on the user itself. */
  readonly inlinePolicyNames: readonly string[];
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * Every IAM user with its groups and its own policies, from the account
 * authorization details API: a few paginated calls for the whole account
 * instead of several calls per user.
 */
export async function fetchUserDetails(iam: IAMClient): Promise<IamUserDetails[]> {
  const users: IamUserDetails[] = [];
  for await (const page of paginateGetAccountAuthorizationDetails({ client: iam, pageSize: 1000 }, { Filter: ['User'] })) {
    for (const u of page.UserDetailList ?? []) {
      users.push({
        userName: u.UserName ?? '',
        path: u.Path ?? '/',
        arn: u.Arn ?? '',
        createDate: u.CreateDate,
        groups: u.GroupList ?? [],
        attachedPolicyArns: (u.AttachedManagedPolicies ?? []).map((p) => p.PolicyArn ?? p.PolicyName ?? ''),
        inlinePolicyNames: (u.UserPolicyList ?? []).map((p) => p.PolicyName ?? ''),
        tags: Object.fromEntries((u.Tags ?? []).map((t) => [t.Key ?? '', t.Value ?? ''])),
      });
    }
  }
  return users;
}
