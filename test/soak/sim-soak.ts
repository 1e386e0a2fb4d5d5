/**
 * The deterministic cluster simulation from the command line (test/sim/cluster-sim.ts):
 *
 *   npm run sim -- --seed 12345            replay one seed: its trace, its violations
 *   npm run soak:sim -- --seeds 5000 [--from 1]   many seeds, a progress line, a summary
 *   --expose-known-bugs    let the nemesis trigger the bugs test/sim/README.md lists as not fixed
 *
 * Exits non-zero when any seed breaks an invariant; each failing seed is printed with the
 * one-line command that replays it.
 */

import { parseArgs } from 'node:util';
import { replayCommand, runSimulation, type SimulationResult } from '../sim/cluster-sim.js';

const { values } = parseArgs({
  options: {
    seed: { type: 'string' },
    seeds: { type: 'string', default: '1000' },
    from: { type: 'string', default: '1' },
    quiet: { type: 'boolean', default: false },
    'planted-bug': { type: 'boolean', default: false },
    'expose-known-bugs': { type: 'boolean', default: false },
  },
});

if (values.seed !== undefined) await replayOne(Number(values.seed));
else await soak(Number(values.from), Number(values.seeds));

async function replayOne(seed: number): Promise<void> {
  const started = performance.now();
  const result = await runSimulation({ seed, keepTrace: true, ...extraOptions() });
  if (!values.quiet) for (const line of result.trace) console.log(line);
  console.log(summaryOf(result, performance.now() - started));
  if (result.violations.length > 0) {
    for (const violation of result.violations) console.error(`VIOLATION ${violation}`);
    console.error(`replay: ${replayCommand(seed, extraOptions())}`);
    process.exit(1);
  }
}

async function soak(from: number, count: number): Promise<void> {
  const started = performance.now();
  const failures: SimulationResult[] = [];
  let operations = 0;
  let simulatedMs = 0;
  let nts = 0;
  const changes = new Map<string, number>();
  for (let i = 0; i < count; i++) {
    const seed = from + i;
    const result = await runSimulation({ seed, ...extraOptions() });
    operations += result.operations;
    simulatedMs += result.simulatedMs;
    if (result.topology === 'nts') nts++;
    for (const change of result.changes) {
      const kind = change.split(' ')[0]!;
      changes.set(kind, (changes.get(kind) ?? 0) + 1);
    }
    if (result.violations.length > 0) {
      failures.push(result);
      process.stdout.write(`${process.stdout.isTTY ? '\n' : ''}seed ${seed} FAILED: ${result.violations[0]}\n  replay: ${replayCommand(seed, extraOptions())}\n`);
    }
    progress(i + 1, count, failures.length, performance.now() - started);
  }
  const elapsedMs = performance.now() - started;
  if (process.stdout.isTTY) process.stdout.write('\n');
  console.log(
    `${count} seeds (${from}..${from + count - 1}): ${count - failures.length} passed, ${failures.length} failed; ` +
      `${operations} operations, ${(simulatedMs / 1000).toFixed(0)} simulated s, ${(elapsedMs / count).toFixed(0)} ms per seed; ` +
      `${nts} on two datacenters (NetworkTopologyStrategy); membership changes made: ${[...changes].map(([kind, n]) => `${n} ${kind}`).join(', ') || 'none'}`,
  );
  for (const failure of failures) console.log(`  ${replayCommand(failure.seed, extraOptions())}   # ${failure.violations[0]}`);
  if (failures.length > 0) process.exit(1);
}

function extraOptions(): { plantedBug?: 'quorum-write-acked-by-one'; exposeKnownBugs?: boolean } {
  return {
    ...(values['planted-bug'] ? { plantedBug: 'quorum-write-acked-by-one' as const } : {}),
    ...(values['expose-known-bugs'] ? { exposeKnownBugs: true } : {}),
  };
}

/** A bar redrawn in place on a terminal; a line every tenth of the run otherwise (CI logs). */
function progress(done: number, total: number, failed: number, elapsedMs: number): void {
  const width = 30;
  const filled = Math.round((done / total) * width);
  const etaS = ((total - done) * elapsedMs) / done / 1000;
  const line = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} seeds, ${failed} failed, ETA ${etaS.toFixed(0)} s`;
  if (process.stdout.isTTY) process.stdout.write(`\r${line}   `);
  else if (done === total || done % Math.max(1, Math.round(total / 10)) === 0) process.stdout.write(`${line}\n`);
}

function summaryOf(result: SimulationResult, elapsedMs: number): string {
  const outcomes = Object.entries(result.outcomes)
    .map(([outcome, n]) => `${n} ${outcome}`)
    .join(', ');
  return (
    `seed ${result.seed}: ${result.nodes} nodes (${result.topology}), ${result.operations} operations (${outcomes}), ${result.faults} faults, ` +
    `changes [${result.changes.join(', ')}], ` +
    `${(result.simulatedMs / 1000).toFixed(1)} simulated s in ${result.steps} steps, ${elapsedMs.toFixed(0)} ms; ` +
    `${result.violations.length} violations; trace ${result.traceHash.slice(0, 16)}`
  );
}
