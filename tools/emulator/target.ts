import type { Config } from '../../config/config';
import { awsEnvFor } from './moto';

/**
 * A configuration aimed at the local emulator: its endpoint and test credentials, and the one
 * setting it needs - moto has no Access Analyzer API (CreateAnalyzer answers HTTP 500 and Terraform
 * retries for minutes), so the baseline stack leaves the analyzer out (docs/baseline.md).
 */
export function emulatorTarget(config: Config, endpoint: string): Config {
  return { ...config, aws: awsEnvFor(endpoint), accessAnalyzer: false };
}

/** The same as variables, for a process or a test that takes its settings from an environment. */
export function emulatorTargetEnv(endpoint: string): Record<string, string> {
  return { ...awsEnvFor(endpoint), IAM_ROSTER_ACCESS_ANALYZER: 'off' };
}
