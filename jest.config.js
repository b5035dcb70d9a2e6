/** Jest projects: shared unit tests, server API tests (real PostgreSQL), browser flows (e2e). */
const transform = {
  '^.+\\.[cm]?[tj]sx?$': [
    '@swc/jest',
    {
      jsc: {
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true },
        target: 'es2022',
      },
    },
  ],
};
// ESM-only dependencies behind fastify.inject and @fastify/static must be transformed too.
const transformIgnorePatterns = ['/node_modules/(?!(content-disposition|cookie)/)'];

module.exports = {
  testTimeout: 60000,
  projects: [
    {
      displayName: 'shared',
      testMatch: ['<rootDir>/shared/src/**/*.test.ts'],
      transform,
      transformIgnorePatterns,
    },
    {
      displayName: 'server',
      testMatch: ['<rootDir>/server/test/**/*.test.ts'],
      transform,
      transformIgnorePatterns,
      globalSetup: '<rootDir>/server/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/server/test/support/global-teardown.ts',
      setupFiles: ['reflect-metadata'],
    },
    {
      displayName: 'e2e',
      testMatch: ['<rootDir>/e2e/**/*.e2e.ts'],
      transform,
      transformIgnorePatterns,
      globalSetup: '<rootDir>/server/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/server/test/support/global-teardown.ts',
      setupFiles: ['reflect-metadata'],
      // Jest reads testTimeout only at the top level; a browser flow gets longer through its setup file.
      setupFilesAfterEnv: ['<rootDir>/e2e/support/timeout.ts'],
    },
  ],
};
