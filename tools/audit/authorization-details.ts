import { type IAMClient, paginateGetAccountAuthorizationDetails, paginateListRoles } from '@aws-sdk/client-iam';

/** A policy document as IAM returns it (URL-encoded JSON from AWS), with its name. */
export interface NamedPolicyDocument {
  readonly name: string;
  readonly document: string;
}

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
  /** The inline policies with their documents - default none read. */
  readonly inlinePolicies?: readonly NamedPolicyDocument[];
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
        inlinePolicies: (u.UserPolicyList ?? []).map((p) => ({ name: p.PolicyName ?? '', document: p.PolicyDocument ?? '' })),
        tags: Object.fromEntries((u.Tags ?? []).map((t) => [t.Key ?? '', t.Value ?? ''])),
      });
    }
  }
  return users;
}

/** What the role checks need to know about one IAM role. */
export interface IamRoleDetails {
  readonly roleName: string;
  readonly path: string;
  readonly arn: string;
  /** The trust policy as IAM returns it: URL-encoded JSON from AWS, plain JSON from some emulators. */
  readonly trustPolicy: string;
  /** ARNs of managed policies attached to the role. */
  readonly attachedPolicyArns: readonly string[];
  /** Names of inline policies on the role. */
  readonly inlinePolicyNames: readonly string[];
  /** The inline policies with their documents - default none read. */
  readonly inlinePolicies?: readonly NamedPolicyDocument[];
  /** Longest session in seconds, from ListRoles (the authorization details leave it out); undefined: not read. */
  readonly maxSessionDuration?: number;
}

/**
 * Every IAM role with its trust policy and policies (GetAccountAuthorizationDetails,
 * filter Role, paginated), plus the maximum session of the roles under `sessionPath`
 * (ListRoles with that path prefix, paginated): a few calls, never one per role.
 */
export async function fetchRoleDetails(iam: IAMClient, sessionPath: string): Promise<IamRoleDetails[]> {
  const sessions = new Map<string, number>();
  for await (const page of paginateListRoles({ client: iam, pageSize: 1000 }, { PathPrefix: sessionPath })) {
    for (const r of page.Roles ?? []) if (r.RoleName && r.MaxSessionDuration !== undefined) sessions.set(r.RoleName, r.MaxSessionDuration);
  }
  const roles: IamRoleDetails[] = [];
  for await (const page of paginateGetAccountAuthorizationDetails({ client: iam, pageSize: 1000 }, { Filter: ['Role'] })) {
    for (const r of page.RoleDetailList ?? []) {
      const roleName = r.RoleName ?? '';
      roles.push({
        roleName,
        path: r.Path ?? '/',
        arn: r.Arn ?? '',
        trustPolicy: r.AssumeRolePolicyDocument ?? '',
        attachedPolicyArns: (r.AttachedManagedPolicies ?? []).map((p) => p.PolicyArn ?? p.PolicyName ?? ''),
        inlinePolicyNames: (r.RolePolicyList ?? []).map((p) => p.PolicyName ?? ''),
        inlinePolicies: (r.RolePolicyList ?? []).map((p) => ({ name: p.PolicyName ?? '', document: p.PolicyDocument ?? '' })),
        maxSessionDuration: sessions.get(roleName),
      });
    }
  }
  return roles;
}

/** A policy that is not the user or role details': a group's inline policy or a customer-managed policy's default version. */
export interface OwnedPolicyDocument extends NamedPolicyDocument {
  /** group/<name> for a group's inline policy, policy/<arn> for a customer-managed policy. */
  readonly owner: string;
}

/** Groups' inline policies and customer-managed policies (their default version), in the same few paginated calls. */
export async function fetchGroupAndManagedPolicies(iam: IAMClient): Promise<OwnedPolicyDocument[]> {
  const docs: OwnedPolicyDocument[] = [];
  for await (const page of paginateGetAccountAuthorizationDetails({ client: iam, pageSize: 1000 }, { Filter: ['Group', 'LocalManagedPolicy'] })) {
    for (const g of page.GroupDetailList ?? []) {
      for (const p of g.GroupPolicyList ?? []) docs.push({ owner: `group/${g.GroupName ?? ''}`, name: p.PolicyName ?? '', document: p.PolicyDocument ?? '' });
    }
    for (const p of page.Policies ?? []) {
      const current = (p.PolicyVersionList ?? []).find((v) => v.IsDefaultVersion);
      if (current?.Document) docs.push({ owner: `policy/${p.Arn ?? p.PolicyName ?? ''}`, name: p.PolicyName ?? '', document: current.Document });
    }
  }
  return docs;
}
