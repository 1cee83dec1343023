/**
 * A pull request's roster text is data, never Terraform code.
 *
 * Every string field of the roster schema (the list is generated from the schema, so a
 * field added later is covered) gets each hostile payload in turn. Each one must either
 * be rejected with a problem on the payload's own line, or be synthesized, planned by
 * real Terraform and summarized, with (1) the canary file's content nowhere in the plan,
 * its JSON or the pull-request summary, and (2) every planned value that carries the
 * payload equal to the text as typed, character for character.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Lazy, Token } from 'cdktf';
import { parse, stringify } from 'yaml';
import type { z } from 'zod';
import { RosterError, parseRoster } from '../../roster';
import { RosterSchema } from '../../roster/schema';
import { parsePlan, renderMarkdown, summarizePlan } from '../../tools/plan-summary';
import { stackDir, synth, terraformOk } from '../../tools/terraform/run';
import { EVERY_FEATURE_ROSTER, readRosterText } from '../stacks/synthesized';

type Segment = string | number | typeof KEY;
/** Stands for "the key of the first entry" of a mapping such as teams or roles. */
const KEY = Symbol('key');

/** Every string (or enum) field of the schema, keys of name-to-entry mappings included. */
function stringFields(schema: z.ZodType, path: Segment[] = []): Segment[][] {
  const def = (schema as unknown as { _zod: { def: Record<string, any> } })._zod.def;
  switch (def.type) {
    case 'object':
      return Object.entries(def.shape as Record<string, z.ZodType>).flatMap(([key, field]) => stringFields(field, [...path, key]));
    case 'record':
      return [[...path, KEY], ...stringFields(def.valueType, [...path, KEY])];
    case 'array':
      return stringFields(def.element, [...path, 0]);
    case 'optional':
    case 'default':
    case 'nullable':
      return stringFields(def.innerType, path);
    case 'pipe': {
      // A refinement or transform in front of the real shape (teams and roles check their keys first).
      const seen = new Set<string>();
      return [...stringFields(def.in, path), ...stringFields(def.out, path)].filter((p) => !seen.has(describePath(p)) && seen.add(describePath(p)));
    }
    case 'union':
      // Each form of a field that has several (a role name, or a grant in named accounts).
      return (def.options as z.ZodType[]).flatMap((option) => stringFields(option, path));
    case 'string':
    case 'enum':
      return [path];
    case 'number':
    case 'boolean':
    case 'transform':
      return [];
    default:
      // A schema construct this walker does not know could hide string fields from the test.
      throw new Error(`roster-canary: teach stringFields the zod type "${def.type}" (at ${describePath(path) || 'the root'})`);
  }
}

function describePath(path: readonly Segment[]): string {
  return path.map((s) => (s === KEY ? '<name>' : typeof s === 'number' ? `[${s}]` : `.${s}`)).join('').replace(/^\./, '');
}

/** The roster with the field at path set to value; a KEY segment renames the mapping's first entry. */
function withValue(doc: any, path: readonly Segment[], value: string): any {
  const copy = structuredClone(doc);
  let node = copy;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    const last = i === path.length - 1;
    if (seg === KEY) {
      const [first] = Object.keys(node);
      if (last) {
        const entries = Object.entries(node).map(([k, v]) => [k === first ? value : k, v]);
        for (const k of Object.keys(node)) delete node[k];
        Object.assign(node, Object.fromEntries(entries));
        return copy;
      }
      node = node[first];
    } else if (last) {
      node[seg] = value;
    } else {
      // A scalar where the path goes deeper (a role name where the grant mapping's role goes) makes way.
      if (node[seg] === null || typeof node[seg] !== 'object') node[seg] = typeof path[i + 1] === 'number' ? [] : {};
      node = node[seg];
    }
  }
  return copy;
}

const CANARY_CONTENT = `canary-${randomUUID()}`;
const dir = mkdtempSync(join(tmpdir(), 'roster-canary-'));
const CANARY_FILE = join(dir, 'canary.txt');
writeFileSync(CANARY_FILE, CANARY_CONTENT);

// A number cdktf uses as a reference marker, spelled out as text.
const NUMBER_MARKER = String(Token.asNumber(Lazy.numberValue({ produce: () => 1 })));

/** Each payload, given the nonce that tells its copies apart. */
const PAYLOADS: Record<string, (nonce: string) => string> = {
  'an interpolation reading a file': (n) => `${n} \${file("${CANARY_FILE}")}`,
  'a template directive': (n) => `${n} %{ if true }\${file("${CANARY_FILE}")}%{ else }no%{ endif }`,
  'an already escaped interpolation': (n) => `${n} $\${file("${CANARY_FILE}")} and %%{ if true }`,
  'references to other resources': (n) => `${n} \${aws_iam_user_login_profile.login-2001.password} \${aws_iam_user.user-2002.arn}`,
  "cdktf's own reference marker": (n) => `${n} \${TfToken[TOKEN.1]}`,
  "a number cdktf reserves for references": (n) => `${n} ${NUMBER_MARKER}`,
};

const base = parse(readRosterText(EVERY_FEATURE_ROSTER));
// A member account, and the first role placed in it too, so text under accounts: and a role's text
// reach a member account's stack as well as the identity account's.
base.accounts = { prod: { id: '222222222222', email: 'security+prod@example.com', description: 'Production workloads' } };
const [firstRole] = Object.keys(base.roles);
base.roles[firstRole].accounts = ['identity', 'prod'];
const fields = stringFields(RosterSchema);

function rosterText(doc: unknown): string {
  return stringify(doc, { lineWidth: 0 });
}

/** 1-based line of the first occurrence of text. */
function lineOf(text: string, needle: string): number {
  return text.slice(0, text.indexOf(needle)).split('\n').length;
}

interface Planned {
  readonly json: string;
  readonly human: string;
  readonly summary: string;
  /** Every string value Terraform plans to write. */
  readonly values: string[];
}

function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(stringsIn);
  return [];
}

/** Synthesize a roster offline and plan each stack that holds roster text. */
function planRoster(text: string, nonces: readonly string[]): Planned[] {
  const root = mkdtempSync(join(dir, 'synth-'));
  const rosterFile = join(root, 'users.yaml');
  writeFileSync(rosterFile, text);
  const out = join(root, 'out');
  const r = synth({ rosterFile, outdir: out, env: { IAM_ROSTER_OFFLINE: '1', ROSTER_STATE_DIR: join(root, 'state') } });
  if (r.code !== 0) throw new Error(`synth failed (${r.code}):\n${r.stderr}`);
  const planned: Planned[] = [];
  for (const stack of readdirSync(join(out, 'stacks')).sort()) {
    const cwd = stackDir(out, stack);
    const config = readFileSync(join(cwd, 'cdk.tf.json'), 'utf8');
    if (!nonces.some((n) => config.includes(n))) continue;
    terraformOk(['init', '-input=false', '-no-color'], { cwd });
    const human = terraformOk(['plan', '-input=false', '-no-color', '-lock=false', '-out=tfplan'], { cwd }).stdout;
    const json = terraformOk(['show', '-json', '-no-color', 'tfplan'], { cwd }).stdout;
    const plan = JSON.parse(json) as { resource_changes?: { change: { after: unknown } }[] };
    const summary = renderMarkdown(summarizePlan(parsePlan(json), { head: parseRoster(text, rosterFile) }));
    planned.push({ json, human, summary, values: (plan.resource_changes ?? []).flatMap((c) => stringsIn(c.change.after)) });
  }
  return planned;
}

describe('hostile text in the roster', () => {
  test('the schema has the string fields this test is about', () => {
    const names = fields.map(describePath);
    expect(names).toEqual(
      expect.arrayContaining(['roles<name>.description', 'settings.securityContact.title', 'people[0].pgpKey', 'people[0].name', 'teams<name>', 'accounts<name>', 'accounts<name>.description']),
    );
  });

  test('the canary file is readable, so a leak would show', () => {
    expect(existsSync(CANARY_FILE)).toBe(true);
  });

  describe.each(Object.entries(PAYLOADS))('%s', (_kind, payload) => {
    // Field by field: rejected on the payload's own line, or accepted.
    const accepted: Segment[][] = [];
    for (const path of fields) {
      const nonce = `n${randomUUID().slice(0, 8)}`;
      const value = payload(nonce);
      const text = rosterText(withValue(base, path, value));
      let problems: readonly { line: number; message: string }[] = [];
      try {
        parseRoster(text, 'users.yaml');
      } catch (err) {
        if (!(err instanceof RosterError)) throw err;
        problems = err.problems;
      }
      if (problems.length === 0) accepted.push(path);
      else {
        test(`in ${describePath(path)} it is rejected on its own line`, () => {
          expect(problems.map((p) => p.line)).toContain(lineOf(text, nonce));
        });
      }
    }

    if (accepted.length === 0) {
      test('no field accepts it', () => {
        expect(accepted).toEqual([]);
      });
      return;
    }

    test(`where accepted (${accepted.map(describePath).join(', ')}), Terraform plans it as typed and never evaluates it`, () => {
      let doc = base;
      const typed = new Map<string, string>();
      const nonceOf = new Map<Segment[], string>();
      for (const path of accepted) {
        const nonce = `n${randomUUID().slice(0, 8)}`;
        typed.set(nonce, payload(nonce));
        nonceOf.set(path, nonce);
        doc = withValue(doc, path, payload(nonce));
      }
      const text = rosterText(doc);
      const planned = planRoster(text, [...typed.keys()]);
      expect(planned.length).toBeGreaterThan(0);
      const seen = new Set<string>();
      for (const p of planned) {
        for (const where of [p.json, p.human, p.summary]) expect(where).not.toContain(CANARY_CONTENT);
        for (const value of p.values) {
          for (const [nonce, expected] of typed) {
            if (!value.includes(nonce)) continue;
            seen.add(nonce);
            expect(value).toBe(expected);
          }
        }
      }
      // Team and account descriptions are documentation: the only accepted fields that reach no resource.
      const reaching = accepted.filter((path) => !(['teams', 'accounts'].includes(path[0] as string) && path[path.length - 1] === 'description'));
      expect(reaching.map(describePath).filter((_, i) => !seen.has(nonceOf.get(reaching[i]) as string))).toEqual([]);
    });
  });
});
