import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Two cores: files run in parallel forks, each with its own SQLite file and PostgreSQL schema.
    pool: 'forks',
    maxWorkers: 2,
  },
});
