/** One FerretDB for the whole run (global setup); each test file uses its own database. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/server', '<rootDir>/config', '<rootDir>/bot', '<rootDir>/scripts', '<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  // The browser story runs on its own afterwards (jest.browser.config.js): it needs the H5 build.
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/tests/browser/'],
  transform: { '^.+\\.ts$': 'ts-jest' },
  globalSetup: '<rootDir>/tests/support/global-setup.ts',
  globalTeardown: '<rootDir>/tests/support/global-teardown.ts',
  testTimeout: 30000,
};
