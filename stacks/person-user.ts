import { IamUser } from '@cdktf/provider-aws/lib/iam-user';
import { IamUserGroupMembership } from '@cdktf/provider-aws/lib/iam-user-group-membership';
import { IamUserLoginProfile } from '@cdktf/provider-aws/lib/iam-user-login-profile';
import { Construct } from 'constructs';
import { PEOPLE_PATH, type Person } from '../roster/model';
import { loginId, membershipId, userId } from './addresses';
import { flatId } from './flat-id';
import { personTags } from './person-tags';

export interface PersonUserProps {
  readonly person: Person;
  /** Names of the groups the person is in (resolved group names, so Terraform orders creation). */
  readonly groupNames: readonly string[];
}

/**
 * One person's IAM user. Every address is keyed by employee ID, so a rename,
 * a naming-standard change or a team move is an in-place update. No access keys, ever.
 */
export class PersonUser extends Construct {
  readonly user: IamUser;
  /**
   * The user's name as a reference to the user, so dependents are created after it.
   * Read once: every attribute read makes a new token, and each token costs a stack capture at synth.
   */
  readonly username: string;
  /** The console login profile - undefined when the person has no console access. */
  readonly loginProfile?: IamUserLoginProfile;

  constructor(scope: Construct, id: string, props: PersonUserProps) {
    super(scope, id);
    const { person } = props;
    const key = person.employeeId;
    this.user = flatId(
      new IamUser(this, 'user', {
        name: person.username,
        path: PEOPLE_PATH,
        // Offboarding must not fail on MFA devices, keys or a password made outside Terraform.
        forceDestroy: true,
        tags: personTags(person),
      }),
      userId(key),
    );
    this.username = this.user.name;
    if (person.status === 'active' && person.console) {
      this.loginProfile = flatId(
        new IamUserLoginProfile(this, 'login', {
          user: this.username,
          passwordResetRequired: true,
          ...(person.pgpKey ? { pgpKey: person.pgpKey } : {}),
          // The person changes the generated password at first sign-in; that must not show up as drift.
          lifecycle: { ignoreChanges: ['password_length', 'password_reset_required', 'pgp_key'] },
        }),
        loginId(key),
      );
    }
    if (props.groupNames.length > 0) {
      flatId(new IamUserGroupMembership(this, 'groups', { user: this.username, groups: [...props.groupNames] }), membershipId(key));
    }
  }
}
