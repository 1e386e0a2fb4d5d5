/**
 * Seeds run one after another, for the CI slices and the soak: what failed, each with its
 * first violation and the one-line command that replays it. Seeds in `skip` (known failures,
 * each named in README.md's "Found, and not fixed here") are not run.
 */

import { replayCommand, runSimulation, type SimulationOptions } from './cluster-sim.js';

export interface SeedRunReport {
  readonly seeds: number;
  readonly failures: readonly string[];
  readonly elapsedMs: number;
}

export async function runSeeds(from: number, count: number, options: Omit<SimulationOptions, 'seed'> = {}, skip: ReadonlyMap<number, string> = new Map()): Promise<SeedRunReport> {
  const started = performance.now();
  const failures: string[] = [];
  for (let seed = from; seed < from + count; seed++) {
    if (skip.has(seed)) continue;
    const result = await runSimulation({ ...options, seed });
    if (result.violations.length > 0) failures.push(`seed ${seed}: ${result.violations[0]}\n  replay: ${replayCommand(seed, options)}`);
  }
  return { seeds: count, failures, elapsedMs: performance.now() - started };
}
