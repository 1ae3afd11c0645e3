// One jest run for the whole workspace: unit specs beside the code, integration specs per
// service (real PostgreSQL + Redis), e2e specs that boot every subgraph and the gateway.
const { availableParallelism } = require('node:os');
const swc = require('./infra/swc-options');

const transform = { '^.+\\.ts$': ['@swc/jest', { ...swc, sourceMaps: 'inline' }] };
const common = {
  transform,
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/.kezek/'],
};

module.exports = {
  // Two files at a time even on 2 cores (jest's default there is one): with one, the cores were
  // 20–30 % idle while e2e files waited on their processes; a cold CI run's jest took 459 s with
  // two against 596 and 699 s with one, on the same machine the same morning.
  maxWorkers: Math.max(2, availableParallelism() - 1),
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{libs,services,gateway,infra}/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/{libs,services,gateway,infra}/**/*.integration-spec.ts'],
      globalSetup: '<rootDir>/infra/test/global-setup.ts',
      globalTeardown: '<rootDir>/infra/test/global-teardown.ts',
      setupFilesAfterEnv: ['<rootDir>/infra/test/slow-timeout.ts'],
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/{services,gateway,infra}/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/infra/test/e2e-global-setup.ts',
      globalTeardown: '<rootDir>/infra/test/global-teardown.ts',
      setupFilesAfterEnv: ['<rootDir>/infra/test/slow-timeout.ts'],
    },
  ],
};
