/**
 * The roster-size benchmark: for each size, roster validation, synth (time and
 * peak memory) and an offline plan against empty state; the synth of an
 * organization (member accounts with their roles) beside a single account's; for
 * one size, an emulator account deployed with npm run deploy, its no-op plan, the
 * fast plan (no change, one person changed, full) with and without an emulated
 * round trip, a refresh and the audit. Every figure has its baseline beside it,
 * measured in the same run, and each variant's runs alternate so background load
 * hits both alike.
 */
import { closeSync, mkdirSync, mkdtempSync, openSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CORE_SCHEMA, load as loadYaml } from 'js-yaml';
import { RosterError, parseRoster } from '../../roster';
import type { Config } from '../../config/config';
import { childEnv } from '../../config/child-env';
import { configFrom } from '../../config/from-env';
import { type Emulator, awsEnvFor, startEmulator } from '../emulator/moto';
import { emulatorTargetEnv } from '../emulator/target';
import { terraformEnv } from '../terraform/cli-config';
import { PROJECT_ROOT } from '../project-root';
import { stackDir } from '../terraform/run';
import { type ExistingObject, emulatorTrouble, existingObjects, importBlocks } from './deploy-failures';
import { type OrganizationShape, generateOrganizationRoster, generateRoster } from './generate-roster';
import { writeHclBaseline } from './hcl-baseline';
import { type Machine, describeMachine } from './machine';
import { type Invocation, type Measured, loadAverage, measure, median, medianSeconds } from './measure';

export interface BenchOptions {
  readonly sizes: readonly number[];
  /** Roster size deployed to the emulator for the no-op plan and the audit; 0 skips it. */
  readonly deploySize: number;
  /** Deploy the plain-HCL baseline too (its apply at 5,000 people outlasts any limit) - default true. */
  readonly hclDeploy?: boolean;
  /** The organization whose synth is measured beside a single account of as many people; undefined skips it. */
  readonly organization?: OrganizationShape;
  /** Emulator delays (ms before each request) the fast-plan figures are measured at - default [0]. */
  readonly delaysMs?: readonly number[];
  /** terraform -parallelism for the deploys. */
  readonly parallelism: number;
  /** How many times each deployed-account figure is measured (the median is reported). */
  readonly runs: number;
  /** Longest any terraform run may take before it is stopped and reported as "> limit". */
  readonly limitSeconds: number;
  /** Most memory (MB, whole process tree) any terraform run may hold before it is stopped. */
  readonly memoryLimitMb: number;
  readonly log: (line: string) => void;
  /** Aborting stops the running command; runBench then cleans up and rejects. */
  readonly signal?: AbortSignal;
  /** The caller's configuration: only where its Python environments and provider mirror are is used. */
  readonly config: Config;
}

/** One variant's measurement: seconds (median over runs) and peak memory (the highest run). */
export interface Figure {
  readonly seconds: number;
  readonly maxRssMb?: number;
  /** Set when the command hit a limit: seconds is then how long it ran before it was stopped. */
  readonly stopped?: Measured['stopped'];
  /** Seconds of every run, in the order they ran, when the figure is a median of several. */
  readonly runs?: readonly number[];
}

export interface SizeResult {
  readonly people: number;
  /** Resources the offline plan creates: the stack, then the plain-HCL baseline. */
  readonly resources: number;
  readonly hclResources?: number;
  /** In process, median of 5: a valid roster, one with a problem (both read by the one YAML grammar), and YAML parsing alone (js-yaml). */
  readonly validateSeconds: number;
  readonly validateInvalidSeconds: number;
  readonly parseOnlySeconds: number;
  /** main.ts as cdktf runs it: loads and validates the roster and writes all three stacks. */
  readonly synth: Figure;
  /** The baseline's counterpart of synth: writing terraform.tfvars.json from the roster (in process). */
  readonly hclWriteSeconds: number;
  readonly plan: Figure;
  readonly hclPlan: Figure;
  readonly loadAtStart: string;
  readonly loadAtEnd: string;
}

/** The synth of an organization roster beside that of a single account with as many people, in the same run. */
export interface OrganizationResult extends OrganizationShape {
  /** Stacks the organization's synth wrote (identity, baseline and one per member account). */
  readonly stacks: number;
  readonly synth: Figure;
  readonly singleAccountSynth: Figure;
  readonly loadAtStart: string;
  readonly loadAtEnd: string;
}

/** AWS requests the emulator answered during one run, by action (GetUser, GetLoginProfile...). */
export type Calls = Readonly<Record<string, number>>;

/** The plans of issue 13 at one emulator delay, against the same deployed account. */
export interface FastPlanResult {
  /** Milliseconds the emulator waited before each request (0: none). */
  readonly delayMs: number;
  /** npm run plan, nothing changed since the deploy: synth and the fast plan. */
  readonly planCommand: Figure;
  /** npm run plan with one person moved to another team: the fast plan of a one-person change. */
  readonly onePersonPlan: Figure;
  /** npm run plan --full-refresh: refresh and plan every resource, as before the fast plan. */
  readonly fullPlanCommand: Figure;
  /** terraform plan of the deployed plain HCL (no changes); undefined when it was not deployed. */
  readonly hclPlan?: Figure;
  /** Requests of one run of each, by action. */
  readonly calls: { readonly none: Calls; readonly onePerson: Calls; readonly full: Calls; readonly hcl?: Calls };
  readonly loadAtStart: string;
  readonly loadAtEnd: string;
}

export interface DeployResult {
  readonly people: number;
  readonly parallelism: number;
  readonly runs: number;
  /** npm run deploy (synth, init, import check, plan, apply), run once; it imports what the emulator made twice itself. */
  readonly deploy: Figure & { readonly recovered: number; readonly failed?: string };
  /** terraform apply of the HCL; seconds of all attempts together (a team imports by hand between them). */
  readonly hclApply?: Figure & { readonly attempts: number; readonly failed?: string };
  /** terraform plan of the deployed identity stack / HCL: no changes expected. */
  readonly noopPlan?: Figure;
  readonly hclNoopPlan?: Figure;
  /** The fast-plan figures at each emulator delay. */
  readonly fastPlan: readonly FastPlanResult[];
  /** terraform apply -refresh-only. */
  readonly refresh?: Figure;
  readonly hclRefresh?: Figure;
  readonly audit?: Figure;
  readonly auditExitCode?: number;
  readonly loadAtStart: string;
  readonly loadAtEnd: string;
}

export interface BenchResult {
  readonly machine: Machine;
  readonly startedAt: string;
  readonly loadAtStart: string;
  readonly loadAtEnd: string;
  readonly options: Pick<BenchOptions, 'sizes' | 'deploySize' | 'parallelism' | 'runs' | 'limitSeconds' | 'memoryLimitMb' | 'delaysMs'>;
  readonly sizes: readonly SizeResult[];
  readonly organization?: OrganizationResult;
  readonly deploy?: DeployResult;
}

const TSX = join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx');
const MAIN = join(PROJECT_ROOT, 'main.ts');
const DEPLOY_CLI = join(PROJECT_ROOT, 'tools', 'cli', 'deploy.ts');
const PLAN_CLI = join(PROJECT_ROOT, 'tools', 'cli', 'plan.ts');
const AUDIT_CLI = join(PROJECT_ROOT, 'tools', 'cli', 'audit.ts');

/**
 * What every measured command runs with: the default configuration (no real AWS, no remote state,
 * no other roster) in the caller's Python environments and provider mirror, and none of the
 * person's own Terraform knobs, so the figures are the project's defaults.
 */
export function benchEnv(config: Config): Record<string, string> {
  const isolated: Config = { ...configFrom({}), venvDir: config.venvDir, python: config.python, providerMirror: config.providerMirror };
  return childEnv(isolated, { terraformOverrides: false });
}

/** Figure of one measured run; a failure that is not a limit is an error with the command's output. */
function figure(m: Measured, what: string, okCodes: readonly number[] = [0]): Figure {
  if (!m.stopped && !okCodes.includes(m.code)) throw new Error(`${what} exited ${m.code}\n${m.stderr.slice(-4000)}\n${m.stdout.slice(-2000)}`.trim());
  // A stopped run has no /usr/bin/time figure: the sampled tree memory is then a lower bound of its peak.
  return { seconds: m.seconds, maxRssMb: m.maxRssMb ?? (m.stopped ? m.peakTreeMb : undefined), stopped: m.stopped };
}

/** Median seconds and highest peak memory of several runs of the same command. */
export function combine(figures: readonly Figure[]): Figure {
  const stopped = figures.find((f) => f.stopped);
  if (stopped) return stopped;
  const rss = figures.map((f) => f.maxRssMb).filter((m): m is number => m !== undefined);
  const runs = figures.map((f) => f.seconds);
  return { seconds: median(runs), maxRssMb: rss.length > 0 ? Math.max(...rss) : undefined, ...(runs.length > 1 ? { runs } : {}) };
}

function describe(f: Figure | undefined): string {
  if (!f) return 'not measured';
  const mem = f.maxRssMb !== undefined ? `, ${f.maxRssMb.toFixed(0)} MB` : '';
  return f.stopped ? `stopped at the ${f.stopped} after ${f.seconds.toFixed(1)} s` : `${f.seconds.toFixed(2)} s${mem}`;
}

function resourceCount(planOutput: string): number | undefined {
  const m = /Plan: (\d+) to add/.exec(planOutput);
  return m ? Number(m[1]) : undefined;
}

class Bench {
  private readonly env: Record<string, string>;

  constructor(
    private readonly options: BenchOptions,
    private readonly work: string,
  ) {
    this.env = benchEnv(options.config);
  }

  private run(command: string, args: readonly string[], invocation: Invocation): Promise<Measured> {
    return measure(command, args, { signal: this.options.signal, ...invocation });
  }

  /** terraform with the project's provider mirror, under the run's time and memory limits. */
  terraform(dir: string, args: readonly string[], env: Record<string, string> = {}): Promise<Measured> {
    return this.run('terraform', [...args, '-input=false', '-no-color'], {
      cwd: dir,
      env: terraformEnv({ ...this.env, ...env }),
      timeoutSeconds: this.options.limitSeconds,
      memoryLimitMb: this.options.memoryLimitMb,
    });
  }

  /** One of the project's commands (tsx entry point) with a roster and an environment. */
  tool(entry: string, args: readonly string[], env: Record<string, string>): Promise<Measured> {
    return this.run(TSX, [entry, ...args], {
      cwd: PROJECT_ROOT,
      env: terraformEnv({ ...this.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...env }),
      timeoutSeconds: this.options.limitSeconds,
      memoryLimitMb: this.options.memoryLimitMb,
    });
  }

  private async init(dir: string, what: string): Promise<void> {
    figure(await this.terraform(dir, ['init']), `terraform init (${what})`);
  }

  /** A folder in the work area holding a generated roster (of `people` in one account by default). */
  private rosterIn(name: string, people: number, text = generateRoster(people)): { dir: string; rosterFile: string; text: string } {
    const dir = join(this.work, name);
    mkdirSync(dir, { recursive: true });
    const rosterFile = join(dir, 'roster.yaml');
    writeFileSync(rosterFile, text);
    return { dir, rosterFile, text };
  }

  /** main.ts as cdktf synth runs it, offline: load, validate and write every stack into dir/cdktf. */
  private async synth(dir: string, rosterFile: string): Promise<Figure> {
    const outdir = join(dir, 'cdktf');
    rmSync(outdir, { recursive: true, force: true });
    return figure(await this.tool(MAIN, [], { ROSTER_FILE: rosterFile, CDKTF_OUTDIR: outdir, ROSTER_STATE_DIR: join(dir, 'state'), IAM_ROSTER_OFFLINE: '1' }), 'synth');
  }

  /** Issue 12's scale: an organization's synth beside a single account's of as many people, alternating. */
  async organization(shape: OrganizationShape): Promise<OrganizationResult> {
    const { log } = this.options;
    const loadAtStart = loadAverage();
    const org = this.rosterIn('organization', shape.people, generateOrganizationRoster(shape));
    const single = this.rosterIn('organization-single', shape.people);
    const [synth, singleAccountSynth] = await this.alternate(
      () => this.synth(org.dir, org.rosterFile),
      () => this.synth(single.dir, single.rosterFile),
    );
    const stacks = readdirSync(join(org.dir, 'cdktf', 'stacks')).length;
    log(`  organization of ${shape.accounts} accounts x ${shape.rolesPerAccount} roles, ${shape.people} people: synth ${describe(synth)} (${stacks} stacks); one account ${describe(singleAccountSynth)}`);
    rmSync(org.dir, { recursive: true, force: true });
    rmSync(single.dir, { recursive: true, force: true });
    return { ...shape, stacks, synth, singleAccountSynth, loadAtStart, loadAtEnd: loadAverage() };
  }

  async size(people: number): Promise<SizeResult> {
    const { log } = this.options;
    const loadAtStart = loadAverage();
    const { dir, rosterFile, text } = this.rosterIn(`size-${people}`, people);
    const roster = parseRoster(text, rosterFile);
    const validateSeconds = medianSeconds(() => parseRoster(text, rosterFile));
    const invalid = withUnknownTeam(text);
    const validateInvalidSeconds = medianSeconds(() => expectOneProblem(invalid, rosterFile));
    const parseOnlySeconds = medianSeconds(() => loadYaml(text, { schema: CORE_SCHEMA }));
    log(`  ${people}: validation ${validateSeconds.toFixed(3)} s (with a problem ${validateInvalidSeconds.toFixed(3)} s; YAML parse alone ${parseOnlySeconds.toFixed(3)} s)`);

    const outdir = join(dir, 'cdktf');
    const synth = await this.synth(dir, rosterFile);
    log(`  ${people}: synth ${describe(synth)}`);

    const hclDir = join(dir, 'hcl');
    mkdirSync(hclDir, { recursive: true });
    const t = performance.now();
    writeHclBaseline(hclDir, roster, true);
    const hclWriteSeconds = (performance.now() - t) / 1000;

    const identity = stackDir(outdir, 'identity');
    await this.init(identity, 'stack');
    await this.init(hclDir, 'plain HCL');
    const planRun = await this.terraform(identity, ['plan', '-lock=false']);
    const plan = figure(planRun, 'terraform plan (stack)');
    log(`  ${people}: plan ${describe(plan)} (${resourceCount(planRun.stdout) ?? '?'} resources)`);
    const hclPlanRun = await this.terraform(hclDir, ['plan', '-lock=false']);
    const hclPlan = figure(hclPlanRun, 'terraform plan (plain HCL)');
    log(`  ${people}: plan, plain HCL ${describe(hclPlan)} (${resourceCount(hclPlanRun.stdout) ?? '?'} resources)`);
    rmSync(dir, { recursive: true, force: true });
    return {
      people,
      resources: resourceCount(planRun.stdout) ?? 0,
      hclResources: resourceCount(hclPlanRun.stdout),
      validateSeconds,
      validateInvalidSeconds,
      parseOnlySeconds,
      synth,
      hclWriteSeconds,
      plan,
      hclPlan,
      loadAtStart,
      loadAtEnd: loadAverage(),
    };
  }

  /** Run a and b `runs` times, alternating which goes first, and combine each side's runs. */
  private async alternate(a: () => Promise<Figure>, b: () => Promise<Figure>): Promise<[Figure, Figure]> {
    const as: Figure[] = [];
    const bs: Figure[] = [];
    for (let i = 0; i < this.options.runs; i++) {
      if (i % 2 === 0) {
        as.push(await a());
        bs.push(await b());
      } else {
        bs.push(await b());
        as.push(await a());
      }
    }
    return [combine(as), combine(bs)];
  }

  private async repeat(f: () => Promise<Figure>): Promise<Figure> {
    const all: Figure[] = [];
    for (let i = 0; i < this.options.runs; i++) all.push(await f());
    return combine(all);
  }

  /**
   * The plain-HCL apply, retried up to twice when it fails: under load the emulator sometimes
   * makes an object and still answers with an error (see deploy-failures.ts); `prepare` writes
   * the import blocks a team would write by hand. npm run deploy is not retried: it recovers
   * from that by itself, in the same run, and any other failure is reported.
   */
  private async attempts(
    what: string,
    emulatorLog: string,
    run: () => Promise<Measured>,
    prepare: (failed: Measured) => void,
  ): Promise<Figure & { attempts: number; failed?: string }> {
    let seconds = 0;
    let maxRssMb: number | undefined;
    let last: Measured | undefined;
    for (let attempt = 1; attempt <= 3; attempt++) {
      if (last) prepare(last);
      last = await run();
      seconds += last.seconds;
      maxRssMb = Math.max(maxRssMb ?? 0, last.maxRssMb ?? 0) || undefined;
      if (last.stopped || last.code === 0) return { seconds, maxRssMb, stopped: last.stopped, attempts: attempt };
      this.options.log(`  ${what} failed (attempt ${attempt}): ${firstError(last)}; ${emulatorTrouble(emulatorLog)}`);
    }
    return { seconds, maxRssMb, attempts: 3, failed: `${what} exited ${last?.code}: ${last ? firstError(last) : ''}` };
  }

  /** Run f and return its figure with the AWS requests the emulator answered meanwhile, by action. */
  private async counted(emulator: Emulator, f: () => Promise<Figure>): Promise<{ figure: Figure; calls: Calls }> {
    const before = await emulator.requestsByAction();
    const result = await f();
    return { figure: result, calls: callsSince(before, await emulator.requestsByAction()) };
  }

  /** `runs` runs of f, each counted; the calls of the last run are kept (they do not vary between runs). */
  private async repeatCounted(emulator: Emulator, f: () => Promise<Figure>): Promise<{ figure: Figure; calls: Calls }> {
    let calls: Calls = {};
    const figure = await this.repeat(async () => {
      const run = await this.counted(emulator, f);
      calls = run.calls;
      return run.figure;
    });
    return { figure, calls };
  }

  async deploy(people: number): Promise<DeployResult> {
    const { log, parallelism } = this.options;
    const loadAtStart = loadAverage();
    const { dir, rosterFile, text } = this.rosterIn(`deploy-${people}`, people);
    const outdir = join(dir, 'cdktf');
    const identity = stackDir(outdir, 'identity');
    const hclDir = join(dir, 'hcl');
    const withHcl = this.options.hclDeploy ?? true;
    if (withHcl) {
      mkdirSync(hclDir, { recursive: true });
      writeHclBaseline(hclDir, parseRoster(text, rosterFile), false);
      await this.init(hclDir, 'plain HCL');
    }

    // One emulator per variant: the same user names exist in both accounts. Both deploy without a delay.
    const emulators: Emulator[] = [];
    const logs = ['stack', 'hcl'].map((name) => join(dir, `emulator-${name}.log`));
    const logFds = logs.map((file) => openSync(file, 'a'));
    try {
      for (const fd of logFds) emulators.push(await startEmulator({ logFile: fd, config: { ...this.options.config, emulatorDelayMs: 0 } }));
      const [stackEmulator, hclEmulator] = emulators;
      // The stack's account is an emulator target (no Access Analyzer); the plain HCL needs only the endpoint.
      const stackAws = emulatorTargetEnv(stackEmulator.endpoint);
      const hclAws = awsEnvFor(hclEmulator.endpoint);
      const stackEnv = { ...stackAws, CDKTF_OUTDIR: outdir, ROSTER_STATE_DIR: join(dir, 'state') };
      log(`  ${people}: deploying the stack with npm run deploy (-parallelism=${parallelism}), once...`);
      const deployRun = await this.tool(DEPLOY_CLI, ['--roster', rosterFile, '--stack', 'identity'], { ...stackEnv, TF_CLI_ARGS_apply: `-parallelism=${parallelism}` });
      const recovered = recoveredObjects(`${deployRun.stdout}\n${deployRun.stderr}`);
      const deployFailed = deployRun.stopped || deployRun.code === 0 ? undefined : `npm run deploy exited ${deployRun.code}: ${firstError(deployRun)}; ${emulatorTrouble(logs[0])}`;
      const deploy = { seconds: deployRun.seconds, maxRssMb: deployRun.maxRssMb, stopped: deployRun.stopped, recovered, ...(deployFailed ? { failed: deployFailed } : {}) };
      log(`  ${people}: npm run deploy ${describe(deploy)}${recovered ? `; it imported ${recovered} object(s) the emulator had made twice` : ''}`);
      if (deploy.stopped) throw new Error(`npm run deploy of ${people} people was stopped at the ${deploy.stopped}; raise --limit or --memory-limit`);
      if (deployFailed) {
        // Reported, not retried: a deploy that needs a second run is a bug the figures must show.
        log(`  ${people}: ${deployFailed}\n${deployRun.stderr.slice(-3000)}`);
        return { people, parallelism, runs: this.options.runs, deploy, fastPlan: [], loadAtStart, loadAtEnd: loadAverage() };
      }
      let hclApply: (Figure & { attempts: number; failed?: string }) | undefined;
      if (withHcl) {
        log(`  ${people}: deploying the plain HCL with terraform apply...`);
        const imported = new Map<string, ExistingObject>();
        hclApply = await this.attempts(
          'terraform apply (plain HCL)',
          logs[1],
          () => this.terraform(hclDir, ['apply', '-auto-approve', `-parallelism=${parallelism}`], hclAws),
          (failed) => {
            for (const o of existingObjects(`${failed.stderr}\n${failed.stdout}`)) imported.set(o.address, o);
            writeFileSync(join(hclDir, 'imports.tf'), importBlocks([...imported.values()]));
            log(`  plain HCL: importing ${imported.size} object(s) the failed apply had made, as a team would with terraform import`);
          },
        );
        log(`  ${people}: plain HCL apply ${describe(hclApply)}${hclApply.attempts > 1 ? ` over ${hclApply.attempts} attempts` : ''}${hclApply.failed ? ' - FAILED, no plain-HCL figures for the deployed account' : ''}`);
      }
      const hcl = hclApply !== undefined && !hclApply.stopped && !hclApply.failed;

      const noop = (cwd: string, env: Record<string, string>, what: string) => async () =>
        figure(await this.terraform(cwd, ['plan', '-detailed-exitcode', '-lock=false'], env), `no-op plan (${what}): exit 2 means the deployed account differs from the configuration`);
      const skipped = async (): Promise<Figure> => ({ seconds: 0 });
      let hclNoopCalls: Calls | undefined;
      const hclNoop = async () => {
        const run = await this.counted(hclEmulator, noop(hclDir, hclAws, 'plain HCL'));
        hclNoopCalls = run.calls;
        return run.figure;
      };
      const [noopPlan, hclNoopPlan] = await this.alternate(noop(identity, stackAws, 'stack'), hcl ? hclNoop : skipped);
      log(`  ${people}: no-op plan ${describe(noopPlan)}; plain HCL ${hcl ? describe(hclNoopPlan) : 'not deployed'}`);

      const movedFile = join(dir, 'roster-one-moved.yaml');
      writeFileSync(movedFile, withOnePersonMoved(text));
      const plan = (roster: string, what: string, args: readonly string[] = [], okCodes: readonly number[] = [0]) => async () =>
        figure(await this.tool(PLAN_CLI, ['--roster', roster, '--stack', 'identity', ...args], stackEnv), what, okCodes);
      const fastPlan: FastPlanResult[] = [];
      for (const delayMs of this.options.delaysMs ?? [0]) {
        const atStart = loadAverage();
        await Promise.all(emulators.map((e) => e.setDelay(delayMs)));
        try {
          const none = await this.repeatCounted(stackEmulator, plan(rosterFile, 'npm run plan (exit 2 means changes pending after the deploy)'));
          log(`  ${people}, ${delayMs} ms: npm run plan, nothing changed ${describe(none.figure)}, ${total(none.calls)} requests`);
          const one = await this.repeatCounted(stackEmulator, plan(movedFile, 'npm run plan, one person moved', [], [2]));
          log(`  ${people}, ${delayMs} ms: npm run plan, one person moved ${describe(one.figure)}, ${total(one.calls)} requests`);
          let fullCalls: Calls = {};
          let hclCalls = hclNoopCalls;
          const full = async () => {
            const run = await this.counted(stackEmulator, plan(rosterFile, 'npm run plan --full-refresh', ['--full-refresh']));
            fullCalls = run.calls;
            return run.figure;
          };
          const hclPlanRun = async () => {
            const run = await this.counted(hclEmulator, noop(hclDir, hclAws, 'plain HCL'));
            hclCalls = run.calls;
            return run.figure;
          };

          // At no delay the no-op plan above is the plain-HCL figure; measure it again only under a delay.
          const remeasure = hcl && delayMs > 0;
          const [fullPlanCommand, hclAtDelay] = await this.alternate(full, remeasure ? hclPlanRun : skipped);
          const hclPlan = !hcl ? undefined : remeasure ? hclAtDelay : hclNoopPlan;
          log(`  ${people}, ${delayMs} ms: npm run plan --full-refresh ${describe(fullPlanCommand)}, ${total(fullCalls)} requests; plain HCL ${hclPlan ? describe(hclPlan) : 'not deployed'}`);
          fastPlan.push({
            delayMs,
            planCommand: none.figure,
            onePersonPlan: one.figure,
            fullPlanCommand,
            hclPlan,
            calls: { none: none.calls, onePerson: one.calls, full: fullCalls, ...(hclCalls ? { hcl: hclCalls } : {}) },
            loadAtStart: atStart,
            loadAtEnd: loadAverage(),
          });
        } finally {
          await Promise.all(emulators.map((e) => e.setDelay(0)));
        }
      }

      const refreshOf = (cwd: string, env: Record<string, string>, what: string) => async () =>
        figure(await this.terraform(cwd, ['apply', '-refresh-only', '-auto-approve', '-lock=false'], env), `terraform refresh (${what})`);
      const [refresh, hclRefresh] = await this.alternate(refreshOf(identity, stackAws, 'stack'), hcl ? refreshOf(hclDir, hclAws, 'plain HCL') : skipped);
      log(`  ${people}: terraform refresh ${describe(refresh)}; plain HCL ${hcl ? describe(hclRefresh) : 'not deployed'}`);

      // Exit 1 means findings (people with a console password and no MFA yet): still a complete audit.
      let auditExitCode: number | undefined;
      const audit = await this.repeat(async () => {
        const m = await this.tool(AUDIT_CLI, ['--roster', rosterFile, '--format', 'json'], stackAws);
        auditExitCode = m.code;
        return figure(m, 'npm run audit', [0, 1]);
      });
      log(`  ${people}: audit ${describe(audit)} (exit ${auditExitCode})`);
      return {
        people,
        parallelism,
        runs: this.options.runs,
        deploy,
        hclApply,
        noopPlan,
        hclNoopPlan: hcl ? hclNoopPlan : undefined,
        fastPlan,
        refresh,
        hclRefresh: hcl ? hclRefresh : undefined,
        audit,
        auditExitCode,
        loadAtStart,
        loadAtEnd: loadAverage(),
      };
    } finally {
      await Promise.all(emulators.map((e) => e.stop()));
      for (const fd of logFds) closeSync(fd);
    }
  }
}

/** The requests answered between two counts of the emulator's, by action. */
export function callsSince(before: Calls, after: Calls): Calls {
  return Object.fromEntries(Object.entries(after).flatMap(([action, n]) => (n > (before[action] ?? 0) ? [[action, n - (before[action] ?? 0)]] : [])));
}

/** All requests of a count. */
export function total(calls: Calls): number {
  return Object.values(calls).reduce((a, b) => a + b, 0);
}

/** How many objects npm run deploy said (on stdout) it imported after the emulator made them twice (tools/deploy/deploy.ts). */
export function recoveredObjects(deployOutput: string): number {
  return deployOutput.split('\n').filter((l) => /^[\w-]+: imported \S+ \(/.test(l)).length;
}

/** The first error line Terraform or a tool printed. */
function firstError(m: Measured): string {
  return /^.*Error.*$/m.exec(`${m.stderr}\n${m.stdout}`)?.[0].trim() ?? `exit ${m.code}`;
}

/** The roster with its first person moved to another team: a one-person change. */
export function withOnePersonMoved(text: string): string {
  const teams = Object.keys((loadYaml(text, { schema: CORE_SCHEMA }) as { teams: Record<string, unknown> }).teams);
  const moved = text.replace(/^(\s*team:) (\S+)$/m, (_line, key: string, team: string) => `${key} ${teams.find((t) => t !== team)}`);
  if (moved === text) throw new Error('withOnePersonMoved: the generated roster has no person with a team');
  return moved;
}

/** The roster with its first person's team misspelt: one problem, reported with its position. */
export function withUnknownTeam(text: string): string {
  const bad = text.replace(/^(\s*team:) data$/m, '$1 dta');
  if (bad === text) throw new Error('withUnknownTeam: the generated roster has no person in the data team');
  return bad;
}

function expectOneProblem(text: string, file: string): void {
  try {
    parseRoster(text, file);
  } catch (err) {
    if (err instanceof RosterError && err.problems.length === 1) return;
    throw err;
  }
  throw new Error('the roster with an unknown team validated');
}

export async function runBench(options: BenchOptions): Promise<BenchResult> {
  const work = mkdtempSync(join(tmpdir(), 'iam-roster-bench-'));
  try {
    const loadAtStart = loadAverage();
    const startedAt = new Date().toISOString();
    const machine = describeMachine();
    const bench = new Bench(options, work);
    const sizes: SizeResult[] = [];
    for (const n of options.sizes) sizes.push(await bench.size(n));
    const organization = options.organization ? await bench.organization(options.organization) : undefined;
    const deploy = options.deploySize > 0 ? await bench.deploy(options.deploySize) : undefined;
    const { sizes: s, deploySize, parallelism, runs, limitSeconds, memoryLimitMb, delaysMs } = options;
    return {
      machine,
      startedAt,
      loadAtStart,
      loadAtEnd: loadAverage(),
      options: { sizes: s, deploySize, parallelism, runs, limitSeconds, memoryLimitMb, delaysMs },
      sizes,
      organization,
      deploy,
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
