/**
 * The words the CLI prints for a person to paste into a shell (the demo's follow-up plan, the
 * emulator's export lines) read back as exactly the value, whatever it holds.
 */
import { execFileSync } from 'node:child_process';
import { exportLines, shellWord } from '../../tools/cli/export-lines';

const AWKWARD = ["it's", '$HOME', '`id`', '"quoted"', 'a b\tc', "'", "''", 'examples/org $(touch x).yaml', '\\n'];

test.each(AWKWARD)('shellWord(%j) is read back by sh as itself', (value) => {
  expect(execFileSync('sh', ['-c', `printf %s ${shellWord(value)}`], { encoding: 'utf8' })).toBe(value);
});

test('exportLines sets each variable to exactly its value when evaluated', () => {
  const env = Object.fromEntries(AWKWARD.map((v, i) => [`V${i}`, v]));
  const script = `${exportLines(env)}${Object.keys(env).map((k) => `printf '%s\\0' "$${k}"`).join('\n')}`;
  expect(execFileSync('sh', ['-c', script], { encoding: 'utf8' }).split('\0').slice(0, -1)).toEqual(AWKWARD);
});
