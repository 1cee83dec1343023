/**
 * npm run docs:audit: rewrite docs/audit.md's rule tables and permissions block
 * from tools/audit/rules and AUDIT_PERMISSIONS (a test holds them equal).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderAuditDocs } from '../audit/audit-docs';
import { PROJECT_ROOT } from '../project-root';
import { CommandError, runCommand } from './run-command';

runCommand({ name: 'docs:audit' }, () => {
  const path = join(PROJECT_ROOT, 'docs', 'audit.md');
  const before = readFileSync(path, 'utf8');
  let after: string;
  try {
    after = renderAuditDocs(before);
  } catch (err) {
    throw new CommandError((err as Error).message);
  }
  if (after === before) {
    process.stdout.write('docs/audit.md is up to date\n');
  } else {
    writeFileSync(path, after);
    process.stdout.write('wrote docs/audit.md\n');
  }
});
