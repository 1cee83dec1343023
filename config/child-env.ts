import type { Config } from './config';
import { type HostEnvOptions, hostEnv } from './from-env';
import type { VariableName } from './schema';

/**
 * Every setting of the configuration as the variables that carry it, so a child process (main.ts,
 * a command the benchmark measures) reads exactly this configuration and nothing of the caller's.
 */
export function settingsEnv(config: Config): Record<string, string> {
  const { state, ci } = config;
  const out: { [K in VariableName]?: string } = {
    ROSTER_FILE: config.rosterFile,
    CDKTF_OUTDIR: config.outdir,
    ROSTER_STATE_DIR: state.stateDir,
    STATE_BUCKET: state.s3?.bucket,
    STATE_KEY_PREFIX: state.s3?.keyPrefix,
    STATE_REGION: state.s3?.region,
    STATE_USE_PATH_STYLE: state.s3 ? String(state.s3.usePathStyle ?? false) : undefined,
    IAM_ROSTER_OFFLINE: config.offline ? '1' : '0',
    IAM_ROSTER_ACCESS_ANALYZER: config.accessAnalyzer ? 'on' : 'off',
    IAM_ROSTER_MEMBER_DEPLOY_ROLE: config.memberDeployRole,
    IAM_ROSTER_MEMBER_BOOTSTRAP_ROLE: config.memberBootstrapRole,
    IAM_ROSTER_MEMBER_AUDIT_ROLE: config.memberAuditRole,
    IAM_ROSTER_GITHUB_REPOSITORY: ci.githubRepository,
    IAM_ROSTER_DEPLOY_ENVIRONMENT: ci.deployEnvironment,
    IAM_ROSTER_GITHUB_OIDC_PROVIDER: ci.createGithubOidcProvider ? 'create' : 'existing',
    IAM_ROSTER_LOCAL_DIR: config.localDir,
    IAM_ROSTER_EMULATOR_DELAY_MS: String(config.emulatorDelayMs),
    IAM_ROSTER_VENV: config.venvDir,
    IAM_ROSTER_SCANNERS_VENV: config.scannersVenvDir,
    PYTHON: config.python,
    TF_PROVIDER_MIRROR: config.providerMirror,
  };
  return Object.fromEntries(Object.entries(out).filter((e): e is [string, string] => e[1] !== undefined));
}

/**
 * The environment a child process gets: the host's few needed variables, the AWS variables of
 * the configuration's target, and every setting. Built up, never the caller's environment pared down.
 */
export function childEnv(config: Config, options: HostEnvOptions = {}): Record<string, string> {
  return { ...hostEnv(options), ...config.aws, ...settingsEnv(config) };
}
