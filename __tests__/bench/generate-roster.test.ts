import { generateOrganizationRoster } from '../../tools/bench/generate-roster';
import { ADMIN_ROLE_NAME, governedAccounts, parseRoster, roleAccounts } from '../../roster';
import { SUPPORT_ROLE_NAME } from '../../stacks/built-in-names';

describe('the organization roster of the benchmark', () => {
  const shape = { accounts: 20, rolesPerAccount: 10, people: 400 };
  const roster = parseRoster(generateOrganizationRoster(shape), 'org.yaml');
  const members = governedAccounts(roster).filter((a) => !a.identity);
  const customRoles = Object.keys(roster.roles);

  test('it names the member accounts asked for, each with its own 12-digit ID, and validates', () => {
    expect(members).toHaveLength(20);
    expect(members.every((a) => /^\d{12}$/.test(a.id))).toBe(true);
    expect(new Set(members.map((a) => a.id)).size).toBe(20);
    expect(roster.people).toHaveLength(400);
  });

  test('every member account holds exactly the roles asked for, besides admin and aws-support', () => {
    for (const account of members) {
      const held = customRoles.filter((role) => roleAccounts(role, roster).includes(account.name));
      expect([account.name, held.length]).toEqual([account.name, 10]);
      expect(roleAccounts(ADMIN_ROLE_NAME, roster)).toContain(account.name);
      expect(roleAccounts(SUPPORT_ROLE_NAME, roster)).toContain(account.name);
    }
  });

  test('some roles exist in every account and some in a part of them only', () => {
    const counts = customRoles.map((role) => roleAccounts(role, roster).length);
    expect(counts.filter((n) => n === 21).length).toBe(8);
    expect(counts.filter((n) => n < 21).length).toBe(4);
  });

  test('teams and people grant roles both in all of their accounts and in named ones', () => {
    const teamGrants = Object.values(roster.teams).flatMap((t) => t.roles);
    expect(teamGrants.some((g) => typeof g === 'string')).toBe(true);
    expect(teamGrants.some((g) => typeof g !== 'string' && g.accounts.length < members.length)).toBe(true);
    const named = roster.people.filter((p) => Object.keys(p.extraRoleAccounts ?? {}).length > 0);
    const everywhere = roster.people.filter((p) => p.extraRoles.some((r) => !(r in (p.extraRoleAccounts ?? {}))));
    expect(named.length).toBeGreaterThan(0);
    expect(everywhere.length).toBeGreaterThan(0);
  });

  test("issue 12's full scale, 5,000 people, is a valid roster", () => {
    expect(parseRoster(generateOrganizationRoster(), 'org.yaml').people).toHaveLength(5000);
  });
});
