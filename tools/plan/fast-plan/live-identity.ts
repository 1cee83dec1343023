/**
 * The identity stack's objects as they are in the account, read in bulk with the
 * audit's readers: GetAccountAuthorizationDetails (users, groups, roles, policies),
 * ListRoles (descriptions and session limits, which the details leave out) and
 * GetAccountPasswordPolicy - calls by the page, not by the person.
 *
 * Login profiles are the exception. IAM has no bulk read of them but the credential
 * report, which AWS regenerates at most every four hours: a password deleted by hand
 * after the report was made would still show as present, and the plan would miss it.
 * So each login profile in state is read with GetLoginProfile, several at a time:
 * one call per person with a console password, exact, and the one cost here that
 * grows with the roster.
 */
import { GetLoginProfileCommand, type IAMClient, type PasswordPolicy } from '@aws-sdk/client-iam';
import { type IamGroupDetails, type IamRoleDetails, type IamUserDetails, fetchGroupsAndPolicies, fetchRoleDetails, fetchUserDetails } from '../../audit/authorization-details';
import { fetchPasswordPolicy } from '../../audit/password-policy-check';
import { ifExists } from '../../aws/no-such-entity';

export interface LiveLoginProfile {
  readonly passwordResetRequired: boolean;
}

export interface LiveIdentity {
  readonly users: ReadonlyMap<string, IamUserDetails>;
  readonly groups: ReadonlyMap<string, IamGroupDetails>;
  readonly roles: ReadonlyMap<string, IamRoleDetails>;
  /** By user name, for the users asked about: null when the user has no login profile. */
  readonly loginProfiles: ReadonlyMap<string, LiveLoginProfile | null>;
  readonly passwordPolicy: PasswordPolicy | undefined;
}

/** How many GetLoginProfile calls are in flight at once. */
const LOGIN_PROFILE_CONCURRENCY = 8;

/** Read the account; loginUsers are the user names whose login profiles are in state. */
export async function readLiveIdentity(iam: IAMClient, loginUsers: readonly string[]): Promise<LiveIdentity> {
  const loginProfiles = new Map<string, LiveLoginProfile | null>();
  const queue = [...new Set(loginUsers)];
  const worker = async () => {
    for (let user = queue.shift(); user !== undefined; user = queue.shift()) {
      const got = await ifExists(() => iam.send(new GetLoginProfileCommand({ UserName: user })));
      loginProfiles.set(user, got?.LoginProfile ? { passwordResetRequired: got.LoginProfile.PasswordResetRequired ?? false } : null);
    }
  };
  // The reads are independent: all at once, the login profiles beside the bulk reads.
  const [users, roles, { groups }, passwordPolicy] = await Promise.all([
    fetchUserDetails(iam),
    // Every path: a role moved out of /privileged/ by hand must still be found.
    fetchRoleDetails(iam, '/'),
    fetchGroupsAndPolicies(iam),
    fetchPasswordPolicy(iam),
    ...Array.from({ length: LOGIN_PROFILE_CONCURRENCY }, worker),
  ]);
  return {
    users: new Map(users.map((u) => [u.userName, u])),
    groups: new Map(groups.map((g) => [g.groupName, g])),
    roles: new Map(roles.map((r) => [r.roleName, r])),
    loginProfiles,
    passwordPolicy,
  };
}
