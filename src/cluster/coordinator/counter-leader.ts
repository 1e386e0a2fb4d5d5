/**
 * A counter write's leader (Cassandra's StorageProxy.applyCounterMutationOnLeader around
 * CounterMutation.applyCounterMutation), on the replica the coordinator chose, which may be the
 * coordinator itself:
 *
 *   1. Unavailable if the level cannot be met now, before anything is applied.
 *   2. Per partition, under the partition's counter lock: read this node's shard of each
 *      updated counter from the LOCAL engine, never from another replica (the shard is this
 *      node's alone, and only its own storage is sure to hold the shard's latest clock); build
 *      (clock + 1, value + delta) under this node's host id (counter-mutation.ts); apply the
 *      result locally; release the lock.
 *   3. Replicate the applied mutations to the other replicas with a WriteCoordinator at the
 *      level, writeType COUNTER. Its write to this node is step 2's, already done, so this
 *      node's ack counts toward blockFor at once; down or silent replicas get hints as any
 *      write's do; WriteTimeout and WriteFailure carry the acks counted, this node's included.
 *
 * The lock covers step 2 only, as Cassandra's does: one write's replication overlaps the next
 * one's local step, and a later shard overtaking an earlier one on the way to a replica is
 * harmless, since the merge keeps the higher clock.
 */

import type { Timers } from '../../actors/timers.js';
import { assert } from '../../lib/assert.js';
import type { ClusteringSlice } from '../../storage/model/clustering-slice.js';
import { localShardOf, type CounterClockAndValue } from '../../storage/model/counter-context.js';
import type { Row } from '../../storage/model/row.js';
import type { NodeStorage } from '../../storage/node-storage.js';
import type { WriteMutation } from '../../storage/storage-engine.js';
import { readBatchHeader } from '../../storage/vnode/vnode-wire.js';
import { isSerialConsistency, type ConsistencyLevel } from '../consistency/consistency-level.js';
import type { HintSink } from '../hints/hint-sink.js';
import type { MessagingService } from '../messaging/messaging-service.js';
import { counterUpdateRows, toLeaderMutation, type LocalShardLookup } from './counter-mutation.js';
import { CounterLock } from './counter-lock.js';
import { assureCounterWriteAvailable, counterReplicasOf } from './counter-replicas.js';
import { WriteCoordinator, type PendingReplicaView } from './write-coordinator.js';

export interface CounterLeaderDeps {
  readonly engine: NodeStorage;
  readonly messaging: MessagingService;
  readonly view: PendingReplicaView;
  readonly timers: Timers;
  /** How long replication waits for the level's acks (write_request_timeout). */
  readonly timeoutMs: number;
  readonly hints?: HintSink;
}

export class CounterLeader {
  private readonly lock = new CounterLock();
  private readonly replication: WriteCoordinator;

  constructor(private readonly deps: CounterLeaderDeps) {
    this.replication = new WriteCoordinator({ ...deps, engine: appliedLocally(deps.engine) });
  }

  /** Applies counter mutations (one per partition, counter cells holding deltas) as their leader. */
  async apply(updates: readonly WriteMutation[], level: ConsistencyLevel): Promise<void> {
    // The coordinator refused these levels (validateCounterForWrite); a peer sending one has a bug.
    assert(level !== 'ANY' && !isSerialConsistency(level), `counter writes cannot be at ${level}`);
    const { view } = this.deps;
    for (const update of updates) {
      const strategy = view.strategyOf(update.tableId);
      if (strategy !== null) assureCounterWriteAvailable(counterReplicasOf(view, strategy, update.key), level, strategy, view.self.datacenter);
    }
    const leaderId = hostIdBytes(view.self.hostId);
    const applied = await Promise.all(updates.map((update) => this.lock.run(update.tableId, update.key, () => this.applyLocally(update, leaderId))));
    // Node-local tables have no other replica; their write is done.
    const replicated = applied.filter((mutation) => view.strategyOf(mutation.tableId) !== null);
    if (replicated.length > 0) await this.replication.write(replicated, level, 'COUNTER');
  }

  /** Partitions whose counter lock is held or awaited now. */
  get lockedPartitions(): number {
    return this.lock.size;
  }

  private async applyLocally(update: WriteMutation, leaderId: Uint8Array): Promise<WriteMutation> {
    const rows = counterUpdateRows(update);
    const mutation = rows.length === 0 ? update : toLeaderMutation(update, leaderId, await this.localShards(update, rows, leaderId));
    await this.deps.engine.write([mutation]);
    return mutation;
  }

  /** This node's shards of the counters in `rows`, from its own engine. */
  private async localShards(update: WriteMutation, rows: ReadonlyArray<Uint8Array | null>, leaderId: Uint8Array): Promise<LocalShardLookup> {
    const stored = await Promise.all(rows.map((clustering) => readLocalRow(this.deps.engine, update.tableId, update.key, clustering)));
    const shards = new Map<string, CounterClockAndValue>();
    rows.forEach((clustering, i) => {
      for (const cell of stored[i]?.cells ?? []) {
        if (cell.counter !== true || cell.value === null) continue;
        const shard = localShardOf(cell.value, leaderId);
        if (shard !== null) shards.set(cellName(clustering, cell.column), shard);
      }
    });
    return (clustering, column) => shards.get(cellName(clustering, column)) ?? null;
  }
}

/** One live row of the local engine (null clustering: the static row), or null. */
async function readLocalRow(engine: NodeStorage, tableId: number, key: Uint8Array, clustering: Uint8Array | null): Promise<Row | null> {
  if (clustering === null) return (await engine.read(tableId, key, STATIC_ONLY))?.staticRow ?? null;
  const bound = { prefix: clustering, inclusive: true };
  const partition = await engine.read(tableId, key, { start: bound, end: bound, reversed: false, limit: 1 });
  return partition?.rows.find((row) => Buffer.compare(row.clustering, clustering) === 0) ?? null;
}

/** No clustering rows, so only the static row comes back. */
const STATIC_ONLY: ClusteringSlice = Object.freeze({
  start: Object.freeze({ prefix: new Uint8Array(0), inclusive: true }),
  end: Object.freeze({ prefix: new Uint8Array(0), inclusive: true }),
  reversed: false,
  limit: 0,
});

function cellName(clustering: Uint8Array | null, column: number): string {
  return `${clustering === null ? 'static' : Buffer.from(clustering).toString('hex')}/${column}`;
}

function hostIdBytes(hostId: string): Uint8Array {
  const bytes = Buffer.from(hostId.replaceAll('-', ''), 'hex');
  assert(bytes.length === 16, `host id ${hostId} is not a UUID`);
  return bytes;
}

/**
 * The leader's storage as its replication sees it: everything goes to the engine but the write
 * to this node, which step 2 made already; "writing" it again is only this node's ack.
 */
function appliedLocally(engine: NodeStorage): NodeStorage {
  return {
    get config() {
      return engine.config;
    },
    write: (mutations) => engine.write(mutations),
    writeRows: (tableId, fill) => engine.writeRows(tableId, fill),
    writeEncodedBatch: (batch) => Promise.resolve(readBatchHeader(batch).count),
    read: (tableId, key, slice) => engine.read(tableId, key, slice),
    readUnfiltered: (tableId, key, slice) => engine.readUnfiltered(tableId, key, slice),
    readReplica: (tableId, key, slice, digestOnly) => engine.readReplica(tableId, key, slice, digestOnly),
    scan: (tableId, range) => engine.scan(tableId, range),
    scanUnfiltered: (tableId, range) => engine.scanUnfiltered(tableId, range),
    tables: () => engine.tables(),
    createTable: (options) => engine.createTable(options),
    alterTable: (options) => engine.alterTable(options),
    truncateTable: (tableId) => engine.truncateTable(tableId),
    dropTable: (tableId) => engine.dropTable(tableId),
    cleanupTable: (tableId, keep) => engine.cleanupTable(tableId, keep),
    close: () => engine.close(),
  };
}
