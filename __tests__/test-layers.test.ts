/**
 * `npm run test:unit` stays fast and self-contained: a unit test (any `*.test.ts` that is not
 * `*.e2e.test.ts`) never reaches the emulator, Terraform or the scanners' Python environment
 * (a synth of a broken roster, which stops before anything is written, is fine). A test that needs one of them is named `*.e2e.test.ts`.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Modules and calls that start something outside the test process. */
const E2E_ONLY = [
  /from '[./]*tools\/emulator\//,
  /import \{[^}]*\b(terraform|terraformOk|stackDir)\b[^}]*\} from '[./]*tools\/terraform\/run'/,
  /from '[./]*tools\/deploy\/deploy'/,
  /from '[./]*tools\/scan\/(venv|checkov|scan|parliament)'/,
  /from '[./]*(e2e\/deploy-target|audit\/emulator-account|\.\/emulator-account|\.\/deploy-target)'/,
];

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? testFiles(path) : entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

test('no unit test starts the emulator, Terraform or the scanners', () => {
  const offenders = testFiles(__dirname)
    .filter((file) => !file.endsWith('.e2e.test.ts'))
    .flatMap((file) => {
      const text = readFileSync(file, 'utf8');
      return E2E_ONLY.filter((pattern) => pattern.test(text)).map((pattern) => `${relative(__dirname, file)} matches ${pattern}`);
    });
  expect(offenders).toEqual([]);
});

test('the check sees the e2e tests it is meant to keep out of the unit run', () => {
  const e2e = testFiles(__dirname).filter((file) => file.endsWith('.e2e.test.ts'));
  const caught = e2e.filter((file) => E2E_ONLY.some((pattern) => pattern.test(readFileSync(file, 'utf8'))));
  expect(caught.length).toBeGreaterThanOrEqual(8);
});
