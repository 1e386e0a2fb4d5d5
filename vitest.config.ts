import { defineConfig } from 'vitest/config';

// Workers run the JavaScript that `npm run build` puts in dist/ (ADR 0001), so `pretest`
// builds first; the tests themselves run the TypeScript sources directly.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The examples run on their own (vitest.examples.config.ts, `npm run examples`).
    exclude: ['test/examples/**', '**/node_modules/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
