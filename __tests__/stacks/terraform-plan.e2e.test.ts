import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Roster, loadRosterFile } from '../../roster';
import { privilegedRoleTrustPolicy, selfServiceMfaPolicy } from '../../stacks/policies/documents';
import { stackDir, synth, terraformOk } from '../../tools/terraform/run';
import { EVERY_FEATURE_ROSTER, EXAMPLE_ROSTER } from './synthesized';

/**
 * The synthesized stack as Terraform sees it: validate, then plan offline
 * (IAM_ROSTER_OFFLINE=1: no AWS endpoint, no credentials) against empty state.
 */
interface ResourceChange {
  readonly address: string;
  readonly type: string;
  readonly change: { readonly actions: readonly string[]; readonly before: Record<string, unknown> | null; readonly after: Record<string, unknown> | null };
}

const synthesized = new Map<string, string>();

/** The stack folder of a roster, synthesized offline and initialised once per file. */
function synthOffline(rosterFile: string): string {
  const known = synthesized.get(rosterFile);
  if (known) return known;
  const root = mkdtempSync(join(tmpdir(), 'identity-plan-'));
  const stateDir = join(root, 'state');
  const r = synth({ rosterFile, outdir: join(root, 'out'), env: { IAM_ROSTER_OFFLINE: '1', ROSTER_STATE_DIR: stateDir } });
  if (r.code !== 0) throw new Error(`synth of ${rosterFile} failed (${r.code}):\n${r.stderr}`);
  const dir = stackDir(join(root, 'out'));
  terraformOk(['init', '-input=false', '-no-color'], { cwd: dir });
  synthesized.set(rosterFile, dir);
  return dir;
}

/** terraform plan, saved and read back as JSON; exit code 2 means "changes", which a plan from empty state must have. */
function plan(dir: string, extra: readonly string[] = [], okCodes: readonly number[] = [2]): ResourceChange[] {
  terraformOk(['plan', '-input=false', '-no-color', '-lock=false', '-detailed-exitcode', '-out=tfplan', ...extra], { cwd: dir, okCodes });
  const shown = JSON.parse(terraformOk(['show', '-json', '-no-color', 'tfplan'], { cwd: dir }).stdout) as { resource_changes?: ResourceChange[] };
  return shown.resource_changes ?? [];
}

function createdByType(changes: readonly ResourceChange[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const c of changes) {
    expect({ address: c.address, actions: c.change.actions }).toEqual({ address: c.address, actions: ['create'] });
    counts[c.type] = (counts[c.type] ?? 0) + 1;
  }
  return counts;
}

/** What the roster says should exist, counted independently of the stack code. */
function expectedCounts(roster: Roster): Record<string, number> {
  const active = roster.people.filter((p) => p.status === 'active');
  const roles = Object.values(roster.roles);
  return {
    aws_iam_user: roster.people.length,
    aws_iam_user_login_profile: active.filter((p) => p.console).length,
    aws_iam_user_group_membership: active.length,
    // readonly-base and admins, plus one group per roster role.
    aws_iam_group: 2 + roles.length,
    // The base group's MFA policy, plus one assume policy per role (admin included).
    aws_iam_group_policy: 1 + 1 + roles.length,
    aws_iam_group_policy_attachment: roster.settings.adminAccess === 'direct' ? 2 : 1,
    aws_iam_role: 1 + roles.length,
    aws_iam_role_policy_attachment: 1 + roles.reduce((n, r) => n + new Set(r.managedPolicyArns).size, 0),
    aws_iam_account_password_policy: 1,
  };
}

describe.each([
  ['the example roster', EXAMPLE_ROSTER, { aws_iam_user: 6, aws_iam_group: 6, aws_iam_role: 5 }],
  ['the every-feature roster', EVERY_FEATURE_ROSTER, { aws_iam_user: 6, aws_iam_group: 7, aws_iam_role: 6 }],
])('terraform on %s', (_name, rosterFile, people) => {
  let dir: string;
  let changes: ResourceChange[];
  beforeAll(() => {
    dir = synthOffline(rosterFile);
  });

  it('terraform validate accepts the synthesized stack', () => {
    const result = JSON.parse(terraformOk(['validate', '-json', '-no-color'], { cwd: dir }).stdout) as { valid: boolean; error_count: number; diagnostics: unknown[] };
    expect(result).toMatchObject({ valid: true, error_count: 0 });
  });

  it('an offline plan from empty state creates the expected users, groups and roles and nothing else', () => {
    changes = plan(dir);
    const counts = createdByType(changes);
    expect(counts).toEqual(expectedCounts(loadRosterFile(rosterFile)));
    expect(counts).toMatchObject(people);
  });

  it('Terraform hands IAM the policy variables literally, not as its own interpolation', () => {
    const roster = loadRosterFile(rosterFile);
    const after = (address: string) => changes.find((c) => c.address === address)?.change.after as Record<string, string>;
    const basePolicy = after('aws_iam_group_policy.group-readonly-base-self-service-mfa').policy;
    expect(basePolicy).toContain('user/people/${aws:username}');
    expect(JSON.parse(basePolicy)).toEqual(selfServiceMfaPolicy());
    const trust = after('aws_iam_role.role-admin').assume_role_policy;
    expect(JSON.parse(trust)).toEqual(privilegedRoleTrustPolicy({ accountId: roster.settings.accountId }, roster.settings.mfaMaxAgeSeconds));
  });
});

describe('terraform on a deployed person', () => {
  it('no change is planned for a login profile after the person has set their own password', () => {
    const dir = synthOffline(EXAMPLE_ROSTER);
    const provider = 'provider["registry.terraform.io/hashicorp/aws"]';
    const user = { name: 'JSmith', path: '/people/', force_destroy: true, id: 'JSmith', arn: 'arn:aws:iam::123456789012:user/people/JSmith', unique_id: 'AIDAEXAMPLE1001', permissions_boundary: '', tags: { EmployeeId: '1001', Team: 'platform', Name: 'John Smith', ManagedBy: 'iam-roster' }, tags_all: { EmployeeId: '1001', Team: 'platform', Name: 'John Smith', ManagedBy: 'iam-roster' } };
    // As AWS reports it once John signed in and changed the generated password.
    const login = { id: 'JSmith', user: 'JSmith', password_reset_required: false, password_length: 20, pgp_key: null, password: 'the-generated-initial-password', encrypted_password: null, key_fingerprint: null };
    const state = {
      version: 4,
      terraform_version: '1.11.4',
      serial: 1,
      lineage: randomUUID(),
      outputs: {},
      resources: [
        { mode: 'managed', type: 'aws_iam_user', name: 'user-1001', provider, instances: [{ schema_version: 0, attributes: user }] },
        { mode: 'managed', type: 'aws_iam_user_login_profile', name: 'login-1001', provider, instances: [{ schema_version: 0, attributes: login, sensitive_attributes: [[{ type: 'get_attr', value: 'password' }]], dependencies: ['aws_iam_user.user-1001'] }] },
      ],
    };
    const stateFile = join(dir, 'deployed.tfstate');
    writeFileSync(stateFile, JSON.stringify(state));
    const changes = plan(dir, ['-refresh=false', `-state=${stateFile}`]);
    const byAddress = Object.fromEntries(changes.map((c) => [c.address, c.change]));
    expect(byAddress['aws_iam_user.user-1001'].actions).toEqual(['no-op']);
    expect(byAddress['aws_iam_user_login_profile.login-1001'].actions).toEqual(['no-op']);
    expect(byAddress['aws_iam_user_login_profile.login-1001'].after).toMatchObject({ password_reset_required: false });
    // Everyone else is still to be created: the plan did read the roster, not an empty config.
    expect(byAddress['aws_iam_user_login_profile.login-1002'].actions).toEqual(['create']);
  });
});
