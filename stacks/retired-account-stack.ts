import { App, TerraformOutput } from 'cdktf';
import type { Construct } from 'constructs';
import { memberStackName } from './addresses';
import { type AwsTargetProps, awsProvider } from './aws-provider';
import { type StateProps, configureState } from './backend';
import { BASELINE_REGION } from './baseline-names';
import { deployRoleArn } from './member-role-arns';
import { RETIRED_ACCOUNT_OUTPUT, type RetiredAccount } from './retired-account';
import { LiteralStack } from './terraform-literals';

export interface RetiredAccountStackProps {
  /** The account that left the roster: its former name and the ID its state's resources are in. */
  readonly account: RetiredAccount;
  /** The role assumed in the account to deploy, a name after an optional path (config.memberDeployRole). */
  readonly deployRole: string;
  /** Plan without reaching AWS - default false. */
  readonly offline?: AwsTargetProps['offline'];
  /** Where state is kept, as for every stack - local state in the project root by default. */
  readonly state?: StateProps;
}

/**
 * A member account taken off the roster: the same provider (the deploy role in that account,
 * allowed_account_ids of that account alone) and the same state as its account-<name> stack had,
 * and no resources, so that `terraform plan -destroy` plans the removal of everything its state
 * holds there and nowhere else. Its one output says which account it retires: the plan summary
 * reads it from the plan's configuration.
 */
export class RetiredAccountStack extends LiteralStack {
  constructor(scope: Construct, id: string, props: RetiredAccountStackProps) {
    super(scope, id);
    const { account } = props;
    awsProvider(this, { accountId: account.id, offline: props.offline, region: BASELINE_REGION, assumeRoleArn: deployRoleArn(account.id, props.deployRole) });
    configureState(this, id, props.state ?? {});
    new TerraformOutput(this, RETIRED_ACCOUNT_OUTPUT, { description: 'The member account this stack retires (no longer on the roster)', value: { name: account.name, id: account.id } });
  }
}

/** The retired accounts' stacks (account-<name>), not yet synthesized, in an app of their own. */
export function buildRetiredApp(config: { readonly outdir: string; readonly memberDeployRole: string; readonly offline: boolean; readonly state: StateProps }, accounts: readonly RetiredAccount[]): App {
  const app = new App({ outdir: config.outdir });
  for (const account of accounts) new RetiredAccountStack(app, memberStackName(account.name), { account, deployRole: config.memberDeployRole, offline: config.offline, state: config.state });
  return app;
}
