/**
 * npm run schema: regenerate schema/users.schema.json from roster/schema.ts.
 * --check exits 1 when the committed file is stale instead of writing it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { JSON_SCHEMA_FILE, rosterJsonSchemaText } from '../../roster/json-schema';
import { CommandError, runCommand } from './run-command';

const program = new Command()
  .name('schema')
  .description(`regenerate ${JSON_SCHEMA_FILE} from roster/schema.ts`)
  .option('--check', 'exit 1 when the committed file is stale instead of writing it')
  .exitOverride();

runCommand({ name: 'schema' }, () => {
  const { check } = program.parse().opts<{ check?: boolean }>();
  const target = join(__dirname, '..', '..', JSON_SCHEMA_FILE);
  const text = rosterJsonSchemaText();
  let current: string | undefined;
  try {
    current = readFileSync(target, 'utf8');
  } catch {
    current = undefined;
  }
  if (current === text) {
    process.stdout.write(`${JSON_SCHEMA_FILE} is up to date\n`);
  } else if (check) {
    throw new CommandError(`${JSON_SCHEMA_FILE} is out of date with roster/schema.ts; run npm run schema and commit it`);
  } else {
    writeFileSync(target, text);
    process.stdout.write(`wrote ${JSON_SCHEMA_FILE}\n`);
  }
});
