/**
 * The example roster with one display name written as a pull request could write it:
 * markup that would run a script or load an image if a report inserted it unescaped.
 * The roster accepts it (a name is free text), so every report must print it as text.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../tools/project-root';

export const HOSTILE_NAME = `Jane <script>window.pwned=1</script>"><img src=x onerror="window.pwned=2"> Smith`;

/** users.yaml with Jane Smith's name replaced by HOSTILE_NAME (her username is set, so it stays JaneSmith). */
export function hostileRosterText(): string {
  const text = readFileSync(join(PROJECT_ROOT, 'users.yaml'), 'utf8');
  const replaced = text.replace('- name: Jane Smith\n', `- name: ${JSON.stringify(HOSTILE_NAME)}\n`);
  if (replaced === text) throw new Error('hostile-roster: users.yaml no longer has "- name: Jane Smith"; update the fixture');
  return replaced;
}
