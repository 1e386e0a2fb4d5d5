/**
 * The counter write path end to end, deterministically: three nodes, each a
 * CounterWriteCoordinator (and so a leader) over the simulator's in-memory storage
 * (test/sim/simulated-storage.ts, the real storage model), talking through the in-process
 * transport on simulated time. Counter mutations are built as the CQL executor builds them
 * (update cells carrying deltas).
 *
 * Method: many concurrent increments at ONE from every coordinator over a network that delays
 * and reorders messages, for many seeds; afterwards every replica's stored counter must total
 * the acknowledged deltas, and hold shards of replicas only. Then the refusals: Unavailable
 * before anything is sent, and WriteTimeout (COUNTER) when the leader never answers.
 *
 * The network never duplicates a message here: a counter write is not idempotent, and a
 * request delivered twice to its leader counts twice, as a retried counter write does in
 * Cassandra (whose TCP connections never duplicate one).
 */

import { describe, expect, it } from 'vitest';
import { WriteTimeoutError } from '../../../../src/cluster/coordinator/consistency-errors.js';
import { counterUpdateContext } from '../../../../src/cluster/coordinator/counter-mutation.js';
import { CounterWriteCoordinator } from '../../../../src/cluster/coordinator/counter-write-coordinator.js';
import { serveReplicaVerbs } from '../../../../src/cluster/coordinator/replica-service.js';
import type { ConsistencyLevel } from '../../../../src/cluster/consistency/consistency-level.js';
import { UnavailableError } from '../../../../src/cluster/consistency/unavailable-error.js';
import { InProcessTransport } from '../../../../src/cluster/messaging/in-process-transport.js';
import { MessagingService } from '../../../../src/cluster/messaging/messaging-service.js';
import type { Endpoint } from '../../../../src/cluster/ring/endpoint.js';
import { murmur3Token } from '../../../../src/cluster/ring/murmur3.js';
import type { TokenMetadata } from '../../../../src/cluster/ring/token-metadata.js';
import { SimpleStrategy } from '../../../../src/cluster/replication/simple-strategy.js';
import { SeededRandom } from '../../../../src/lib/random.js';
import { counterCell } from '../../../../src/storage/model/cell.js';
import { counterContextTotal, decodeCounterContext } from '../../../../src/storage/model/counter-context.js';
import type { WriteMutation } from '../../../../src/storage/storage-engine.js';
import { defaultTableOptions } from '../../../../src/storage/table-options.js';
import { SimulatedDisk } from '../../../sim/simulated-disk.js';
import { SimulatedStorage } from '../../../sim/simulated-storage.js';
import { SimulatedTime } from '../../../sim/simulated-time.js';
import { endpoint, ringOf } from '../cluster-fixtures.js';

const TABLE = 1000;
const COLUMN = 1;
const WRITE_TIMEOUT_MS = 100;

interface SimNode {
  readonly self: Endpoint;
  readonly storage: SimulatedStorage;
  readonly messaging: MessagingService;
  readonly counters: CounterWriteCoordinator;
  /** Nodes this one believes alive (its failure detector's verdict), by host id. */
  readonly alive: Set<string>;
}

class CounterCluster {
  readonly time = new SimulatedTime(1_000_000);
  readonly transport: InProcessTransport;
  readonly nodes: SimNode[] = [];
  readonly ring: TokenMetadata;
  private readonly strategy: SimpleStrategy;
  private timestamp = 1n;

  constructor(seed: number, replicationFactor: number) {
    this.transport = new InProcessTransport(this.time, new SeededRandom(seed));
    this.strategy = new SimpleStrategy(replicationFactor);
    const endpoints = [1, 2, 3].map((i) => ({ ...endpoint(`00000000-0000-4000-8000-00000000000${i}`), address: `10.0.0.${i}:7000` }));
    this.ring = ringOf(endpoints.map((e, i) => [e, [BigInt(i) * 6_000_000_000_000_000_000n - 6_000_000_000_000_000_000n]] as const));
    for (const self of endpoints) {
      const storage = SimulatedStorage.open({
        port: new SimulatedDisk().port(),
        directory: `/sim/${self.hostId}`,
        timers: this.time,
        clock: this.time.clock,
        tables: [defaultTableOptions(TABLE, 'c')],
        syncWindowMs: 1,
      });
      const messaging = new MessagingService(self.address, this.transport, this.time);
      serveReplicaVerbs(messaging, storage);
      const alive = new Set(endpoints.map((e) => e.hostId));
      const view = { self, ring: () => this.ring, isAlive: (e: Endpoint) => alive.has(e.hostId), strategyOf: (id: number) => (id === TABLE ? this.strategy : null) };
      const counters = new CounterWriteCoordinator({ engine: storage, messaging, view, timers: this.time, timeoutMs: WRITE_TIMEOUT_MS });
      counters.serve();
      this.nodes.push({ self, storage, messaging, counters, alive });
    }
  }

  /** Replica indexes of partition `k`. */
  replicasOf(k: number): number[] {
    return this.strategy.replicasFor(murmur3Token(keyOf(k)), this.ring).map((r) => this.nodes.findIndex((n) => n.self.hostId === r.hostId));
  }

  increment(coordinator: number, k: number, delta: bigint, level: ConsistencyLevel): Promise<void> {
    const update: WriteMutation = {
      tableId: TABLE,
      key: keyOf(k),
      deletion: null,
      rangeTombstones: [],
      staticRow: null,
      rows: [{ clustering: new Uint8Array(0), liveness: null, deletion: null, cells: [counterCell(COLUMN, counterUpdateContext(1n, delta), this.timestamp++)] }],
    };
    return this.nodes[coordinator]!.counters.write([update], level, 'c');
  }

  /** What node `i` stores for partition `k`: its total and whose shards it holds. */
  async stored(i: number, k: number): Promise<{ total: bigint; owners: string[] } | null> {
    const partition = await this.nodes[i]!.storage.readUnfiltered(TABLE, keyOf(k));
    const cell = partition?.rows[0]?.cells.find((c) => c.column === COLUMN);
    if (cell?.value === undefined || cell.value === null) return null;
    return { total: counterContextTotal(cell.value), owners: decodeCounterContext(cell.value).map((s) => Buffer.from(s.counterId).toString('hex')) };
  }

  hostIdHex(i: number): string {
    return this.nodes[i]!.self.hostId.replaceAll('-', '');
  }
}

function keyOf(k: number): Uint8Array {
  return Uint8Array.of(k >>> 24, (k >>> 16) & 0xff, (k >>> 8) & 0xff, k & 0xff);
}

async function failureOf(cluster: CounterCluster, work: Promise<unknown>): Promise<Error> {
  try {
    await cluster.time.settle(work, 60_000);
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the write to fail');
}

describe('counter writes through leaders (simulated cluster)', () => {
  it('totals every acknowledged increment at ONE, on every replica, over a reordering network (RF 2 and RF 3, 24 seeds)', async () => {
    for (let seed = 1; seed <= 24; seed++) {
      const replicationFactor = seed % 2 === 0 ? 2 : 3;
      const cluster = new CounterCluster(seed, replicationFactor);
      cluster.transport.faults.delay = { minMs: 0, maxMs: 5 };
      const random = new SeededRandom(seed * 7919);
      const keys = [1, 2, 3];
      const expected = new Map(keys.map((k) => [k, 0n]));
      const writes: Promise<void>[] = [];
      for (let i = 0; i < 90; i++) {
        const k = keys[random.int(keys.length)]!;
        const delta = BigInt(random.int(11) - 5);
        writes.push(cluster.increment(random.int(3), k, delta, 'ONE').then(() => void expected.set(k, expected.get(k)! + delta)));
      }
      await cluster.time.settle(Promise.all(writes), 60_000);
      // Replication to the replicas the ONE acks did not wait for.
      await cluster.time.runFor(100);
      for (const k of keys) {
        const replicas = cluster.replicasOf(k);
        for (const i of [0, 1, 2]) {
          const stored = await cluster.stored(i, k);
          if (!replicas.includes(i)) {
            expect(stored, `seed ${seed}: node ${i} is no replica of ${k}`).toBeNull();
            continue;
          }
          expect(stored?.total ?? 0n, `seed ${seed}, key ${k}, node ${i}`).toBe(expected.get(k));
          for (const owner of stored?.owners ?? []) expect(replicas.map((r) => cluster.hostIdHex(r))).toContain(owner);
        }
      }
      for (const node of cluster.nodes) expect(node.counters.leader.lockedPartitions).toBe(0);
    }
  });

  it('answers Unavailable before any leader or replica hears of the write', async () => {
    const cluster = new CounterCluster(5, 3);
    const coordinator = cluster.nodes[0]!;
    coordinator.alive.delete(cluster.nodes[2]!.self.hostId);
    const error = await failureOf(cluster, cluster.increment(0, 1, 1n, 'ALL'));
    expect(error).toBeInstanceOf(UnavailableError);
    expect(error).toMatchObject({ consistency: 'ALL', required: 3, alive: 2 });
    await cluster.time.runFor(100);
    for (const i of [0, 1, 2]) expect(await cluster.stored(i, 1)).toBeNull();
    expect(coordinator.messaging.verbCounters()['counterMutation']?.sent ?? 0).toBe(0);
    // QUORUM can still be met, and is.
    await cluster.time.settle(cluster.increment(0, 1, 4n, 'QUORUM'), 10_000);
    expect((await cluster.stored(0, 1))?.total).toBe(4n);
  });

  it('gives WriteTimeout (COUNTER, no acks) when the leader never answers, after twice the write timeout', async () => {
    const cluster = new CounterCluster(9, 2);
    // A partition node 0 does not replicate: its counter writes go to a remote leader.
    let k = 0;
    while (cluster.replicasOf(k).includes(0)) k++;
    const replicaAddresses = cluster.replicasOf(k).map((i) => cluster.nodes[i]!.self.address);
    cluster.transport.faults.partition([cluster.nodes[0]!.self.address], replicaAddresses);
    const started = cluster.time.elapsedMs();
    const error = await failureOf(cluster, cluster.increment(0, k, 1n, 'ONE'));
    expect(error).toBeInstanceOf(WriteTimeoutError);
    expect(error).toMatchObject({ consistency: 'ONE', received: 0, blockFor: 1, writeType: 'COUNTER' });
    expect(cluster.time.elapsedMs() - started).toBeGreaterThanOrEqual(2 * WRITE_TIMEOUT_MS);
    expect(cluster.time.elapsedMs() - started).toBeLessThan(3 * WRITE_TIMEOUT_MS);
  });
});
