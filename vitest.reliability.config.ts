import { defineConfig } from 'vitest/config';

/**
 * `npm run test:reliability`: the slow fault-injection scenarios of test/reliability. Their files
 * are named *.reliability.ts so the default `npm test` (test/**\/*.test.ts) never runs them. They
 * run one file at a time: each drives real server processes and measures them on two cores.
 */
export default defineConfig({
  test: {
    include: ['test/reliability/**/*.reliability.ts', 'test/reliability/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    fileParallelism: false,
    maxWorkers: 1,
    // Each scenario has its own hard timeout (its `it`); these are the outer bounds.
    testTimeout: 180_000,
    hookTimeout: 60_000,
    teardownTimeout: 30_000,
    globalSetup: ['test/reliability/support/global-setup.ts'],
  },
});
