/**
 * Real plans for the plan-summary tests: one emulator, one deploy of a base
 * roster, then any number of changed rosters planned against that state.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { parseRoster } from '../../roster';
import type { Roster } from '../../roster/model';
import type { RosterInput } from '../../roster/schema';
import { type Emulator, startEmulator } from '../../tools/emulator/moto';
import { emulatorTargetEnv } from '../../tools/emulator/target';
import { stackDir, synth, terraformOk } from '../../tools/terraform/run';

export interface PlannedChange {
  /** `terraform show -json plan.bin` output. */
  readonly planJson: string;
  /** Exit code of `terraform plan -detailed-exitcode`: 0 no changes, 2 changes. */
  readonly exitCode: number;
  readonly base: Roster;
  readonly head: Roster;
  /** The roster files, for the CLI. */
  readonly baseFile: string;
  readonly headFile: string;
}

export class RosterPlanner {
  private emulator?: Emulator;
  private readonly dir = mkdtempSync(join(tmpdir(), 'plan-summary-'));
  private readonly outdir = join(this.dir, 'out');
  private env: Record<string, string> = {};
  private baseRoster?: Roster;
  private baseFile = '';
  private count = 0;

  constructor(private readonly base: RosterInput) {}

  /** Start the emulator and deploy the base roster. */
  async start(): Promise<void> {
    this.emulator = await startEmulator();
    this.env = { ...emulatorTargetEnv(this.emulator.endpoint), ROSTER_STATE_DIR: this.dir };
    const file = this.write(this.base);
    this.baseFile = file;
    this.baseRoster = parseRoster(stringify(this.base), file);
    this.synth(file);
    const cwd = stackDir(this.outdir);
    terraformOk(['init', '-input=false', '-no-color'], { cwd, env: this.env });
    terraformOk(['apply', '-auto-approve', '-input=false', '-no-color'], { cwd, env: this.env });
  }

  /** Plan a changed roster against the deployed base; nothing is applied. */
  plan(head: RosterInput): PlannedChange {
    const file = this.write(head);
    this.synth(file);
    const cwd = stackDir(this.outdir);
    const plan = terraformOk(['plan', '-input=false', '-no-color', '-detailed-exitcode', '-out=plan.bin'], { cwd, env: this.env, okCodes: [0, 2] });
    const show = terraformOk(['show', '-json', 'plan.bin'], { cwd, env: this.env });
    return { planJson: show.stdout, exitCode: plan.code, base: this.baseRoster as Roster, head: parseRoster(stringify(head), file), baseFile: this.baseFile, headFile: file };
  }

  /** The initial console passwords Terraform keeps in state for the deployed base roster. */
  initialPasswords(): string[] {
    const out = terraformOk(['output', '-json', 'initial_passwords'], { cwd: stackDir(this.outdir), env: this.env });
    return Object.values(JSON.parse(out.stdout) as Record<string, string>);
  }

  async stop(): Promise<void> {
    await this.emulator?.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }

  private write(roster: RosterInput): string {
    const file = join(this.dir, `roster-${this.count++}.yaml`);
    writeFileSync(file, stringify(roster));
    return file;
  }

  private synth(rosterFile: string): void {
    const r = synth({ rosterFile, outdir: this.outdir, env: this.env });
    if (r.code !== 0) throw new Error(`synth of ${rosterFile} failed:\n${r.stderr}`);
  }
}

/** A deep copy to edit for one scenario. */
export function edit(roster: RosterInput, change: (r: RosterInput) => void): RosterInput {
  const copy = structuredClone(roster);
  change(copy);
  return copy;
}
