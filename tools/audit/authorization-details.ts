import { type EntityType, type GetAccountAuthorizationDetailsCommandOutput, type GroupDetail, type IAMClient, paginateGetAccountAuthorizationDetails, paginateListRoles } from '@aws-sdk/client-iam';

/** The pages of the account authorization details for these entity types: a few calls for the whole account. */
function authorizationPages(iam: IAMClient, filter: EntityType[]): AsyncIterable<GetAccountAuthorizationDetailsCommandOutput> {
  return paginateGetAccountAuthorizationDetails({ client: iam, pageSize: 1000 }, { Filter: filter });
}

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
  /** IAM's unique ID (AIDA...), which changes when a user is deleted and made again under the same name. */
  readonly userId?: string;
  readonly createDate?: Date;
  /** ARN of the permissions boundary - undefined: none. */
  readonly permissionsBoundary?: string;
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
  for await (const page of authorizationPages(iam, ['User'])) {
    for (const u of page.UserDetailList ?? []) {
      users.push({
        userName: u.UserName ?? '',
        path: u.Path ?? '/',
        arn: u.Arn ?? '',
        userId: u.UserId,
        createDate: u.CreateDate,
        permissionsBoundary: u.PermissionsBoundary?.PermissionsBoundaryArn,
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
  /** The role's description, from ListRoles like the session; undefined: none, or not read. */
  readonly description?: string;
  /** IAM's unique ID (AROA...). */
  readonly roleId?: string;
  readonly createDate?: Date;
  /** ARN of the permissions boundary - undefined: none. */
  readonly permissionsBoundary?: string;
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * Every IAM role with its trust policy and policies (GetAccountAuthorizationDetails,
 * filter Role, paginated), plus the maximum session of the roles under `sessionPath`
 * (ListRoles with that path prefix, paginated): a few calls, never one per role.
 */
export async function fetchRoleDetails(iam: IAMClient, sessionPath: string): Promise<IamRoleDetails[]> {
  const sessions = new Map<string, number>();
  const descriptions = new Map<string, string>();
  for await (const page of paginateListRoles({ client: iam, pageSize: 1000 }, { PathPrefix: sessionPath })) {
    for (const r of page.Roles ?? []) {
      if (r.RoleName && r.MaxSessionDuration !== undefined) sessions.set(r.RoleName, r.MaxSessionDuration);
      if (r.RoleName && r.Description !== undefined) descriptions.set(r.RoleName, r.Description);
    }
  }
  const roles: IamRoleDetails[] = [];
  for await (const page of authorizationPages(iam, ['Role'])) {
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
        description: descriptions.get(roleName),
        roleId: r.RoleId,
        createDate: r.CreateDate,
        permissionsBoundary: r.PermissionsBoundary?.PermissionsBoundaryArn,
        tags: Object.fromEntries((r.Tags ?? []).map((t) => [t.Key ?? '', t.Value ?? ''])),
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

/** What the identity checks need to know about one IAM group (members come from the users' group lists). */
export interface IamGroupDetails {
  readonly groupName: string;
  readonly path: string;
  readonly arn: string;
  /** IAM's unique ID (AGPA...). */
  readonly groupId?: string;
  /** ARNs of managed policies attached to the group. */
  readonly attachedPolicyArns: readonly string[];
  /** The group's inline policies with their documents (URL-encoded JSON from AWS). */
  readonly inlinePolicies: readonly NamedPolicyDocument[];
}

function groupDetails(g: GroupDetail): IamGroupDetails {
  return {
    groupName: g.GroupName ?? '',
    path: g.Path ?? '/',
    arn: g.Arn ?? '',
    groupId: g.GroupId,
    attachedPolicyArns: (g.AttachedManagedPolicies ?? []).map((p) => p.PolicyArn ?? p.PolicyName ?? ''),
    inlinePolicies: (g.GroupPolicyList ?? []).map((p) => ({ name: p.PolicyName ?? '', document: p.PolicyDocument ?? '' })),
  };
}

/** Every IAM group, and the policies outside the user and role details: groups' inline ones and each customer-managed policy's default version. */
export interface GroupsAndPolicies {
  readonly groups: readonly IamGroupDetails[];
  readonly others: readonly OwnedPolicyDocument[];
}

/** Groups and customer-managed policies in the same few paginated calls (filter Group, LocalManagedPolicy). */
export async function fetchGroupsAndPolicies(iam: IAMClient): Promise<GroupsAndPolicies> {
  const groups: IamGroupDetails[] = [];
  const others: OwnedPolicyDocument[] = [];
  for await (const page of authorizationPages(iam, ['Group', 'LocalManagedPolicy'])) {
    for (const g of (page.GroupDetailList ?? []).map(groupDetails)) {
      groups.push(g);
      for (const p of g.inlinePolicies) others.push({ owner: `group/${g.groupName}`, ...p });
    }
    for (const p of page.Policies ?? []) {
      const current = (p.PolicyVersionList ?? []).find((v) => v.IsDefaultVersion);
      if (current?.Document) others.push({ owner: `policy/${p.Arn ?? p.PolicyName ?? ''}`, name: p.PolicyName ?? '', document: current.Document });
    }
  }
  return { groups, others };
}
