import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseRoster } from '../../roster';
import { generateRoster } from '../../tools/bench/generate-roster';
import { writeHclBaseline } from '../../tools/bench/hcl-baseline';
import { synth, stackDir, terraformOk } from '../../tools/terraform/run';

let work: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'bench-baseline-'));
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('benchmark inputs', () => {
  test('a generated roster of 1,000 people is valid and spread over every team', () => {
    const roster = parseRoster(generateRoster(1000), 'generated.yaml');
    expect(roster.people).toHaveLength(1000);
    expect(new Set(roster.people.map((p) => p.name)).size).toBe(1000);
    expect(new Set(roster.people.map((p) => p.username.toLowerCase())).size).toBe(1000);
    const perTeam = Object.keys(roster.teams).map((t) => roster.people.filter((p) => p.team === t).length);
    expect(Math.min(...perTeam)).toBeGreaterThan(100);
    expect(roster.people.filter((p) => p.admin).length).toBe(20);
    expect(roster.people.filter((p) => p.status === 'suspended').length).toBeGreaterThan(0);
  });

  test('the plain-HCL baseline plans exactly as many resources as the identity stack', () => {
    const rosterFile = join(work, 'roster.yaml');
    const text = generateRoster(40);
    writeFileSync(rosterFile, text);
    const outdir = join(work, 'cdktf');
    const r = synth({ rosterFile, outdir, env: { IAM_ROSTER_OFFLINE: '1', ROSTER_STATE_DIR: join(work, 'state') } });
    if (r.code !== 0) throw new Error(r.stderr);
    const hcl = join(work, 'hcl');
    mkdirSync(hcl);
    writeHclBaseline(hcl, parseRoster(text, rosterFile), true);

    const planned = (cwd: string) => {
      terraformOk(['init', '-input=false', '-no-color'], { cwd });
      const out = terraformOk(['plan', '-input=false', '-no-color', '-lock=false'], { cwd }).stdout;
      return /Plan: (\d+) to add, 0 to change, 0 to destroy/.exec(out)?.[1];
    };
    const stack = planned(stackDir(outdir, 'identity'));
    expect(stack).toBeDefined();
    expect(planned(hcl)).toBe(stack);
  });
});
