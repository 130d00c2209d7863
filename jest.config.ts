import type { Config } from 'jest';

// Type checking is `npm run lint`'s job (tsc --noEmit); tsconfig's isolatedModules makes
// ts-jest transpile file by file, which keeps the suites fast.
const transform: Config['transform'] = { '^.+\\.ts$': 'ts-jest' };

const config: Config = {
  // Project configs cannot set this: it is the run's, and e2e tests boot real processes.
  testTimeout: 60_000,
  projects: [
    {
      displayName: 'unit',
      rootDir: '.',
      testEnvironment: 'node',
      moduleFileExtensions: ['js', 'json', 'ts'],
      testMatch: ['<rootDir>/src/**/*.spec.ts'],
      transform,
    },
    {
      displayName: 'e2e',
      rootDir: '.',
      testEnvironment: 'node',
      moduleFileExtensions: ['js', 'json', 'ts'],
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      transform,
      // One fresh database per run: created and migrated here, dropped at the end.
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
  ],
};

export default config;
