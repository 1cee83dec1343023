import { IamGroup } from '@cdktf/provider-aws/lib/iam-group';
import { Construct } from 'constructs';
import { PEOPLE_PATH } from '../roster/model';
import { groupId } from './addresses';
import { flatId } from './flat-id';
import { assumeGrant } from './iam-role';

export interface AssumeGroupProps {
  /** The group's name; also names its addresses (group-<name>, group-<name>-assume-<role>). */
  readonly groupName: string;
  /** The role its members may assume. */
  readonly roleName: string;
  /** The role's ARN in each account the group covers: exactly these, never a wildcard. */
  readonly roleArns: readonly string[];
}

/**
 * A group whose members may assume one role that this stack does not make: a role that exists
 * in member accounts only, or a role granted in one named account (a narrowed grant).
 */
export class AssumeGroup extends Construct {
  readonly group: IamGroup;

  constructor(scope: Construct, id: string, props: AssumeGroupProps) {
    super(scope, id);
    this.group = flatId(new IamGroup(this, 'group', { name: props.groupName, path: PEOPLE_PATH }), groupId(props.groupName));
    assumeGrant(this, 'assume', { roleArns: props.roleArns, roleName: props.roleName, groupName: props.groupName, group: this.group.name });
  }
}
