import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{apps,packages,tooling,db}/**/src/**/*.test.ts'],
    globalSetup: ['tooling/test/src/global-setup.ts'],
    // Argon2 and real Postgres: a few hundred milliseconds per test is normal.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
