/** Tests run TypeScript through SWC: fast, and independent of the TypeScript compiler's version. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest'] },
  globalSetup: '<rootDir>/__tests__/global-setup.ts',
  // End-to-end tests run Terraform against their own emulator; two workers match a 2-core runner.
  maxWorkers: 2,
  testTimeout: 300_000,
};
