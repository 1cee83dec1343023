/**
 * The audit of the identity account of a roster with member accounts expects what the identity
 * stack deploys: group policies naming the role in every account they cover, and no role that
 * lives in member accounts only.
 */
import { loadRosterFile } from '../../roster';
import { expectedGroups } from '../../tools/audit/identity-objects';
import { expectedRoles } from '../../tools/audit/role-checks';
import { ORGANIZATION_ROSTER, deployedPolicy, readRosterText, resourcesOf, synthApp } from '../stacks/synthesized';

const IDENTITY = '123456789012';
const roster = loadRosterFile(ORGANIZATION_ROSTER);

describe('the audit of an organization roster', () => {
  test("the expected group policies are exactly the identity and baseline stacks' own", () => {
    const stacks = synthApp(readRosterText(ORGANIZATION_ROSTER));
    const deployed = [stacks.identity, stacks.baseline].flatMap((tf) =>
      Object.values(resourcesOf(tf, 'aws_iam_group_policy')).map((p) => {
        const group = String(p.group).replace(/^\$\{aws_iam_group\.group-(.+)\.name\}$/, '$1');
        return [`${group}/${p.name}`, deployedPolicy(tf, p.policy, IDENTITY)];
      }),
    );
    const expected = expectedGroups(roster, IDENTITY).flatMap((g) => g.inlinePolicies.map((p) => [`${g.groupName}/${p.name}`, JSON.parse(JSON.stringify(p.document))]));
    expect(Object.fromEntries(expected)).toEqual(Object.fromEntries(deployed));
    expect(expected.map(([name]) => name)).toContain('assume-database-admin_in_staging/assume-database-admin');
  });

  test('a role of member accounts only is not expected in the identity account', () => {
    expect(expectedRoles(roster).map((r) => r.roleName)).toEqual(['admin', 'platform-operator', 'security-auditor', 'billing-viewer', 'aws-support']);
  });
});
