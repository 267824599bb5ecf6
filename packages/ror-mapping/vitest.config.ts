import { defineConfig } from 'vitest/config';

// The root config starts Postgres for every run; this package's tests are pure and need none:
// `npx vitest run --config packages/ror-mapping/vitest.config.ts` runs them alone. The root
// config still includes them in `npm run test:unit`.
export default defineConfig({
  test: { include: ['src/**/*.test.ts'], pool: 'forks', maxWorkers: 1 },
});
