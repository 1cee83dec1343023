/**
 * Two layers of tests, both through SWC (fast, and independent of the TypeScript compiler's version):
 * - unit: roster, stacks on synthesized JSON, policies, tools' plain functions. Nothing is installed
 *   or started: no emulator, no Terraform, no Python. `npm run test:unit`.
 * - e2e (`*.e2e.test.ts`): real Terraform, the local AWS emulator, the scanners' Python environment.
 *   The global setup installs the pinned emulator and scanners once, before workers start, and runs
 *   only when an e2e test is selected.
 * `npm test`, which CI runs, runs both.
 */
const common = {
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  transform: { '^.+\\.ts$': ['@swc/jest'] },
};

module.exports = {
  // End-to-end tests run Terraform against their own emulator; two workers match a 2-core runner.
  maxWorkers: 2,
  testTimeout: 300_000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['**/*.test.ts'], testPathIgnorePatterns: ['\\.e2e\\.test\\.ts$'] },
    { ...common, displayName: 'e2e', testMatch: ['**/*.e2e.test.ts'], globalSetup: '<rootDir>/__tests__/global-setup.ts' },
  ],
};
