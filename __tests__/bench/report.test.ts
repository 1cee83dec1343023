import type { BenchResult, DeployResult, FastPlanResult, OrganizationResult, SizeResult } from '../../tools/bench/bench';
import { callsSince, combine, recoveredObjects, total, withOnePersonMoved, withUnknownTeam } from '../../tools/bench/bench';
import { generateRoster } from '../../tools/bench/generate-roster';
import { checkTargets, formatReport, ratio, topCalls } from '../../tools/bench/report';
import { RosterError, parseRoster } from '../../roster';

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

function fastPlan(overrides: Partial<FastPlanResult> = {}): FastPlanResult {
  return {
    delayMs: 0,
    planCommand: { seconds: 4 },
    onePersonPlan: { seconds: 5 },
    fullPlanCommand: { seconds: 60 },
    hclPlan: { seconds: 80 },
    calls: { none: { GetAccountAuthorizationDetails: 3, ListRoles: 1 }, onePerson: { GetAccountAuthorizationDetails: 3, GetUser: 27 }, full: { GetUser: 2000, GetLoginProfile: 2000 } },
    loadAtStart: '1.00, 1.00, 1.00',
    loadAtEnd: '1.00, 1.00, 1.00',
    ...overrides,
  };
}

function organization(overrides: Partial<OrganizationResult> = {}): OrganizationResult {
  return {
    accounts: 20,
    rolesPerAccount: 10,
    people: 5000,
    stacks: 23,
    synth: { seconds: 6, maxRssMb: 340 },
    singleAccountSynth: { seconds: 5, maxRssMb: 280 },
    loadAtStart: '1.00, 1.00, 1.00',
    loadAtEnd: '1.00, 1.00, 1.00',
    ...overrides,
  };
}

function deploy(overrides: Partial<DeployResult> = {}): DeployResult {
  return {
    people: 1000,
    parallelism: 10,
    runs: 3,
    deploy: { seconds: 300, recovered: 0 },
    hclApply: { seconds: 400, attempts: 1 },
    noopPlan: { seconds: 20 },
    hclNoopPlan: { seconds: 80 },
    fastPlan: [fastPlan(), fastPlan({ delayMs: 30, planCommand: { seconds: 4.5 }, onePersonPlan: { seconds: 5.5 }, fullPlanCommand: { seconds: 90 } })],
    refresh: { seconds: 30 },
    hclRefresh: { seconds: 90 },
    audit: { seconds: 2 },
    auditExitCode: 1,
    loadAtStart: '1.00, 1.00, 1.00',
    loadAtEnd: '1.00, 1.00, 1.00',
    ...overrides,
  };
}

function result(sizes: SizeResult[], d?: DeployResult, org: OrganizationResult | null = organization()): BenchResult {
  const options = { sizes: sizes.map((r) => r.people), deploySize: d?.people ?? 0, parallelism: 10, runs: 3, limitSeconds: 900, memoryLimitMb: 8192, delaysMs: [0, 30] };
  return { machine, startedAt: '2026-01-01T00:00:00.000Z', loadAtStart: '1.00, 1.00, 1.00', loadAtEnd: '1.00, 1.00, 1.00', options, sizes, organization: org ?? undefined, deploy: d };
}

/** A deployed account whose fast-plan figures at 30 ms are those given. */
const at30 = (overrides: Partial<FastPlanResult>) => deploy({ fastPlan: [fastPlan(), fastPlan({ delayMs: 30, ...overrides })] });

const verdicts = (r: BenchResult) => checkTargets(r).map((c) => c.pass);

describe('benchmark report', () => {
  test('every target passes when each figure is inside its limit', () => {
    expect(verdicts(result([size()], deploy()))).toEqual(Array(13).fill(true));
  });

  test('each target fails on its own figure, the fast plan once per delay', () => {
    const failing = (r: BenchResult) => verdicts(r).flatMap((v, i) => (v === false ? [i] : []));
    expect(failing(result([size({ validateInvalidSeconds: 0.6 })], deploy()))).toEqual([0]);
    expect(failing(result([size({ synth: { seconds: 8.5, maxRssMb: 280 } })], deploy()))).toEqual([1]);
    expect(failing(result([size({ synth: { seconds: 5, maxRssMb: 410 } })], deploy()))).toEqual([2]);
    expect(failing(result([size()], deploy({ noopPlan: { seconds: 81 } })))).toEqual([3]);
    expect(failing(result([size()], deploy({ audit: { seconds: 3.5 } })))).toEqual([4]);
    expect(failing(result([size()], deploy(), organization({ synth: { seconds: 8.1, maxRssMb: 340 } })))).toEqual([5]);
    expect(failing(result([size()], deploy(), organization({ synth: { seconds: 6, maxRssMb: 401 } })))).toEqual([6]);
    expect(failing(result([size()], at30({ onePersonPlan: { seconds: 9.1 } })))).toEqual([10]);
    expect(failing(result([size()], at30({ planCommand: { seconds: 5.2 } })))).toEqual([11]);
    const calls = fastPlan().calls;
    expect(failing(result([size()], at30({ calls: { ...calls, onePerson: { GetLoginProfile: 41 }, full: { GetUser: 4000 } } })))).toEqual([12]);
  });

  test('a target whose figure was not measured is neither passed nor failed', () => {
    expect(verdicts(result([size({ people: 100 })], undefined, null))).toEqual(Array(10).fill(undefined));
  });

  test('the report shows the organization beside one account, and each delay with its calls', () => {
    const report = formatReport(result([], deploy()));
    expect(report).not.toContain('Roster validation');
    expect(report).toContain('| 20 x 10 roles, 5000 people | 23 | 6.00 s | 340 MB | 5.00 s | 280 MB | 1.20x |');
    expect(report).toContain('| 30 ms | 4.50 s | 5.50 s | 90.00 s | 80.00 s | 0.06x |');
    expect(report).toContain('| 0 ms | 4 | 30 | 4000 | ');
    expect(report).toContain('GetUser 27, GetAccountAuthorizationDetails 3 |');
  });

  test('a deploy that failed is reported, with nothing else measured in the account', () => {
    const report = formatReport(result([], deploy({ deploy: { seconds: 200, recovered: 2, failed: 'npm run deploy exited 1: Error: boom' }, fastPlan: [] })));
    expect(report).toContain('(it imported 2 object(s) the emulator made twice), FAILED');
    expect(report).toContain('npm run deploy failed, so nothing else was measured in the deployed account: npm run deploy exited 1: Error: boom');
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

  test("a run's calls are the emulator's counts after it less those before, by action", () => {
    const calls = callsSince({ GetUser: 5, ListRoles: 1 }, { GetUser: 9, ListRoles: 1, GetLoginProfile: 3 });
    expect(calls).toEqual({ GetUser: 4, GetLoginProfile: 3 });
    expect(total(calls)).toBe(7);
    expect(topCalls({ GetUser: 4, GetLoginProfile: 30, ListRoles: 4, GetGroup: 1 })).toBe('GetLoginProfile 30, GetUser 4, ListRoles 4');
    expect(topCalls({})).toBe('none');
  });

  test("the objects npm run deploy imported after a duplicate create are counted from its output", () => {
    const output = ['identity: applying...', 'identity: imported aws_iam_user.user-1001 (ABrook-1001): tagged as ours', 'identity: imported aws_iam_user_login_profile.login-1001 (ABrook-1001): its user is ours', 'deployed: identity'].join('\n');
    expect(recoveredObjects(output)).toBe(2);
    expect(recoveredObjects('deployed: identity')).toBe(0);
  });
});
