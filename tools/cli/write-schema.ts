/**
 * npm run schema: regenerate schema/users.schema.json from roster/schema.ts.
 * --check exits 1 when the committed file is stale instead of writing it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { JSON_SCHEMA_FILE, rosterJsonSchemaText } from '../../roster/json-schema';

const target = join(__dirname, '..', '..', JSON_SCHEMA_FILE);
const text = rosterJsonSchemaText();
let current: string | undefined;
try {
  current = readFileSync(target, 'utf8');
} catch {
  current = undefined;
}

if (process.argv.includes('--check')) {
  if (current !== text) {
    process.stderr.write(`${JSON_SCHEMA_FILE} is out of date with roster/schema.ts; run npm run schema and commit it\n`);
    process.exit(1);
  }
  process.stdout.write(`${JSON_SCHEMA_FILE} is up to date\n`);
} else if (current === text) {
  process.stdout.write(`${JSON_SCHEMA_FILE} is up to date\n`);
} else {
  writeFileSync(target, text);
  process.stdout.write(`wrote ${JSON_SCHEMA_FILE}\n`);
}
