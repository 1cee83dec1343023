/**
 * The only module that reads this process's environment (process.env) for settings. Entry points
 * call configFromEnv() once and hand the Config down; nothing below them reads the environment.
 */
import { type Config, configFrom } from './config';
import { HOST_VARIABLES, TERRAFORM_OVERRIDES } from './schema';

export { type Config, ConfigError, configFrom } from './config';

/** The configuration of this process (or of the given variables); throws ConfigError for invalid values. */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): Config {
  return configFrom(env);
}

export interface HostEnvOptions {
  /** Include TF_LOG, TF_CLI_ARGS* and TF_DATA_DIR - default true. */
  readonly terraformOverrides?: boolean;
}

/** The few variables of this process a child genuinely needs (config/schema.ts HOST_VARIABLES). */
export function hostEnv(options: HostEnvOptions = {}, env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const wanted = [...HOST_VARIABLES, ...(options.terraformOverrides === false ? [] : TERRAFORM_OVERRIDES)];
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined && wanted.some((re) => re.test(e[0]))));
}

/** The roster file named by ROSTER_FILE, or users.yaml. */
export function rosterFileFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  return configFrom(env).rosterFile;
}

/** Whether the environment asks for IAM Access Analyzer (anything but IAM_ROSTER_ACCESS_ANALYZER=off). */
export function accessAnalyzerFromEnv(env: NodeJS.ProcessEnv = process.env): boolean {
  return configFrom(env).accessAnalyzer;
}

/** The SDK warns about Node 20 on every run; a command's stderr is for progress and one-line errors. */
export function silenceSdkNodeWarning(): void {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
}
