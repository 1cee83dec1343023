/**
 * An emulator account the end-to-end tests deploy to through deployRoster and
 * planRoster, the code path of npm run deploy and npm run plan. One emulator
 * per test file; `fresh()` gives a scenario an empty account and empty state.
 */
import { IAMClient } from '@aws-sdk/client-iam';
import { S3Client } from '@aws-sdk/client-s3';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import type { RosterInput } from '../../roster/schema';
import { type RunOptions, type StackPlan, deployRoster, planRoster } from '../../tools/deploy/deploy';
import { type Emulator, startEmulator } from '../../tools/emulator/moto';
import { emulatorTargetEnv } from '../../tools/emulator/target';
import { PROJECT_ROOT } from '../../tools/project-root';
import { terraformOk } from '../../tools/terraform/run';

export const EXAMPLE_ROSTER = join(PROJECT_ROOT, 'users.yaml');

/** users.yaml as data, to edit for one scenario (comments are dropped). */
export function exampleInput(): RosterInput {
  return parse(readFileSync(EXAMPLE_ROSTER, 'utf8')) as RosterInput;
}

/**
 * The test runner's environment without anything that would point a run elsewhere
 * (a developer's AWS profile, STATE_BUCKET, ROSTER_FILE, a demo's CDKTF_OUTDIR).
 */
export function hermeticEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(AWS_|STATE_|ROSTER_|IAM_ROSTER_|CDKTF_)/.test(k)));
}

export interface ResourceChange {
  readonly address: string;
  readonly actions: readonly string[];
  /** Attribute names whose planned value differs (for updates). */
  readonly changed: readonly string[];
}

/** The resource changes in the plan a StackPlan saved (terraform show -json tfplan), no-ops left out. */
export function plannedChanges(plan: StackPlan, env: NodeJS.ProcessEnv): ResourceChange[] {
  const show = terraformOk(['show', '-json', 'tfplan'], { cwd: plan.dir, env: env as Record<string, string> });
  const json = JSON.parse(show.stdout) as { resource_changes?: { address: string; change: { actions: string[]; before: Record<string, unknown> | null; after: Record<string, unknown> | null } }[] };
  return (json.resource_changes ?? [])
    .filter((c) => !(c.change.actions.length === 1 && ['no-op', 'read'].includes(c.change.actions[0])))
    .map((c) => {
      const { before, after } = c.change;
      const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
      const changed = before && after ? [...keys].filter((k) => k in after && JSON.stringify(before[k]) !== JSON.stringify(after[k])).sort() : [];
      return { address: c.address, actions: c.change.actions, changed };
    });
}

/** A CLI's exit code (null when it was killed) and output. */
export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export class DeployTarget {
  readonly env: NodeJS.ProcessEnv;
  readonly iam: IAMClient;
  readonly s3: S3Client;
  private readonly root = mkdtempSync(join(tmpdir(), 'e2e-'));
  private scenario = 0;
  private rosters = 0;
  /** Local state folder and synth folder of the current scenario. */
  stateDir = '';
  outdir = '';

  private constructor(readonly emulator: Emulator) {
    this.env = { ...hermeticEnv(), ...emulatorTargetEnv(emulator.endpoint) };
    const sdk = { region: 'us-east-1', endpoint: emulator.endpoint, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } };
    this.iam = new IAMClient(sdk);
    this.s3 = new S3Client({ ...sdk, forcePathStyle: true });
    this.newFolders();
  }

  static async start(): Promise<DeployTarget> {
    return new DeployTarget(await startEmulator());
  }

  /** An empty account and no state: the next deploy starts from nothing. */
  async fresh(): Promise<void> {
    await this.emulator.reset();
    this.newFolders();
  }

  /** Write a roster file for this run. */
  rosterFile(roster: RosterInput | string): string {
    const file = join(this.root, `roster-${this.rosters++}.yaml`);
    writeFileSync(file, typeof roster === 'string' ? roster : stringify(roster));
    return file;
  }

  /** Run options for a roster (data or a file path), local state in this scenario's folder. */
  options(roster: RosterInput | string, extra: Partial<RunOptions> = {}): RunOptions {
    const rosterFile = typeof roster === 'string' ? roster : this.rosterFile(roster);
    return { rosterFile, outdir: this.outdir, ...extra, env: { ...this.env, ROSTER_STATE_DIR: this.stateDir, ...extra.env } };
  }

  deploy(roster: RosterInput | string, extra: Partial<RunOptions> = {}) {
    return deployRoster(this.options(roster, extra));
  }

  plan(roster: RosterInput | string, extra: Partial<RunOptions> = {}) {
    return planRoster(this.options(roster, extra));
  }

  /** The identity stack's local state file. */
  stateFile(stack = 'identity'): string {
    return join(this.stateDir, `terraform.${stack}.tfstate`);
  }

  /**
   * Run a project CLI (tools/cli/<name>.ts) as npm run would, against this account and scenario;
   * root is the project whose CLI runs - default this one (another checkout of it, with the same node_modules).
   */
  cli(name: string, args: readonly string[], env: NodeJS.ProcessEnv = {}, root = PROJECT_ROOT): CliResult {
    const { command, argv, options } = this.cliCommand(name, args, env, root);
    const r = spawnSync(command, argv, { ...options, encoding: 'utf8', timeout: 240_000 });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  /** cli without blocking this process, for a test that serves requests while the CLI runs. */
  cliAsync(name: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
    const { command, argv, options } = this.cliCommand(name, args, env);
    const child = spawn(command, argv, { ...options, stdio: ['ignore', 'pipe', 'pipe'], timeout: 240_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    return new Promise((resolve, reject) => {
      child.once('error', reject);
      child.once('close', (code) => resolve({ code, stdout, stderr }));
    });
  }

  private cliCommand(name: string, args: readonly string[], env: NodeJS.ProcessEnv, root = PROJECT_ROOT) {
    return {
      command: join(root, 'node_modules', '.bin', 'tsx'),
      argv: [join(root, 'tools', 'cli', `${name}.ts`), ...args],
      options: { cwd: root, env: { ...this.env, ROSTER_STATE_DIR: this.stateDir, CDKTF_OUTDIR: this.outdir, ...env } },
    };
  }

  async stop(): Promise<void> {
    await this.emulator.stop();
    rmSync(this.root, { recursive: true, force: true });
  }

  private newFolders(): void {
    this.stateDir = join(this.root, `scenario-${this.scenario++}`);
    this.outdir = join(this.stateDir, 'cdktf.out');
    mkdirSync(this.stateDir, { recursive: true });
  }
}
