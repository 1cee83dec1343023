/** The benchmark's figures as Markdown: each beside its plain-HCL baseline and the ratio, then the issue's targets. */
import { type BenchResult, type Calls, type FastPlanResult, type Figure, total } from './bench';
import { machineLine } from './machine';

export interface TargetCheck {
  readonly target: string;
  readonly measured: string;
  /** undefined when the figure was not measured. */
  readonly pass?: boolean;
}

export const s = (x: number) => `${x.toFixed(x < 1 ? 3 : 2)} s`;
const mb = (x?: number) => (x === undefined ? '?' : `${x.toFixed(0)} MB`);

/** A figure's time, or how long it ran before a limit stopped it. */
export function seconds(f?: Figure): string {
  if (!f) return 'not measured';
  return f.stopped ? `> ${s(f.seconds)} (stopped: ${f.stopped})` : s(f.seconds);
}

/**
 * ours / baseline, e.g. "0.18x": ours takes 18% of the baseline's time. When the
 * baseline was stopped at a limit the ratio is an upper bound ("< 0.18x").
 */
export function ratio(ours: number | undefined, baseline: Figure | number | undefined): string {
  if (ours === undefined || baseline === undefined) return 'n/a';
  const b = typeof baseline === 'number' ? { seconds: baseline } : baseline;
  if (!(b.seconds > 0)) return 'n/a';
  return `${b.stopped ? '< ' : ''}${(ours / b.seconds).toFixed(2)}x`;
}

function memoryRatio(ours?: Figure, baseline?: Figure): string {
  if (ours?.maxRssMb === undefined || baseline?.maxRssMb === undefined || baseline.stopped) return 'n/a';
  return `${(ours.maxRssMb / baseline.maxRssMb).toFixed(2)}x`;
}

const sum = (a: Figure, b: Figure | number): Figure => {
  const fb = typeof b === 'number' ? { seconds: b } : b;
  return { seconds: a.seconds + fb.seconds, stopped: a.stopped ?? fb.stopped };
};

/** The issue's targets, each with the figure that decides it. */
export function checkTargets(result: BenchResult): TargetCheck[] {
  const big = result.sizes.find((r) => r.people === 5000);
  const d = result.deploy;
  const people = d?.people ?? 1000;
  const checks: TargetCheck[] = [
    {
      target: 'validation of 5,000 people < 0.5 s',
      measured: big ? `${s(big.validateSeconds)} valid, ${s(big.validateInvalidSeconds)} with a problem` : 'not measured',
      pass: big && Math.max(big.validateSeconds, big.validateInvalidSeconds) < 0.5,
    },
    { target: 'synth of 5,000 people < 8 s', measured: big ? seconds(big.synth) : 'not measured', pass: big && !big.synth.stopped && big.synth.seconds < 8 },
    {
      target: 'synth of 5,000 people < 400 MB',
      measured: big?.synth.maxRssMb !== undefined ? mb(big.synth.maxRssMb) : 'not measured',
      pass: big?.synth.maxRssMb !== undefined ? big.synth.maxRssMb < 400 : undefined,
    },
  ];
  const noop = d?.noopPlan;
  const hclNoop = d?.hclNoopPlan;
  checks.push({
    target: `no-op plan of ${people} people no slower than plain HCL`,
    measured: noop && hclNoop ? `${seconds(noop)} vs ${seconds(hclNoop)} (${ratio(noop.seconds, hclNoop)})` : 'not measured',
    pass: noop && hclNoop ? !noop.stopped && (Boolean(hclNoop.stopped) || noop.seconds <= hclNoop.seconds) : undefined,
  });
  const audit = d?.audit;
  const refresh = d?.refresh;
  checks.push({
    target: `audit of ${people} people >= 10x faster than terraform refresh`,
    measured: audit && refresh ? `${seconds(audit)} vs ${seconds(refresh)} (${(refresh.seconds / audit.seconds).toFixed(1)}x faster)` : 'not measured',
    pass: audit && refresh && !audit.stopped && !refresh.stopped ? refresh.seconds / audit.seconds >= 10 : undefined,
  });
  const org = result.organization;
  const orgShape = org ? `${org.accounts} member accounts x ${org.rolesPerAccount} roles, ${org.people.toLocaleString('en-US')} people` : 'an organization';
  checks.push(
    { target: `synth of ${orgShape} < 8 s`, measured: org ? seconds(org.synth) : 'not measured', pass: org && !org.synth.stopped && org.synth.seconds < 8 },
    {
      target: `synth of ${orgShape} < 400 MB`,
      measured: org?.synth.maxRssMb !== undefined ? mb(org.synth.maxRssMb) : 'not measured',
      pass: org?.synth.maxRssMb !== undefined ? org.synth.maxRssMb < 400 : undefined,
    },
  );
  const fast: readonly (FastPlanResult | undefined)[] = d?.fastPlan.length ? d.fastPlan : [undefined];
  for (const f of fast) {
    const where = `${people} people${f ? `, ${f.delayMs} ms delay` : ''}`;
    const one = f?.onePersonPlan;
    const full = f?.fullPlanCommand;
    const calls = f && { onePerson: total(f.calls.onePerson), full: total(f.calls.full) };
    checks.push(
      {
        target: `one-person change plans in <= 0.1x the full plan (${where})`,
        measured: one && full ? `${seconds(one)} vs ${seconds(full)} (${ratio(one.seconds, full)})` : 'not measured',
        pass: one && full && !one.stopped && !full.stopped ? one.seconds <= 0.1 * full.seconds : undefined,
      },
      {
        target: `no change, no drift: "no changes" in < 5 s (${where})`,
        measured: f ? seconds(f.planCommand) : 'not measured',
        pass: f ? !f.planCommand.stopped && f.planCommand.seconds < 5 : undefined,
      },
      {
        target: `API calls of a one-person plan < 1% of the full plan's (${where})`,
        measured: calls ? `${calls.onePerson} vs ${calls.full} requests (${calls.full > 0 ? ((100 * calls.onePerson) / calls.full).toFixed(1) : '?'}%)` : 'not measured',
        pass: calls && calls.full > 0 ? calls.onePerson < 0.01 * calls.full : undefined,
      },
    );
  }
  return checks;
}

/** The report as Markdown tables: what npm run bench prints and docs/benchmarks.md records. */
export function formatReport(result: BenchResult): string {
  const { options: o } = result;
  const lines = [
    `Machine: ${machineLine(result.machine)}`,
    `Run: ${result.startedAt}; load average (1, 5, 15 min) ${result.loadAtStart} at the start, ${result.loadAtEnd} at the end; limits per terraform run ${o.limitSeconds} s and ${o.memoryLimitMb} MB.`,
  ];
  if (result.sizes.length > 0) sizeTables(result, lines);
  return finish(result, lines);
}

/** Validation, synth and the offline plan, size by size. */
function sizeTables(result: BenchResult, lines: string[]): void {
  lines.push(
    '',
    'Roster validation, in process, median of 5 runs (baseline: parsing the YAML alone, which is all plain HCL does with it):',
    '',
    '| people | valid roster | with one problem (positions) | YAML parse alone | ratio (valid / parse) |',
    '| ---: | ---: | ---: | ---: | ---: |',
  );
  for (const r of result.sizes) {
    lines.push(`| ${r.people} | ${s(r.validateSeconds)} | ${s(r.validateInvalidSeconds)} | ${s(r.parseOnlySeconds)} | ${ratio(r.validateSeconds, r.parseOnlySeconds)} |`);
  }
  lines.push(
    '',
    'Synth (main.ts: load, validate, write all three stacks) and an offline plan against empty state. Baseline: the same resources in plain HCL with for_each over the roster. Ratio = ours / baseline; peak memory = largest process.',
    '',
    '| people | resources (stack / HCL) | synth | synth peak memory | baseline: write tfvars | plan (stack) | plan (plain HCL) | ratio | plan peak memory (stack / HCL) | ratio | roster to plan: synth + plan | plain HCL: tfvars + plan | ratio | load (1 min) start / end |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  );
  for (const r of result.sizes) {
    const ours = sum(r.synth, r.plan);
    const theirs = sum(r.hclPlan, r.hclWriteSeconds);
    lines.push(
      `| ${r.people} | ${r.resources} / ${r.hclResources ?? '?'} | ${seconds(r.synth)} | ${mb(r.synth.maxRssMb)} | ${s(r.hclWriteSeconds)} | ${seconds(r.plan)} | ${seconds(r.hclPlan)} | ${ratio(r.plan.seconds, r.hclPlan)} | ${mb(r.plan.maxRssMb)} / ${r.hclPlan.stopped ? `> ${mb(r.hclPlan.maxRssMb)}` : mb(r.hclPlan.maxRssMb)} | ${memoryRatio(r.plan, r.hclPlan)} | ${seconds(ours)} | ${seconds(theirs)} | ${ratio(ours.seconds, theirs)} | ${r.loadAtStart.split(',')[0]} / ${r.loadAtEnd.split(',')[0]} |`,
    );
  }
}

/** The organization's synth, the deployed account, the fast plan and the targets. */
function finish(result: BenchResult, lines: string[]): string {
  const org = result.organization;
  if (org) {
    lines.push(
      '',
      `Organization (issue 12): synth of ${org.accounts} member accounts with ${org.rolesPerAccount} roles each and ${org.people} people, beside one account of as many people, median of the runs, alternating:`,
      '',
      '| roster | stacks | synth | peak memory | one account: synth | peak memory | ratio | each run, s (organization / one account) | load (1 min) start / end |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |',
      `| ${org.accounts} x ${org.rolesPerAccount} roles, ${org.people} people | ${org.stacks} | ${seconds(org.synth)} | ${mb(org.synth.maxRssMb)} | ${seconds(org.singleAccountSynth)} | ${mb(org.singleAccountSynth.maxRssMb)} | ${ratio(org.synth.seconds, org.singleAccountSynth)} | ${[org.synth, org.singleAccountSynth].map((f) => f.runs?.map((r) => r.toFixed(2)).join(', ') ?? '').join(' / ')} | ${org.loadAtStart.split(',')[0]} / ${org.loadAtEnd.split(',')[0]} |`,
    );
  }
  const d = result.deploy;
  if (d) {
    const each = (f?: Figure) => f?.runs?.map((r) => r.toFixed(1)).join(', ') ?? '';
    const spread = (ours?: Figure, theirs?: Figure) => [each(ours), each(theirs)].filter(Boolean).join(' / ');
    const row = (what: string, ours?: Figure, theirs?: Figure) =>
      `| ${what} | ${seconds(ours)} | ${mb(ours?.maxRssMb)} | ${seconds(theirs)} | ${mb(theirs?.maxRssMb)} | ${ratio(ours?.seconds, theirs)} | ${spread(ours, theirs)} |`;
    lines.push(
      '',
      `Deployed account, ${d.people} people, one local emulator per variant; median of ${d.runs} runs, alternating which variant goes first; load average ${d.loadAtStart} at the start, ${d.loadAtEnd} at the end:`,
      '',
      '| measure | stack | peak memory | plain HCL | peak memory | ratio | each run, s (stack / HCL) |',
      '| --- | ---: | ---: | ---: | ---: | ---: | --- |',
      row(
        `deploy from empty: npm run deploy, once${d.deploy.recovered ? ` (it imported ${d.deploy.recovered} object(s) the emulator made twice)` : ''}${d.deploy.failed ? ', FAILED' : ''} / terraform apply${d.hclApply ? ` (attempts: ${d.hclApply.attempts}${d.hclApply.failed ? ', failed' : ''})` : ', not deployed'}, -parallelism=${d.parallelism}`,
        d.deploy,
        d.hclApply,
      ),
      row('no-op plan: terraform plan', d.noopPlan, d.hclNoopPlan),
      row('terraform refresh (apply -refresh-only)', d.refresh, d.hclRefresh),
      `| npm run audit (exit ${d.auditExitCode ?? '?'}) / terraform refresh of the stack | ${seconds(d.audit)} | ${mb(d.audit?.maxRssMb)} | ${seconds(d.refresh)} | ${mb(d.refresh?.maxRssMb)} | ${ratio(d.audit?.seconds, d.refresh)} (${d.audit && d.refresh ? (d.refresh.seconds / d.audit.seconds).toFixed(1) : '?'}x faster) | ${spread(d.audit, d.refresh)} |`,
    );
  }
  if (d?.deploy.failed) lines.push('', `npm run deploy failed, so nothing else was measured in the deployed account: ${d.deploy.failed}`);
  if (d && d.fastPlan.length > 0) {
    const each = (f?: Figure) => (f?.runs ? ` (${f.runs.map((r) => r.toFixed(1)).join(', ')})` : '');
    const cell = (f?: Figure) => (f ? `${seconds(f)}${each(f)}` : 'not deployed');
    lines.push(
      '',
      `The fast plan (issue 13), ${d.people} deployed people, at each emulator delay (before every AWS request), median of ${d.runs} runs (each run in brackets, s); the plain-HCL plan is \`terraform plan\` of the same account in plain HCL:`,
      '',
      '| delay | nothing changed: npm run plan | one person moved: npm run plan | full plan: npm run plan --full-refresh | plain-HCL plan | one person / full | load (1 min) start / end |',
      '| ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    );
    for (const f of d.fastPlan) {
      lines.push(
        `| ${f.delayMs} ms | ${cell(f.planCommand)} | ${cell(f.onePersonPlan)} | ${cell(f.fullPlanCommand)} | ${cell(f.hclPlan)} | ${ratio(f.onePersonPlan.seconds, f.fullPlanCommand)} | ${f.loadAtStart.split(',')[0]} / ${f.loadAtEnd.split(',')[0]} |`,
      );
    }
    lines.push(
      '',
      'AWS requests the emulator answered during one run of each, and the most frequent calls:',
      '',
      '| delay | nothing changed | one person moved | full plan | plain-HCL plan | one person / full | most frequent in the one-person plan | most frequent in the full plan |',
      '| ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |',
    );
    for (const f of d.fastPlan) {
      const one = total(f.calls.onePerson);
      const full = total(f.calls.full);
      lines.push(
        `| ${f.delayMs} ms | ${total(f.calls.none)} | ${one} | ${full} | ${f.calls.hcl ? total(f.calls.hcl) : 'not deployed'} | ${full > 0 ? `${((100 * one) / full).toFixed(1)}%` : '?'} | ${topCalls(f.calls.onePerson)} | ${topCalls(f.calls.full)} |`,
      );
    }
  }
  lines.push('', '| target | measured | result |', '| --- | --- | --- |');
  for (const c of checkTargets(result)) lines.push(`| ${c.target} | ${c.measured} | ${c.pass === undefined ? 'not measured' : c.pass ? 'pass' : 'FAIL'} |`);
  return `${lines.join('\n')}\n`;
}

/** The most frequent actions of a count, e.g. "GetLoginProfile 980, GetUser 3". */
export function topCalls(calls: Calls, n = 3): string {
  const top = Object.entries(calls)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, n);
  return top.length > 0 ? top.map(([action, count]) => `${action} ${count}`).join(', ') : 'none';
}
