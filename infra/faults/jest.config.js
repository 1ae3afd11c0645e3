// `npm run test:faults`: the fault suite (*.fault-spec.ts), kept out of `npm test`'s projects. It
// starts its own PostgreSQL, Redis and vacancies processes, kills and restarts them; one file at
// a time, since every file owns a whole stack.
const { projects } = require('../../jest.config.js');
const { transform, testEnvironment, moduleFileExtensions, modulePathIgnorePatterns } = projects[0];

module.exports = {
  rootDir: '../..',
  displayName: 'faults',
  transform,
  testEnvironment,
  moduleFileExtensions,
  modulePathIgnorePatterns,
  testMatch: ['<rootDir>/infra/faults/**/*.fault-spec.ts'],
  maxWorkers: 1,
  testTimeout: 120_000,
};
