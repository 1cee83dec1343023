import { z } from 'zod';
import { RosterSchema } from './schema';

/** Where the published schema lives, relative to the repository root; users.yaml's modeline points here. */
export const JSON_SCHEMA_FILE = 'schema/users.schema.json';

/**
 * The roster's JSON Schema, generated from the same zod schema that validates it,
 * so editors flag exactly the typos and wrong types `npm run validate` does.
 * Draft 7 because it is what yaml-language-server and most editors understand.
 * Input shape: fields with defaults are optional, as a person writes them.
 * Cross-field rules (collisions, unknown teams) need the validator; a schema cannot say them.
 */
export function rosterJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(RosterSchema, { target: 'draft-7', io: 'input' }) as Record<string, unknown>;
  const { $schema, ...rest } = generated;
  return {
    $schema,
    title: 'IAM roster (users.yaml)',
    description: 'People, teams and privileged roles turned into IAM users, groups and MFA-gated roles. Generated from roster/schema.ts by `npm run schema`; do not edit.',
    ...rest,
  };
}

/** The schema file's exact text: stable key order, two-space indent, trailing newline. */
export function rosterJsonSchemaText(): string {
  return `${JSON.stringify(rosterJsonSchema(), null, 2)}\n`;
}
