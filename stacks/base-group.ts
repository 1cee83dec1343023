import { IamGroup } from '@cdktf/provider-aws/lib/iam-group';
import { IamGroupPolicy } from '@cdktf/provider-aws/lib/iam-group-policy';
import { IamGroupPolicyAttachment } from '@cdktf/provider-aws/lib/iam-group-policy-attachment';
import { Construct } from 'constructs';
import { BASE_GROUP_NAME, PEOPLE_PATH } from '../roster/model';
import { BASE_GROUP_MFA_POLICY_ID, READ_ONLY_POLICY_ARN, attachmentId, groupId, groupPolicyId } from './addresses';
import { flatId } from './flat-id';
import { SELF_SERVICE_MFA_POLICY_NAME, selfServiceMfaPolicy } from './policies/documents';
import { policyJson } from './policies/terraform-json';

export { READ_ONLY_POLICY_ARN } from './addresses';

/**
 * The group every active person is in: read-only access, self-service password
 * and MFA management, and everything denied until the session has MFA.
 */
export class BaseGroup extends Construct {
  readonly group: IamGroup;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.group = flatId(new IamGroup(this, 'group', { name: BASE_GROUP_NAME, path: PEOPLE_PATH }), groupId(BASE_GROUP_NAME));
    flatId(new IamGroupPolicyAttachment(this, 'read-only', { group: this.group.name, policyArn: READ_ONLY_POLICY_ARN }), groupPolicyId(BASE_GROUP_NAME, attachmentId(READ_ONLY_POLICY_ARN)));
    flatId(
      new IamGroupPolicy(this, 'self-service-mfa', { name: SELF_SERVICE_MFA_POLICY_NAME, group: this.group.name, policy: policyJson(selfServiceMfaPolicy()) }),
      BASE_GROUP_MFA_POLICY_ID,
    );
  }
}
