import { defineConfig } from 'vitest/config';

// The examples, each a program with its own cluster, run apart from the suite (`npm run examples`).
export default defineConfig({
  test: {
    include: ['test/examples/**/*.test.ts'],
    testTimeout: 300_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
