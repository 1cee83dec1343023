import { TerraformOutput } from 'cdktf';
import { LiteralStack } from './terraform-literals';
import type { Construct } from 'constructs';
import { groupsOf, roleAccounts, roleGroups } from '../roster/accounts';
import { ADMIN_GROUP_NAME, ADMIN_ROLE_NAME, BASE_GROUP_NAME, type Person, type Roster, roleGroupName } from '../roster/model';
import { IDENTITY_ACCOUNT } from '../roster/schema';
import { type AddressInput, addressCollisions, identityAddresses } from './addresses';
import { AdminGroup } from './admin-group';
import { AssumeGroup } from './assume-group';
import { type AwsTargetProps, awsProvider } from './aws-provider';
import { configureState, type StateProps } from './backend';
import { BaseGroup } from './base-group';
import { PasswordPolicy } from './password-policy';
import { PersonUser } from './person-user';
import { memberRoleArns } from './member-role-arns';
import { PrivilegedRole } from './privileged-role';

export interface IdentityStackProps {
  /** The validated roster. */
  readonly roster: Roster;
  /** Plan without reaching AWS - default false. */
  readonly offline?: AwsTargetProps['offline'];
  /** Where state is kept - local state in the project root by default. */
  readonly state?: StateProps;
}

/** What identityAddresses needs of a roster: the identity stack's addresses follow from these alone. */
export function identityAddressInput(roster: Roster): AddressInput {
  const accounts = roleGroups(roster);
  return {
    adminAccess: roster.settings.adminAccess,
    roles: roster.roles,
    people: roster.people,
    memberOnlyRoles: accounts.filter((g) => g.group === roleGroupName(g.role) && !g.accounts.includes(IDENTITY_ACCOUNT)).map((g) => g.role),
    accountGroups: accounts.filter((g) => g.group !== roleGroupName(g.role)).map((g) => ({ groupName: g.group, roleName: g.role })),
  };
}

/**
 * People, groups, privileged roles and the password policy, all from the roster. The roles of
 * the identity account are made here; a role in member accounts is made by their stacks, and
 * here only named, by ARN, in the policy of each group whose members may assume it.
 */
export class IdentityStack extends LiteralStack {
  readonly users: Record<string, PersonUser> = {};

  constructor(scope: Construct, id: string, props: IdentityStackProps) {
    super(scope, id);
    const { roster } = props;
    const { settings } = roster;
    const groupsByRole = roleGroups(roster);
    // Validation rejects these; a roster built without it must still never lose a resource to a shared address.
    const [collision] = addressCollisions(identityAddresses(identityAddressInput(roster)));
    if (collision) throw new Error(`${collision.second.owner} and ${collision.first.owner} would both be ${collision.second.address}`);
    awsProvider(this, { accountId: settings.accountId, offline: props.offline });
    configureState(this, id, props.state ?? {});

    // A role's ARN in each named member account; the identity account's comes from the role resource itself.
    const memberArns = (role: string, accounts: readonly string[]) => memberRoleArns(roster, role, accounts);

    // Group names as references, read once per group rather than once per member (see PersonUser.username).
    const groups = new Map<string, string>();
    groups.set(BASE_GROUP_NAME, new BaseGroup(this, 'base').group.name);
    const admin = new AdminGroup(this, 'admin', {
      accountId: settings.accountId,
      mfaMaxAgeSeconds: settings.mfaMaxAgeSeconds,
      adminAccess: settings.adminAccess,
      memberAccountArns: memberArns(ADMIN_ROLE_NAME, roleAccounts(ADMIN_ROLE_NAME, roster)),
    });
    groups.set(ADMIN_GROUP_NAME, admin.group.name);
    const roleArns: Record<string, string> = { [ADMIN_ROLE_NAME]: admin.adminRole.role.arn };
    for (const [roleName, role] of Object.entries(roster.roles)) {
      const [own, ...perAccount] = groupsByRole.filter((g) => g.role === roleName);
      let identityArn: string | undefined;
      if (own.accounts.includes(IDENTITY_ACCOUNT)) {
        const privileged = new PrivilegedRole(this, `role-${roleName}`, {
          roleName,
          description: role.description,
          managedPolicyArns: role.managedPolicyArns,
          maxSessionHours: role.maxSessionHours,
          accountId: settings.accountId,
          mfaMaxAgeSeconds: settings.mfaMaxAgeSeconds,
          groupName: own.group,
          memberAccountArns: memberArns(roleName, own.accounts),
        });
        groups.set(own.group, privileged.group.name);
        identityArn = roleArns[roleName] = privileged.role.arn;
      } else {
        // The role lives in member accounts only: here is just the group that may assume it there.
        const group = new AssumeGroup(this, `role-${roleName}`, { groupName: own.group, roleName, roleArns: memberArns(roleName, own.accounts) });
        groups.set(own.group, group.group.name);
      }
      for (const narrowed of perAccount) {
        const [account] = narrowed.accounts;
        const roleArnsHere = account === IDENTITY_ACCOUNT ? [identityArn as string] : memberArns(roleName, narrowed.accounts);
        groups.set(narrowed.group, new AssumeGroup(this, narrowed.group, { groupName: narrowed.group, roleName, roleArns: roleArnsHere }).group.name);
      }
    }
    new PasswordPolicy(this, 'password-policy', { standard: settings.passwordPolicy });

    for (const person of roster.people) {
      const groupNames = groupsOf(person, roster).map((name) => {
        const group = groups.get(name);
        if (group === undefined) throw new Error(`people: ${person.employeeId} is to be in group "${name}", which the roster does not define`);
        return group;
      });
      this.users[person.employeeId] = new PersonUser(this, `person-${person.employeeId}`, { person, groupNames });
    }

    new TerraformOutput(this, 'usernames', {
      description: 'IAM username of each person, by employee ID',
      value: Object.fromEntries(Object.entries(this.users).map(([id, u]) => [id, u.username])),
    });
    new TerraformOutput(this, 'role_arns', { description: 'ARN of each privileged role', value: roleArns });
    const withConsole = roster.people.filter((p) => this.users[p.employeeId].loginProfile);
    const passwordsOf = (people: readonly Person[], attribute: 'password' | 'encryptedPassword') =>
      Object.fromEntries(people.map((p) => [p.employeeId, this.users[p.employeeId].loginProfile![attribute]]));
    new TerraformOutput(this, 'initial_passwords', {
      description: 'Initial console password of each person without a PGP key; they must change it at first sign-in',
      sensitive: true,
      value: passwordsOf(withConsole.filter((p) => !p.pgpKey), 'password'),
    });
    new TerraformOutput(this, 'encrypted_initial_passwords', {
      description: 'Initial console password of each person with a PGP key, encrypted to that key (base64)',
      value: passwordsOf(withConsole.filter((p) => p.pgpKey), 'encryptedPassword'),
    });
  }
}
