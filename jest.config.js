// Four tiers, one config: unit specs live beside the code; the integration, end-to-end and lifecycle
// suites under test/ run against a real (embedded) PostgreSQL started once per run by the global set-up.
// Every tier makes its temporary folders in one folder per run, which the global teardown removes.
const tsJest = {
  '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }],
};

const common = {
  extensionsToTreatAsEsm: ['.ts'],
  transform: tsJest,
  moduleNameMapper: {
    '^#migrations$': '<rootDir>/migrations/index.ts',
    '^#([a-z]+)$': '<rootDir>/libs/$1/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  testEnvironment: 'node',
  globalSetup: '<rootDir>/test/setup/run-folder.js',
  globalTeardown: '<rootDir>/test/setup/global-teardown.js',
};

const withDatabase = { ...common, globalSetup: '<rootDir>/test/setup/global-setup.js' };

export default {
  // Jest reads the time-out from the top level only; suites against real servers need more than 5 s.
  testTimeout: 60_000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts'] },
    {
      ...withDatabase,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
      testTimeout: 30_000,
    },
    {
      ...withDatabase,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
      testTimeout: 60_000,
    },
    {
      // The built commands as real processes: started, stopped every way, started again.
      ...withDatabase,
      displayName: 'lifecycle',
      testMatch: ['<rootDir>/test/lifecycle/**/*.test.ts'],
      testTimeout: 120_000,
    },
  ],
};
