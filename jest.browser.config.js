/**
 * The browser tests: real Chromium against `npm start` (which starts its own embedded database),
 * run after the other suites so page timings do not compete with them for the two cores.
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests/browser'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': 'ts-jest' },
  testTimeout: 180000,
};
