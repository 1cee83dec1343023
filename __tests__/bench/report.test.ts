import type { BenchResult, DeployResult, SizeResult } from '../../tools/bench/bench';
import { combine, emulatorRequests, withOnePersonMoved, withUnknownTeam } from '../../tools/bench/bench';
import { generateRoster } from '../../tools/bench/generate-roster';
import { checkTargets, formatReport, ratio } from '../../tools/bench/report';
import { RosterError, parseRoster } from '../../roster';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const machine = { cpu: 'Test CPU', cores: 2, memoryGiB: 8, os: 'linux', node: 'v20', terraform: 'v1.11.4', awsProvider: '5.100.0', moto: '5.2.5' };

function size(overrides: Partial<SizeResult> = {}): SizeResult {
  return {
    people: 5000,
    resources: 14620,
    hclResources: 14620,
    validateSeconds: 0.05,
    validateInvalidSeconds: 0.2,
    parseOnlySeconds: 0.02,
    synth: { seconds: 5, maxRssMb: 280 },
    hclWriteSeconds: 0.01,
    plan: { seconds: 60, maxRssMb: 900 },
    hclPlan: { seconds: 900, maxRssMb: 8000, stopped: 'time limit' },
    loadAtStart: '1.00, 1.00, 1.00',
    loadAtEnd: '2.00, 1.00, 1.00',
    ...overrides,
  };
}

function deploy(overrides: Partial<DeployResult> = {}): DeployResult {
  return {
    people: 1000,
    parallelism: 10,
    runs: 3,
    deploy: { seconds: 300, attempts: 1 },
    hclApply: { seconds: 400, attempts: 1 },
    noopPlan: { seconds: 20 },
    hclNoopPlan: { seconds: 80 },
    planCommand: { seconds: 4 },
    onePersonPlan: { seconds: 5 },
    fullPlanCommand: { seconds: 60 },
    planCalls: { none: 30, onePerson: 30, full: 4000 },
    refresh: { seconds: 30 },
    hclRefresh: { seconds: 90 },
    audit: { seconds: 2 },
    auditExitCode: 1,
    loadAtStart: '1.00, 1.00, 1.00',
    loadAtEnd: '1.00, 1.00, 1.00',
    ...overrides,
  };
}

function result(sizes: SizeResult[], d?: DeployResult): BenchResult {
  const options = { sizes: sizes.map((r) => r.people), deploySize: d?.people ?? 0, parallelism: 10, runs: 3, limitSeconds: 900, memoryLimitMb: 8192 };
  return { machine, startedAt: '2026-01-01T00:00:00.000Z', loadAtStart: '1.00, 1.00, 1.00', loadAtEnd: '1.00, 1.00, 1.00', options, sizes, deploy: d };
}

const verdicts = (r: BenchResult) => checkTargets(r).map((c) => c.pass);

describe('benchmark report', () => {
  test('every target passes when each figure is inside its limit', () => {
    expect(verdicts(result([size()], deploy()))).toEqual([true, true, true, true, true, true, true, true]);
  });

  test('each target fails on its own figure', () => {
    expect(verdicts(result([size({ validateInvalidSeconds: 0.6 })], deploy()))[0]).toBe(false);
    expect(verdicts(result([size({ synth: { seconds: 8.5, maxRssMb: 280 } })], deploy()))[1]).toBe(false);
    expect(verdicts(result([size({ synth: { seconds: 5, maxRssMb: 410 } })], deploy()))[2]).toBe(false);
    expect(verdicts(result([size()], deploy({ noopPlan: { seconds: 81 } })))[3]).toBe(false);
    expect(verdicts(result([size()], deploy({ audit: { seconds: 3.5 } })))[4]).toBe(false);
    expect(verdicts(result([size()], deploy({ onePersonPlan: { seconds: 7 } })))[5]).toBe(false);
    expect(verdicts(result([size()], deploy({ planCommand: { seconds: 5.2 } })))[6]).toBe(false);
    expect(verdicts(result([size()], deploy({ planCalls: { none: 30, onePerson: 41, full: 4000 } })))[7]).toBe(false);
  });

  test('a target whose figure was not measured is neither passed nor failed', () => {
    expect(verdicts(result([size({ people: 100 })]))).toEqual([undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined]);
  });

  test('a baseline stopped at a limit gives an upper bound, not a ratio', () => {
    expect(ratio(60, { seconds: 900, stopped: 'time limit' })).toBe('< 0.07x');
    expect(ratio(20, { seconds: 80 })).toBe('0.25x');
    expect(ratio(20, undefined)).toBe('n/a');
  });

  test('the report shows each figure beside its baseline and the ratio', () => {
    const report = formatReport(result([size()], deploy()));
    expect(report).toContain('| 5000 | 14620 / 14620 | 5.00 s | 280 MB | 0.010 s | 60.00 s | > 900.00 s (stopped: time limit) | < 0.07x |');
    expect(report).toContain('| no-op plan: terraform plan | 20.00 s | ? | 80.00 s | ? | 0.25x |  |');
    expect(report).toContain('(15.0x faster)');
  });

  test('the median of runs is reported, and a stopped run stands for the whole figure', () => {
    expect(combine([{ seconds: 3, maxRssMb: 10 }, { seconds: 1, maxRssMb: 30 }, { seconds: 2, maxRssMb: 20 }])).toEqual({ seconds: 2, maxRssMb: 30, runs: [3, 1, 2] });
    expect(combine([{ seconds: 3 }, { seconds: 900, stopped: 'time limit' }])).toEqual({ seconds: 900, stopped: 'time limit' });
  });

  test('the roster with a misspelt team has exactly one problem, so the position-tracking path is what is timed', () => {
    const bad = withUnknownTeam(generateRoster(100));
    let problems: readonly unknown[] = [];
    try {
      parseRoster(bad, 'bench.yaml');
    } catch (err) {
      if (!(err instanceof RosterError)) throw err;
      problems = err.problems;
    }
    expect(problems).toHaveLength(1);
    expect(String((problems[0] as { message: string }).message)).toContain('unknown team "dta"');
  });

  test('the one-person change moves exactly the first person to another team, and the roster stays valid', () => {
    const text = generateRoster(100);
    const moved = withOnePersonMoved(text);
    const before = parseRoster(text, 'bench.yaml').people;
    const after = parseRoster(moved, 'bench.yaml').people;
    const differing = before.filter((p, i) => JSON.stringify(p) !== JSON.stringify(after[i]));
    expect(differing.map((p) => p.employeeId)).toEqual([before[0].employeeId]);
    expect(after[0].team).not.toBe(before[0].team);
  });

  test("the emulator's requests are counted from its access log, its control endpoint left out", () => {
    const file = join(mkdtempSync(join(tmpdir(), 'bench-log-')), 'emulator.log');
    writeFileSync(
      file,
      [
        '127.0.0.1 - - [02/Dec/2026 09:21:27] "GET /moto-api/data.json HTTP/1.1" 200 -',
        '127.0.0.1 - - [02/Dec/2026 09:21:28] "POST / HTTP/1.1" 200 -',
        '127.0.0.1 - - [02/Dec/2026 09:21:28] "POST / HTTP/1.1" 404 -',
        'some other line',
      ].join('\n'),
    );
    expect(emulatorRequests(file)).toBe(2);
  });
});
