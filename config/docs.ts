import { AWS_VARIABLES, VARIABLES } from './schema';

const cell = (text: string) => text.replace(/\|/g, '\\|');

/** The table of docs/configuration.md, rendered from config/schema.ts (a test holds the two equal). */
export function configurationTable(): string {
  const rows = Object.entries(VARIABLES).map(([name, v]) => `| \`${name}\` | ${cell(v.default)} | ${cell(v.meaning)} |`);
  return ['| variable | default | meaning |', '| --- | --- | --- |', ...rows].join('\n');
}

/** The standard AWS variables that change what this project does. */
export function awsVariablesTable(): string {
  const rows = Object.entries(AWS_VARIABLES).map(([names, meaning]) => `| ${names.split(', ').map((n) => `\`${n}\``).join(', ')} | ${cell(meaning)} |`);
  return ['| variable | meaning |', '| --- | --- |', ...rows].join('\n');
}
