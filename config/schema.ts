import { z } from 'zod';

/**
 * Every environment variable this project reads, as data: its name, its default and its meaning
 * (docs/configuration.md is rendered from this table), and the schema its value must pass.
 * An empty value means unset. config/from-env.ts turns the validated values into a Config.
 */
export interface Variable {
  /** What the default is, or what happens when the variable is unset. */
  readonly default: string;
  readonly meaning: string;
  readonly schema: z.ZodType<string>;
}

const text = z.string();
const oneOf = (accepted: readonly [string, ...string[]], wording: string) =>
  z.string().refine((v) => accepted.includes(v), { error: (iss) => `expected ${wording}, got ${JSON.stringify(iss.input)}` });

/** An IAM role name (at most 64 of [A-Za-z0-9+=,.@_-]) after an optional path. */
const MEMBER_ROLE = /^(\/([\w+=,.@-]+\/)*)?[\w+=,.@-]{1,64}$/;
const roleName = z.string().refine((v) => MEMBER_ROLE.test(v), { error: (iss) => `expected an IAM role name, optionally after a path (/deploy/iam-roster), got ${JSON.stringify(iss.input)}` });

export const VARIABLES = {
  ROSTER_FILE: { default: '`users.yaml`', meaning: "The roster every command reads (a command's `--roster` or file argument wins).", schema: text },
  CDKTF_OUTDIR: { default: '`cdktf.out` in the project', meaning: 'Where the stacks are synthesized (`stacks/<name>/cdk.tf.json`) and planned.', schema: text },
  ROSTER_STATE_DIR: { default: 'the project root', meaning: 'Folder of the local state files `terraform.<stack>.tfstate` (without `STATE_BUCKET`, and always for the bootstrap stack).', schema: text },
  STATE_BUCKET: {
    default: 'unset: local state; the bootstrap stack names its bucket `iam-roster-state-<accountId>`',
    meaning: 'S3 bucket holding the state; setting it selects S3 state (docs/state.md).',
    schema: text,
  },
  STATE_KEY_PREFIX: { default: '`iam-roster`', meaning: "Key prefix in the state bucket; each stack's state is `<prefix>/<stack>.tfstate`.", schema: text },
  STATE_REGION: { default: '`us-east-1`', meaning: "The state bucket's region.", schema: text },
  STATE_USE_PATH_STYLE: {
    default: '`true` when `AWS_ENDPOINT_URL` or `AWS_ENDPOINT_URL_S3` is set (emulators), else `false`',
    meaning: '`true`/`false` (or `1`/`0`): address the state bucket as `endpoint/bucket/key`.',
    schema: oneOf(['true', 'false', '1', '0'], 'true or false'),
  },
  IAM_ROSTER_OFFLINE: {
    default: '`0`',
    meaning: '`1`: synthesize a provider that never reaches AWS (no credential or account checks), to synthesize and plan without an account.',
    schema: oneOf(['1', '0'], '1 or 0'),
  },
  IAM_ROSTER_ACCESS_ANALYZER: {
    default: 'on: the baseline stack creates the analyzer',
    meaning: '`off` leaves IAM Access Analyzer out of the baseline stack, for targets without its API (the local emulator sets it); any other value keeps it.',
    schema: text,
  },
  IAM_ROSTER_MEMBER_DEPLOY_ROLE: {
    default: '`OrganizationAccountAccessRole` (the role AWS Organizations creates in each account it creates)',
    meaning:
      "The role each member account's stack assumes in that account to plan and deploy (`arn:aws:iam::<member id>:role/<this>`); a path may lead it (`/deploy/iam-roster`). The provider then checks the account is the roster's (`allowed_account_ids`). The pipeline sets `/ci/iam-roster-plan` or `/ci/iam-roster-deploy` (docs/review-and-pipeline.md).",
    schema: roleName,
  },
  IAM_ROSTER_MEMBER_BOOTSTRAP_ROLE: {
    default: '`OrganizationAccountAccessRole`',
    meaning:
      "The administrator role `npm run bootstrap` assumes in each member account to make its CI roles (`bootstrap-<account>` stacks, docs/accounts.md); a name after an optional path, like `IAM_ROSTER_MEMBER_DEPLOY_ROLE`.",
    schema: roleName,
  },
  IAM_ROSTER_MEMBER_AUDIT_ROLE: {
    default: "`OrganizationAccountAccessRole`, the deploy role's default (the local emulator and the demo have no other)",
    meaning:
      "The role `npm run audit` assumes in each member account to read it (`arn:aws:iam::<member id>:role/<this>`); a path may lead it. The scheduled CI audit sets `/ci/iam-roster-audit`, the read-only role `npm run bootstrap` makes there (docs/review-and-pipeline.md).",
    schema: roleName,
  },
  IAM_ROSTER_GITHUB_REPOSITORY: { default: 'unset: no CI access', meaning: 'GitHub repository (`owner/name`) whose workflows get keyless CI roles in the bootstrap stack.', schema: text },
  IAM_ROSTER_DEPLOY_ENVIRONMENT: { default: '`production`', meaning: 'The protected GitHub environment the deploy role trusts.', schema: text },
  IAM_ROSTER_GITHUB_OIDC_PROVIDER: {
    default: '`create`',
    meaning: "`existing` when the account already has GitHub's OIDC provider (IAM allows one per issuer); `create` makes it in the bootstrap stack.",
    schema: oneOf(['create', 'existing'], 'create or existing'),
  },
  IAM_ROSTER_LOCAL_DIR: { default: '`.local` in the project', meaning: "Where `npm run demo` and `npm run emulator` keep the emulator's record and log and the demo's state and stacks.", schema: text },
  IAM_ROSTER_EMULATOR_DELAY_MS: {
    default: '`0`: no delay',
    meaning:
      'Milliseconds the local emulator (moto) waits before answering each AWS request, standing in for the round trip to real AWS (about 30 for IAM); `npm run emulator`, `npm run demo` and the tests\' emulators all take it.',
    schema: z.string().refine((v) => /^\d{1,6}$/.test(v), { error: (iss) => `expected a whole number of milliseconds (0 to 999999), got ${JSON.stringify(iss.input)}` }),
  },
  IAM_ROSTER_VENV: { default: '`.venv` in the project', meaning: 'Python environment of the local AWS emulator (moto).', schema: text },
  IAM_ROSTER_SCANNERS_VENV: { default: '`.venv-scanners` in the project', meaning: 'Python environment of the scanners (checkov, parliament).', schema: text },
  PYTHON: { default: '`python3`', meaning: 'The Python that creates those two environments.', schema: text },
  TF_PROVIDER_MIRROR: {
    default: '`/opt/tf-plugins`; when it does not exist, the Terraform registry',
    meaning: 'Folder Terraform installs the AWS provider from (a filesystem mirror); an explicit value that does not exist is an error.',
    schema: text,
  },
} as const satisfies Record<string, Variable>;

export type VariableName = keyof typeof VARIABLES;

/**
 * The standard AWS variables. They are not this project's settings: the AWS SDK, Terraform's AWS
 * provider and the AWS CLI read them. The configuration carries every AWS_* variable unchanged to
 * the SDK clients and to child processes; the ones below also change what this project does.
 */
export const AWS_VARIABLES: Readonly<Record<string, string>> = {
  AWS_ENDPOINT_URL: 'Endpoint of every AWS service (the local emulator sets it); turns on path-style state addressing.',
  AWS_ENDPOINT_URL_S3: 'Endpoint of S3 alone; turns on path-style state addressing.',
  AWS_ENDPOINT_URL_IAM: 'Endpoint of IAM alone (the deploy and the audit read it).',
  'AWS_PROFILE, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN': 'Credentials, as for the AWS CLI.',
  'AWS_REGION, AWS_DEFAULT_REGION': 'Region of the SDK clients (default `us-east-1`); the stacks set their own.',
};

/** The validated variables, each a string or absent. */
export type RawSettings = { readonly [K in VariableName]?: string };

const shape = Object.fromEntries(Object.entries(VARIABLES).map(([name, v]) => [name, v.schema.optional()])) as {
  [K in VariableName]: z.ZodOptional<(typeof VARIABLES)[K]['schema']>;
};

/** The schema of the variables, keyed by name; unknown variables are ignored. */
export const settingsSchema = z.object(shape);

/**
 * What a child process (synth, terraform, the emulator, the scanners, pip) genuinely needs from
 * this process's environment besides the configuration: the system's, the network's and the
 * installers' own variables. Nothing else of the caller's environment reaches a child.
 */
export const HOST_VARIABLES: readonly RegExp[] = [
  /^(PATH|HOME|USER|LOGNAME|SHELL|TERM|LANG|LANGUAGE|TZ|TMPDIR|TMP|TEMP)$/,
  /^LC_[A-Z]+$/,
  // Proxies and certificate bundles, for Terraform, the SDK and pip behind a corporate network.
  /^(HTTPS?_PROXY|NO_PROXY|ALL_PROXY|https?_proxy|no_proxy|all_proxy)$/,
  /^(SSL_CERT_FILE|SSL_CERT_DIR|NODE_EXTRA_CA_CERTS|REQUESTS_CA_BUNDLE|CURL_CA_BUNDLE)$/,
  // pip and pyenv settings used to install the Python environments (PYTHON itself is a setting).
  /^(PIP_[A-Z_]+|PYENV_[A-Z_]+|PYTHON[A-Z_]+)$/,
  // Terraform's own: where providers are found and cached.
  /^(TF_CLI_CONFIG_FILE|TF_PLUGIN_CACHE_DIR|TF_IN_AUTOMATION)$/,
];

/**
 * A person's own Terraform knobs (logging, extra arguments, data folder): passed to the deploy's
 * Terraform, left out of the benchmark's so its figures are the project's defaults.
 */
export const TERRAFORM_OVERRIDES: readonly RegExp[] = [/^(TF_LOG|TF_LOG_[A-Z]+|TF_CLI_ARGS|TF_CLI_ARGS_[a-z_]+|TF_DATA_DIR)$/];
