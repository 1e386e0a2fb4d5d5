/**
 * The deterministic cluster simulation (cluster-sim.ts): a seed replays exactly (same trace,
 * event for event), the invariants catch a bug planted in the coordinator path, a node
 * bootstraps, one decommissions, a crashed one is removed and another replaced, under load,
 * with every promise kept over the final ring,
 * two datacenters take LOCAL_QUORUM and EACH_QUORUM traffic, and the CI slice of seeds keeps
 * every promise: no acknowledged write missing from a later read its level owes it to,
 * replicas identical after repair, no phantom value, no deleted value back after repair.
 * Seeds 1-500 run here, 501-1000 in cluster-sim-seeds.test.ts (the two files run in parallel),
 * each but those named in known-failures.ts; `npm run soak:sim -- --seeds N --from S` runs as
 * many as you like.
 */

import { describe, expect, it } from 'vitest';
import { replayCommand, runSimulation } from './cluster-sim.js';
import { KNOWN_FAILURES } from './known-failures.js';
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

  it('replays membership changes and two datacenters exactly too', async () => {
    // Seed 5 makes both changes (on seed 3 the bootstrap waits out a down strict source and the decommission never comes).
    const options = { seed: 5, topology: 'nts', changes: ['bootstrap', 'decommission'], keepTrace: true } as const;
    const first = await runSimulation(options);
    const second = await runSimulation(options);
    expect(first.changes).toHaveLength(2);
    expect(second.trace).toEqual(first.trace);
  });

  it('runs real work: nodes start, faults happen, operations are answered, repair runs', async () => {
    const result = await runSimulation({ seed: 4, keepTrace: true });
    expect(result.nodes).toBeGreaterThanOrEqual(3);
    expect(result.nodes).toBeLessThanOrEqual(5);
    expect(result.outcomes['ok']).toBeGreaterThan(50);
    expect(result.trace.some((line) => / fault (crash|stop|partition)/.test(line))).toBe(true);
    const joined = result.changes.filter((c) => c.startsWith('bootstrap')).length;
    const left = result.changes.filter((c) => c.startsWith('decommission')).length;
    expect(result.trace.filter((line) => / repair on n\d/.test(line))).toHaveLength(result.nodes + joined - left);
    expect(result.violations).toEqual([]);
  });

  it('bootstraps a node under load: it streams its ranges, then coordinates and replicates, and every promise holds', async () => {
    // Seed 4: no fault stops a replica n6 displaces while it joins (on seed 1 the join waits for one, and ends too late to coordinate).
    const result = await runSimulation({ seed: 4, changes: ['bootstrap'], keepTrace: true });
    expect(result.changes).toEqual(['bootstrap n6']);
    const trace = result.trace;
    const began = trace.findIndex((line) => / change bootstrap n6 /.test(line));
    const joined = trace.findIndex((line) => / n6 joined with tokens .* \(\d+ partitions streamed/.test(line));
    expect(began).toBeGreaterThan(0);
    expect(joined).toBeGreaterThan(began);
    // Clients kept working while it joined, and used it once it had.
    expect(trace.slice(began, joined).filter((line) => / op#\d+ -> ok/.test(line)).length).toBeGreaterThan(20);
    expect(trace.slice(joined).some((line) => / op#\d+ .* via 127\.0\.0\.6$/.test(line))).toBe(true);
    // It is a replica in the final ring, checked and repaired like the others.
    expect(trace.some((line) => /^[\d.]+ (kv|rows) k=\d+: .*127\.0\.0\.6:7000=/.test(line))).toBe(true);
    expect(trace.some((line) => / repair on n6: /.test(line))).toBe(true);
    expect(result.violations).toEqual([]);
  });

  it('holds a bootstrap while a replica it displaces is down, then joins: no range is streamed from a stale holder', async () => {
    // Seed 1: n1 and n5 are stopped while n6 joins; n6 may take their ranges only from them.
    const result = await runSimulation({ seed: 1, changes: ['bootstrap'], keepTrace: true });
    const refused = result.trace.findIndex((line) => / n6 failed to join: A node required to move the data consistently is down /.test(line));
    const joined = result.trace.findIndex((line) => / n6 joined with tokens /.test(line));
    expect(refused).toBeGreaterThan(0);
    expect(joined).toBeGreaterThan(refused);
    expect(result.violations).toEqual([]);
  });

  it('decommissions a node under load: it pushes its ranges out, then is neither coordinator nor replica, and every promise holds', async () => {
    const result = await runSimulation({ seed: 9, nodes: 4, changes: ['decommission'], keepTrace: true });
    expect(result.changes).toEqual(['decommission n4']);
    const trace = result.trace;
    const left = trace.findIndex((line) => / n4 decommissioned \(\d+ partitions pushed/.test(line));
    expect(left).toBeGreaterThan(0);
    expect(trace.slice(left).some((line) => / op#\d+ -> ok/.test(line))).toBe(true);
    expect(trace.slice(left).some((line) => / op#\d+ .* via 127\.0\.0\.4$/.test(line))).toBe(false);
    expect(trace.some((line) => /^[\d.]+ (kv|rows) k=\d+: .*127\.0\.0\.4:7000=/.test(line))).toBe(false);
    expect(trace.some((line) => / repair on n4: /.test(line))).toBe(false);
    expect(result.violations).toEqual([]);
  });

  it('removes a crashed node: a live node restores its ranges, it never comes back, and every promise holds (its own writes excused)', async () => {
    const result = await runSimulation({ seed: 3, nodes: 4, changes: ['removenode'], keepTrace: true });
    expect(result.changes).toEqual(['removenode n1']);
    const trace = result.trace;
    const began = trace.findIndex((line) => / change removenode n1$/.test(line));
    expect(began).toBeGreaterThan(0);
    expect(trace.some((line) => / n1 removed by n\d \(\d+ partitions restored to \d+ nodes/.test(line))).toBe(true);
    expect(trace.slice(began).some((line) => / n1 starting /.test(line))).toBe(false);
    expect(trace.some((line) => /^[\d.]+ (kv|rows) k=\d+: .*127\.0\.0\.1:7000=/.test(line))).toBe(false);
    expect(result.violations).toEqual([]);
  });

  it('replaces a crashed node: the new one takes its tokens and data, and every promise holds', async () => {
    const result = await runSimulation({ seed: 2, changes: ['replace'], keepTrace: true });
    expect(result.changes).toEqual(['replace n3 by n6']);
    const trace = result.trace;
    expect(trace.some((line) => / n6 joined with tokens /.test(line))).toBe(true);
    expect(trace.some((line) => /^[\d.]+ (kv|rows) k=\d+: .*127\.0\.0\.6:7000=/.test(line))).toBe(true);
    expect(trace.some((line) => /^[\d.]+ (kv|rows) k=\d+: .*127\.0\.0\.3:7000=/.test(line))).toBe(false);
    expect(result.violations).toEqual([]);
  });

  it('decommissions or removes a node that replaced another: the node it replaced stays out of every ring (seed 18)', async () => {
    // Before Gossiper.replacedEndpoint, every node kept n4's NORMAL state with the tokens n6
    // took, and n4 was back in every ring, dead, once n6 had gone: the cluster never converged.
    for (const second of ['decommission', 'removenode'] as const) {
      const result = await runSimulation({ seed: 18, changes: ['replace', second] });
      expect(result.changes).toEqual(['replace n4 by n6', `${second} n6`]);
      expect(result.violations, second).toEqual([]);
    }
  });

  it('fails a stream whose peer is down at once, and the replacement that streamed retries and joins (seed 244)', async () => {
    // n3 stops while n4 replaces n1; n4's stream from n3 fails at once instead of waiting out
    // its 30 s page deadline, and the retried join resumes from the ranges it already holds.
    const result = await runSimulation({ seed: 244, keepTrace: true });
    expect(result.changes).toEqual(['replace n1 by n4']);
    const failed = result.trace.findIndex((line) => / n4 failed to join: Stream failed: from 127\.0\.0\.3:7000, .*: (gossip|the failure detector) holds it down; retrying$/.test(line));
    const joined = result.trace.findIndex((line) => / n4 joined with tokens .*ranges kept from before its restart\)$/.test(line));
    expect(failed).toBeGreaterThan(0);
    expect(joined).toBeGreaterThan(failed);
    expect(result.simulatedMs).toBeLessThan(15_000);
    expect(result.violations).toEqual([]);
  });

  it('places nodes in two datacenters under NetworkTopologyStrategy, with traffic at LOCAL_QUORUM, EACH_QUORUM and LOCAL_ONE', async () => {
    const result = await runSimulation({ seed: 4, topology: 'nts', changes: ['decommission', 'bootstrap'], keepTrace: true });
    expect(result.topology).toBe('nts');
    expect(result.trace[0]).toMatch(/dc1 \d nodes\/\d racks, dc2 \d nodes\/\d racks\), \{'class': 'NetworkTopologyStrategy', 'dc1': \d, 'dc2': \d\}/);
    const answered = (level: string): number => {
      const issued = new Set(result.trace.flatMap((line) => (new RegExp(` op#(\\d+) .* ${level} via `).exec(line)?.[1] ?? [])));
      return result.trace.filter((line) => { const id = / op#(\d+) -> ok/.exec(line)?.[1]; return id !== undefined && issued.has(id); }).length;
    };
    for (const level of ['LOCAL_QUORUM', 'EACH_QUORUM', 'LOCAL_ONE', 'QUORUM']) expect(answered(level), level).toBeGreaterThan(10);
    expect(result.changes.map((change) => change.split(' ')[0]).sort()).toEqual(['bootstrap', 'decommission']);
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
      const report = await runSeeds(from, SEEDS_PER_BLOCK, {}, KNOWN_FAILURES);
      expect(report.failures, report.failures.join('\n')).toEqual([]);
    });
  }
});
