/**
 * npm run -s terraform:env: export lines that point the terraform and cdktf CLIs
 * at the provider mirror, for running them by hand: eval "$(npm run -s terraform:env)".
 */
import { configFromEnv } from '../../config/from-env';
import { terraformEnv } from '../terraform/cli-config';
import { exportLines } from './export-lines';
import { runCommand } from './run-command';

runCommand({ name: 'terraform:env' }, () => {
  const env = terraformEnv({ TF_PROVIDER_MIRROR: configFromEnv().providerMirror });
  const wanted = ['TF_CLI_CONFIG_FILE', 'TF_PROVIDER_MIRROR', 'CHECKPOINT_DISABLE'];
  process.stdout.write(exportLines(Object.fromEntries(wanted.filter((k) => env[k]).map((k) => [k, env[k] as string]))));
});
