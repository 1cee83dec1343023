import { join, resolve } from 'node:path';
import type { StateProps } from '../stacks/backend';
import { DEFAULT_ROSTER_FILE } from '../roster/parse';
import { PROJECT_ROOT } from '../tools/project-root';
import { type RawSettings, settingsSchema } from './schema';

/**
 * The project's configuration: every setting, typed and validated, read once at the edge
 * (config/from-env.ts). Stacks, the roster and the tools take what they need from it as props.
 */
export interface Config {
  /** The roster file, as given (ROSTER_FILE) - default users.yaml. */
  readonly rosterFile: string;
  /** Absolute folder the stacks are synthesized into (CDKTF_OUTDIR) - default cdktf.out in the project. */
  readonly outdir: string;
  /** Synthesize a provider that never reaches AWS (IAM_ROSTER_OFFLINE=1) - default false. */
  readonly offline: boolean;
  /** Where each stack keeps its state (ROSTER_STATE_DIR, STATE_*) - default local files in the project root. */
  readonly state: StateProps;
  /** Create IAM Access Analyzer (IAM_ROSTER_ACCESS_ANALYZER, anything but off) - default true. */
  readonly accessAnalyzer: boolean;
  /** The role each member account's stack assumes there to deploy, a name after an optional path (IAM_ROSTER_MEMBER_DEPLOY_ROLE) - default OrganizationAccountAccessRole. */
  readonly memberDeployRole: string;
  /** The administrator role npm run bootstrap assumes in each member account to make its CI roles (IAM_ROSTER_MEMBER_BOOTSTRAP_ROLE) - default OrganizationAccountAccessRole. */
  readonly memberBootstrapRole: string;
  /** The role the audit assumes in each member account to read it, a name after an optional path (IAM_ROSTER_MEMBER_AUDIT_ROLE) - default OrganizationAccountAccessRole. */
  readonly memberAuditRole: string;
  /** Keyless CI access made by the bootstrap stack. */
  readonly ci: CiConfig;
  /** Absolute folder of the demo's emulator record, log and state (IAM_ROSTER_LOCAL_DIR) - default .local in the project. */
  readonly localDir: string;
  /** Milliseconds the local emulator waits before answering each AWS request (IAM_ROSTER_EMULATOR_DELAY_MS) - default 0, no delay. */
  readonly emulatorDelayMs: number;
  /** The emulator's Python environment (IAM_ROSTER_VENV) - default .venv in the project. */
  readonly venvDir: string;
  /** The scanners' Python environment (IAM_ROSTER_SCANNERS_VENV) - default .venv-scanners in the project. */
  readonly scannersVenvDir: string;
  /** The Python that creates those environments (PYTHON) - default python3. */
  readonly python: string;
  /** Terraform provider mirror (TF_PROVIDER_MIRROR) - default: /opt/tf-plugins when it exists, else the registry. */
  readonly providerMirror?: string;
  /** The standard AWS variables (AWS_*), unchanged: the target account, its endpoint and credentials. */
  readonly aws: Readonly<Record<string, string>>;
}

export interface CiConfig {
  /** owner/name of the repository whose workflows get CI roles (IAM_ROSTER_GITHUB_REPOSITORY) - default: no CI access. */
  readonly githubRepository?: string;
  /** The GitHub environment deploys run in (IAM_ROSTER_DEPLOY_ENVIRONMENT) - default: the stack's, production. */
  readonly deployEnvironment?: string;
  /** Create GitHub's OIDC provider (IAM_ROSTER_GITHUB_OIDC_PROVIDER=create) - default true. */
  readonly createGithubOidcProvider: boolean;
}

/** The role AWS Organizations creates in every account it creates, trusting the management account. */
export const DEFAULT_MEMBER_DEPLOY_ROLE = 'OrganizationAccountAccessRole';

/** One or more variables with values the schema refuses; each line names the variable. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
  }
}

/**
 * The configuration from a set of variables (the environment, or a test's object). Empty values
 * count as unset; invalid ones throw a ConfigError naming every bad variable.
 */
export function configFrom(variables: Readonly<Record<string, string | undefined>>): Config {
  const present = Object.fromEntries(Object.entries(variables).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ''));
  const parsed = settingsSchema.safeParse(present);
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  const aws = Object.fromEntries(Object.entries(present).filter(([k]) => k.startsWith('AWS_')));
  return fromSettings(parsed.data, aws);
}

function fromSettings(s: RawSettings, aws: Record<string, string>): Config {
  return {
    rosterFile: s.ROSTER_FILE ?? DEFAULT_ROSTER_FILE,
    outdir: resolve(s.CDKTF_OUTDIR ?? join(PROJECT_ROOT, 'cdktf.out')),
    offline: s.IAM_ROSTER_OFFLINE === '1',
    state: stateFrom(s, aws),
    accessAnalyzer: s.IAM_ROSTER_ACCESS_ANALYZER !== 'off',
    memberDeployRole: s.IAM_ROSTER_MEMBER_DEPLOY_ROLE ?? DEFAULT_MEMBER_DEPLOY_ROLE,
    memberBootstrapRole: s.IAM_ROSTER_MEMBER_BOOTSTRAP_ROLE ?? DEFAULT_MEMBER_DEPLOY_ROLE,
    memberAuditRole: s.IAM_ROSTER_MEMBER_AUDIT_ROLE ?? DEFAULT_MEMBER_DEPLOY_ROLE,
    ci: {
      githubRepository: s.IAM_ROSTER_GITHUB_REPOSITORY,
      deployEnvironment: s.IAM_ROSTER_DEPLOY_ENVIRONMENT,
      createGithubOidcProvider: s.IAM_ROSTER_GITHUB_OIDC_PROVIDER !== 'existing',
    },
    localDir: resolve(s.IAM_ROSTER_LOCAL_DIR ?? join(PROJECT_ROOT, '.local')),
    emulatorDelayMs: Number(s.IAM_ROSTER_EMULATOR_DELAY_MS ?? '0'),
    venvDir: s.IAM_ROSTER_VENV ?? join(PROJECT_ROOT, '.venv'),
    scannersVenvDir: s.IAM_ROSTER_SCANNERS_VENV ?? join(PROJECT_ROOT, '.venv-scanners'),
    python: s.PYTHON ?? 'python3',
    providerMirror: s.TF_PROVIDER_MIRROR,
    aws,
  };
}

/**
 * STATE_BUCKET selects S3 state; path-style addressing is on by default when a custom endpoint is
 * set, since S3-compatible servers rarely resolve bucket subdomains.
 */
function stateFrom(s: RawSettings, aws: Record<string, string>): StateProps {
  const stateDir = s.ROSTER_STATE_DIR;
  if (!s.STATE_BUCKET) return { stateDir };
  const pathStyle = s.STATE_USE_PATH_STYLE;
  return {
    stateDir,
    s3: {
      bucket: s.STATE_BUCKET,
      keyPrefix: s.STATE_KEY_PREFIX,
      region: s.STATE_REGION,
      usePathStyle: pathStyle === undefined ? Boolean(aws.AWS_ENDPOINT_URL_S3 || aws.AWS_ENDPOINT_URL) : pathStyle === 'true' || pathStyle === '1',
    },
  };
}
