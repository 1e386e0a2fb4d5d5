/**
 * The deterministic cluster simulation (cluster-sim.ts): a seed replays exactly (same trace,
 * event for event), the invariants catch a bug planted in the coordinator path, and the CI
 * slice of seeds keeps every promise: no acknowledged QUORUM write missing from a later QUORUM
 * read, replicas identical after repair, no phantom value, no deleted value back after repair.
 * Seeds 1-500 run here, 501-1000 in cluster-sim-seeds.test.ts (the two files run in parallel);
 * `npm run soak:sim -- --seeds N --from S` runs as many as you like.
 */

import { describe, expect, it } from 'vitest';
import { replayCommand, runSimulation } from './cluster-sim.js';
import { runSeeds } from './seed-runs.js';

const SEEDS_PER_BLOCK = 50;

describe('the cluster simulation', () => {
  it('replays a seed exactly: the same trace, and so the same hash, twice', async () => {
    const first = await runSimulation({ seed: 4242, keepTrace: true });
    const second = await runSimulation({ seed: 4242, keepTrace: true });
    expect(first.trace.length).toBeGreaterThan(100);
    expect(second.trace).toEqual(first.trace);
    expect(second.traceHash).toBe(first.traceHash);
    const other = await runSimulation({ seed: 4243 });
    expect(other.traceHash).not.toBe(first.traceHash);
  });

  it('runs real work: nodes start, faults happen, operations are answered, repair runs', async () => {
    const result = await runSimulation({ seed: 3, keepTrace: true });
    expect(result.nodes).toBeGreaterThanOrEqual(3);
    expect(result.nodes).toBeLessThanOrEqual(5);
    expect(result.outcomes['ok']).toBeGreaterThan(50);
    expect(result.trace.some((line) => / fault (crash|stop|partition)/.test(line))).toBe(true);
    expect(result.trace.filter((line) => / repair on n\d/.test(line))).toHaveLength(result.nodes);
    expect(result.violations).toEqual([]);
  });

  it('catches a coordinator that acknowledges QUORUM writes after one replica, naming the seed to replay', async () => {
    const report = await runSeeds(1, 20, { plantedBug: 'quorum-write-acked-by-one' });
    expect(report.failures.length).toBeGreaterThan(0);
    const first = report.failures[0]!;
    expect(first).toMatch(/quorum-read-sees-quorum-write: read op#\d+ .* (older than acknowledged|found no row)/);
    const seed = Number(/^seed (\d+):/.exec(first)![1]);
    expect(first).toContain(`replay: ${replayCommand(seed)}`);
  });

  for (let from = 1; from <= 500; from += SEEDS_PER_BLOCK) {
    it(`keeps every invariant for seeds ${from}-${from + SEEDS_PER_BLOCK - 1}`, async () => {
      const report = await runSeeds(from, SEEDS_PER_BLOCK);
      expect(report.failures, report.failures.join('\n')).toEqual([]);
    });
  }
});
