/**
 * The roster changes whose plans are recorded under fixtures/plans (see
 * record-plans.ts): one base roster, deployed, and each scenario's head roster
 * planned against it. The unit tests read the rosters from here and the plans
 * from the recordings.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { parseRoster } from '../../roster';
import type { Roster } from '../../roster/model';
import type { RosterInput } from '../../roster/schema';

export const BASE: RosterInput = {
  settings: { accountId: '123456789012', naming: 'initial-last', passwordPolicy: 'cis' },
  teams: { platform: { roles: ['platform-operator'] }, data: { roles: ['database-admin'] } },
  roles: {
    'platform-operator': { description: 'Operate the platform', managedPolicyArns: ['arn:aws:iam::aws:policy/PowerUserAccess'] },
    'database-admin': { description: 'Administer databases', managedPolicyArns: ['arn:aws:iam::aws:policy/job-function/DatabaseAdministrator'], maxSessionHours: 2 },
  },
  people: [
    { name: 'Ada Lovelace', employeeId: '2001', team: 'platform', admin: true },
    { name: 'Alan Turing', employeeId: '2002', team: 'platform' },
    { name: 'Grace Hopper', employeeId: '2003', team: 'data' },
    { name: 'Edsger Dijkstra', employeeId: '2004', team: 'data' },
  ],
};

export const person = (r: RosterInput, employeeId: string) => {
  const found = r.people.find((p) => p.employeeId === employeeId);
  if (!found) throw new Error(`no person ${employeeId} in the test roster`);
  return found;
};

/** Scenario name (the fixture's file name) to the change it makes to the base roster. */
export const SCENARIOS = {
  'no-change': () => {},
  'add-person': (r: RosterInput) => r.people.push({ name: 'Barbara Liskov', employeeId: '2005', team: 'data' }),
  'remove-person': (r: RosterInput) => (r.people = r.people.filter((p) => p.employeeId !== '2002')),
  rename: (r: RosterInput) => (person(r, '2003').name = 'Grace Brewster Murray'),
  'rename-and-suspend': (r: RosterInput) => {
    person(r, '2003').name = 'Grace Brewster Murray';
    person(r, '2004').status = 'suspended';
  },
  suspend: (r: RosterInput) => (person(r, '2001').status = 'suspended'),
  'move-team': (r: RosterInput) => (person(r, '2002').team = 'data'),
  'grant-admin': (r: RosterInput) => (person(r, '2004').admin = true),
  'grant-person-role': (r: RosterInput) => (person(r, '2003').roles = ['platform-operator']),
  'widen-role': (r: RosterInput) => {
    const role = (r.roles ?? {})['database-admin'];
    role.managedPolicyArns.push('arn:aws:iam::aws:policy/AmazonS3FullAccess');
    role.maxSessionHours = 8;
  },
  'password-policy-nist': (r: RosterInput) => (r.settings.passwordPolicy = 'nist'),
  'change-employee-id': (r: RosterInput) => (person(r, '2002').employeeId = '2099'),
  /** Roster text a comment must not render as Markdown or mentions: an @-mention, emphasis and a table break. */
  'markdown-in-names': (r: RosterInput) => {
    person(r, '2002').name = 'Alan @octocat Turing';
    r.people.push({ name: 'Grace *Bold* Hopper_Jr', employeeId: '2006', team: 'data', username: 'GHopper_Jr' });
  },
} satisfies Record<string, (r: RosterInput) => void>;

export type ScenarioName = keyof typeof SCENARIOS;

export function headInput(name: ScenarioName): RosterInput {
  const copy = structuredClone(BASE);
  SCENARIOS[name](copy);
  return copy;
}

/** The base and head rosters of a scenario, as the plan summary takes them. */
export function rostersOf(name: ScenarioName): { base: Roster; head: Roster } {
  return { base: parseRoster(stringify(BASE), 'base.yaml'), head: parseRoster(stringify(headInput(name)), `${name}.yaml`) };
}

/** Where record-plans.ts writes each scenario's plan. */
export const PLANS_DIR = join(__dirname, 'fixtures', 'plans');

/** A recorded plan's JSON text (`terraform show -json`). */
export function recordedPlan(name: ScenarioName): string {
  return readFileSync(join(PLANS_DIR, `${name}.json`), 'utf8');
}
