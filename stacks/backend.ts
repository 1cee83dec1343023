import { LocalBackend, type TerraformStack } from 'cdktf';
import { join } from 'node:path';

export interface StateProps {
  /** Folder for local state files - the project root when omitted (terraform.<stack>.tfstate). */
  readonly stateDir?: string;
}

/** Where a stack keeps its state. */
export function configureState(stack: TerraformStack, stackName: string, props: StateProps): void {
  const dir = props.stateDir ?? join(__dirname, '..');
  new LocalBackend(stack, { path: join(dir, `terraform.${stackName}.tfstate`) });
}
