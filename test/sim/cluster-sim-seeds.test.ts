/**
 * The second half of the CI slice of simulation seeds (501-1000); cluster-sim.test.ts holds
 * the first half and says what each seed checks. Two files, so vitest runs them in parallel.
 */

import { describe, expect, it } from 'vitest';
import { KNOWN_FAILURES } from './known-failures.js';
import { runSeeds } from './seed-runs.js';

const SEEDS_PER_BLOCK = 50;

describe('the cluster simulation, seeds 501-1000', () => {
  for (let from = 501; from <= 1000; from += SEEDS_PER_BLOCK) {
    it(`keeps every invariant for seeds ${from}-${from + SEEDS_PER_BLOCK - 1}`, async () => {
      const report = await runSeeds(from, SEEDS_PER_BLOCK, {}, KNOWN_FAILURES);
      expect(report.failures, report.failures.join('\n')).toEqual([]);
    });
  }
});
