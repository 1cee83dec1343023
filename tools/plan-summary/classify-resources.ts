/**
 * Changes to roles, group policies, the MFA statement and the password policy:
 * which widen access, which narrow it, which need a reviewer's judgement.
 */
import { adminEquivalentReason } from '../../roster/grant-rules';
import { ADMIN_ROLE_NAME } from '../../roster/model';
import { BASE_GROUP_MFA_POLICY_ADDRESS, employeeIdOf, roleOfGroup } from '../../stacks/addresses';
import { type OtherChange, type PrivilegeFinding, type RosterPair, str } from './classification';
import { groupRoleAccountChanges } from './classify-group-grants';
import type { ResourceChange } from './plan-json';
import { passwordSettingChanges, sameJson, statementDiff } from './policy-diff';

export function classifyResources(changes: readonly ResourceChange[], adminRoles: ReadonlySet<string>, rosters: RosterPair = {}): { privileges: PrivilegeFinding[]; other: OtherChange[] } {
  const privileges: PrivilegeFinding[] = [];
  // Whatever widens or re-trusts an admin-equivalent role is a grant of administrator access.
  const push = (finding: PrivilegeFinding, role?: string) =>
    privileges.push(role !== undefined && adminRoles.has(role) && finding.effect !== 'narrows' ? { ...finding, adminEquivalent: true } : finding);
  const other: OtherChange[] = [];
  const createdRoles = new Set(changes.filter((c) => c.type === 'aws_iam_role' && c.kind === 'create').map((c) => str(c.after, 'name')));
  for (const c of changes) {
    if (c.kind === 'no-op' || c.kind === 'read') continue;
    const b = c.before;
    const a = c.after;
    const policyArn = str(a, 'policy_arn') ?? str(b, 'policy_arn');
    switch (c.type) {
      case 'aws_iam_role': {
        const role = str(a, 'name') ?? str(b, 'name') ?? c.name;
        if (c.kind === 'create') push({ kind: 'role-created', effect: 'widens', subject: 'role', role, maxSessionSeconds: Number(a?.max_session_duration ?? 3600) }, role);
        else if (c.kind === 'delete') push({ kind: 'role-deleted', effect: 'narrows', subject: 'role', role });
        else {
          const beforeSeconds = Number(b?.max_session_duration ?? 0);
          const afterSeconds = Number(a?.max_session_duration ?? 0);
          if (beforeSeconds !== afterSeconds) push({ kind: 'role-session', effect: afterSeconds > beforeSeconds ? 'widens' : 'narrows', subject: 'role', role, beforeSeconds, afterSeconds }, role);
          if (!sameJson(b?.assume_role_policy, a?.assume_role_policy)) {
            push({ kind: 'role-trust', effect: 'changes', subject: 'trust', role, diff: statementDiff(b?.assume_role_policy, a?.assume_role_policy) }, role);
          }
          if (str(b, 'description') !== str(a, 'description')) other.push({ kind: 'role-description', role });
        }
        break;
      }
      case 'aws_iam_role_policy_attachment': {
        const role = str(a, 'role') ?? str(b, 'role') ?? c.name;
        const arn = policyArn === undefined ? {} : { policyArn };
        if (c.kind === 'create') push({ kind: 'role-policy-attached', effect: 'widens', subject: 'role', role, ...arn, newRole: createdRoles.has(role) }, role);
        else if (c.kind === 'delete') push({ kind: 'role-policy-detached', effect: 'narrows', subject: 'role', role, ...arn });
        else push({ kind: 'role-policy-changed', effect: 'changes', subject: 'role', role, ...arn, replaced: c.kind === 'replace' }, role);
        break;
      }
      case 'aws_iam_group_policy_attachment': {
        const group = str(a, 'group') ?? str(b, 'group') ?? c.name;
        const arn = policyArn === undefined ? {} : { policyArn };
        if (c.kind === 'create') {
          push({ kind: 'group-policy-attached', effect: 'widens', subject: 'group', group, ...arn }, adminEquivalentReason(str(a, 'policy_arn') ?? '') ? ADMIN_ROLE_NAME : roleOfGroup(group));
        } else if (c.kind === 'delete') push({ kind: 'group-policy-detached', effect: 'narrows', subject: 'group', group, ...arn });
        else other.push({ kind: 'group-attachment-changed', group, ...arn, replaced: c.kind === 'replace' });
        break;
      }
      case 'aws_iam_group_policy': {
        const group = str(a, 'group') ?? str(b, 'group') ?? c.name;
        const policyName = str(a, 'name') ?? str(b, 'name') ?? c.name;
        if (c.address === BASE_GROUP_MFA_POLICY_ADDRESS) {
          const change = c.kind === 'delete' ? 'removed' : c.kind === 'create' ? 'created' : 'changed';
          const effect = change === 'removed' ? 'widens' : change === 'created' ? 'narrows' : 'changes';
          push({ kind: 'mfa-statement', effect, subject: 'mfa-statement', group, policyName, change, diff: statementDiff(b?.policy, a?.policy) });
        } else if (c.kind === 'create') {
          // A new role's own group policy is part of the new role, already listed.
          if (!createdRoles.has(roleOfGroup(group) ?? '')) push({ kind: 'group-inline-added', effect: 'widens', subject: 'group', group, policyName }, roleOfGroup(group));
        } else if (c.kind === 'delete') {
          push({ kind: 'group-inline-removed', effect: 'narrows', subject: 'group', group, policyName });
        } else if (!sameJson(b?.policy, a?.policy)) {
          // ARNs added or removed are members gaining or losing a role in an account; anything else needs a reviewer's eye.
          const byAccount = groupRoleAccountChanges(group, b?.policy, a?.policy, rosters);
          for (const f of byAccount?.findings ?? []) push(f, f.kind === 'group-role-account' ? f.role : undefined);
          if (!byAccount || byAccount.rest || byAccount.findings.length === 0) {
            push({ kind: 'group-inline-changed', effect: 'changes', subject: 'group', group, policyName, diff: statementDiff(b?.policy, a?.policy) }, roleOfGroup(group));
          }
        }
        break;
      }
      case 'aws_iam_account_password_policy': {
        if (c.kind === 'delete') {
          push({ kind: 'password-policy-removed', effect: 'widens', subject: 'password-policy' });
          break;
        }
        const settings = passwordSettingChanges(b, a, c.kind === 'create');
        if (c.kind === 'create') other.push({ kind: 'password-policy-set', settings });
        else {
          const strengths = settings.map((s) => s.strength);
          const effect = strengths.includes('weaker') ? 'widens' : strengths.every((x) => x === 'stronger') ? 'narrows' : 'changes';
          push({ kind: 'password-policy-changed', effect, subject: 'password-policy', settings });
        }
        break;
      }
      case 'aws_iam_group': {
        const group = str(a, 'name') ?? str(b, 'name') ?? c.name;
        if (c.kind === 'create') other.push({ kind: 'group-created', group });
        else if (c.kind === 'update') other.push({ kind: 'group-updated', group });
        break;
      }
      default:
        if (employeeIdOf(c.type, c.name) === undefined) other.push({ kind: 'resource', address: c.address, change: c.kind });
    }
  }
  return { privileges, other };
}
