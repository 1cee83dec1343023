import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { permissionsBlock, renderAuditDocs } from '../../tools/audit/audit-docs';
import { SEVERITIES } from '../../tools/audit/findings';
import { RULES, RULE_SECTIONS, ruleOf, rulesTable } from '../../tools/audit/rules';
import { PROJECT_ROOT } from '../../tools/project-root';

const doc = readFileSync(join(PROJECT_ROOT, 'docs', 'audit.md'), 'utf8');

function between(marker: string): string {
  const start = `<!-- ${marker}:start -->\n`;
  const end = `\n<!-- ${marker}:end -->`;
  const from = doc.indexOf(start);
  const to = doc.indexOf(end);
  if (from < 0 || to < from) throw new Error(`docs/audit.md has no ${marker} markers`);
  return doc.slice(from + start.length, to);
}

describe('the audit rules', () => {
  it.each(RULE_SECTIONS.map((s) => [s.key, s] as const))('docs/audit.md shows the %s rules exactly as tools/audit/rules defines them', (_key, section) => {
    expect(between(`rules:${section.key}`)).toBe(rulesTable(section));
  });

  it('docs/audit.md lists exactly the permissions the audit uses (AUDIT_PERMISSIONS), and nothing it renders is stale (npm run docs:audit)', () => {
    expect(between('audit-permissions')).toBe(permissionsBlock());
    expect(renderAuditDocs(doc)).toBe(doc);
  });

  it('docs/audit.md has no rule table the rules do not define', () => {
    const keys = [...doc.matchAll(/<!-- rules:([a-z-]+):start -->/g)].map((m) => m[1]);
    expect(keys).toEqual(RULE_SECTIONS.map((s) => s.key));
  });

  it('each id and severity is one rule, with a CIS control written as dotted numbers', () => {
    const pairs = RULES.map((r) => `${r.id}/${r.severity}`);
    expect(new Set(pairs).size).toBe(pairs.length);
    for (const rule of RULES) {
      expect(rule.id).toMatch(/^[a-z][a-z0-9-]*$/);
      expect(SEVERITIES).toContain(rule.severity);
      if (rule.cis !== undefined) expect(rule.cis).toMatch(/^\d+\.\d+(, \d+\.\d+)*$/);
    }
  });

  it('a finding is matched to its rule by id and severity', () => {
    expect(ruleOf({ id: 'role-trust-drift', severity: 'critical' })?.when).toMatch(/MFA-present/);
    expect(ruleOf({ id: 'role-trust-drift', severity: 'low' })).toBeUndefined();
    expect(ruleOf({ id: 'no-such-rule', severity: 'high' })).toBeUndefined();
  });
});
