// Unit specs live beside the code; e2e specs run the whole app on real PostgreSQL, Redis,
// SMTP and the Stripe test server. One database is created and migrated per run (globalSetup)
// and dropped afterwards (globalTeardown); every suite makes its own agencies.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2023',
    },
    module: { type: 'commonjs' },
  },
];

module.exports = {
  testEnvironment: 'node',
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
  testTimeout: 60000,
  // A test that leaves a socket or timer behind must not hold CI until its 90-minute limit: once
  // every suite has finished and the reporters have written the summary, the run ends.
  forceExit: true,
  transform: { '^.+\\.ts$': swc },
  moduleFileExtensions: ['ts', 'js', 'json'],
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform: { '^.+\\.ts$': swc },
      testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/sandbox/**/*.spec.ts'],
    },
    {
      displayName: 'e2e',
      testEnvironment: 'node',
      transform: { '^.+\\.ts$': swc },
      testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
      setupFilesAfterEnv: ['<rootDir>/test/support/contract-setup.ts'],
      testTimeout: 60000,
    },
    {
      // The console in a real browser (Chromium through playwright-core): one journey per test,
      // a fresh agency each. Fails, never skips, when no browser starts (see test/support/browser.ts).
      displayName: 'browser',
      testEnvironment: 'node',
      transform: { '^.+\\.ts$': swc },
      testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
      setupFilesAfterEnv: ['<rootDir>/test/support/contract-setup.ts'],
      // A journey takes longer than Jest's global 60 s on a loaded machine: each sets its own timeout.
    },
  ],
};
