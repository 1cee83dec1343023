import { IamGroup } from '@cdktf/provider-aws/lib/iam-group';
import { IamGroupPolicy } from '@cdktf/provider-aws/lib/iam-group-policy';
import { IamGroupPolicyAttachment } from '@cdktf/provider-aws/lib/iam-group-policy-attachment';
import { Construct } from 'constructs';
import { BASE_GROUP_NAME, PEOPLE_PATH } from '../roster/model';
import { flatId } from './flat-id';
import { selfServiceMfaPolicy } from './policies/documents';
import { policyJson } from './policies/terraform-json';

export const READ_ONLY_POLICY_ARN = 'arn:aws:iam::aws:policy/ReadOnlyAccess';

/**
 * The group every active person is in: read-only access, self-service password
 * and MFA management, and everything denied until the session has MFA.
 */
export class BaseGroup extends Construct {
  readonly group: IamGroup;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const key = `group-${BASE_GROUP_NAME}`;
    this.group = flatId(new IamGroup(this, 'group', { name: BASE_GROUP_NAME, path: PEOPLE_PATH }), key);
    flatId(new IamGroupPolicyAttachment(this, 'read-only', { group: this.group.name, policyArn: READ_ONLY_POLICY_ARN }), `${key}-ReadOnlyAccess`);
    flatId(
      new IamGroupPolicy(this, 'self-service-mfa', { name: 'self-service-credentials-mfa-required', group: this.group.name, policy: policyJson(selfServiceMfaPolicy()) }),
      `${key}-self-service-mfa`,
    );
  }
}
