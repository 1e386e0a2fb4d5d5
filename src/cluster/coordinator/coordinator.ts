/**
 * A node's coordinator: the StorageProxy its executor uses in a cluster, one per consistency
 * level (`at(level)`), so the CQL layer's calls carry no level and the executor's write
 * coalescer never mixes two levels in one write. Writes, counter writes (through a leader
 * replica, counter-write-coordinator.ts), partition reads and range reads are each their own
 * class; this one binds them to a level and times each call into the node's client request
 * metrics (count, latency, timeouts, Unavailables, failures per level and table).
 */

import type { Timers } from '../../actors/timers.js';
import type { Clock } from '../../lib/clock.js';
import type { ClusteringSlice } from '../../storage/model/clustering-slice.js';
import type { LivePartition } from '../../storage/model/read-filter.js';
import type { RowBatchWriter } from '../../storage/row-batch-writer.js';
import type { NodeStorage } from '../../storage/node-storage.js';
import type { ScanRange, WriteMutation } from '../../storage/storage-engine.js';
import type { ConsistencyLevel } from '../consistency/consistency-level.js';
import type { HintSink } from '../hints/hint-sink.js';
import type { MessagingService } from '../messaging/messaging-service.js';
import { ClientRequestMetrics, outcomeOf, type ClientOperation, type RequestOutcome } from '../metrics/client-request-metrics.js';
import { MetricRegistry } from '../metrics/metric-registry.js';
import type { Endpoint } from '../ring/endpoint.js';
import { DEFAULT_TIMEOUTS, type ClusterView, type CoordinatorTimeouts } from './cluster-view.js';
import { CounterWriteCoordinator } from './counter-write-coordinator.js';
import { RangeReadCoordinator } from './range-read-coordinator.js';
import { ReadCoordinator } from './read-coordinator.js';
import type { StorageProxy } from './storage-proxy.js';
import { WriteCoordinator } from './write-coordinator.js';

export interface CoordinatorDeps {
  readonly engine: NodeStorage;
  readonly messaging: MessagingService;
  readonly view: ClusterView;
  readonly timers: Timers;
  readonly clock: Clock;
  readonly timeouts?: CoordinatorTimeouts;
  readonly onReadRepair?: (replica: Endpoint) => void;
  /** Hinted handoff for writes (WriteCoordinator); none = shares of down replicas are dropped. */
  readonly hints?: HintSink;
  /** The node's metrics (default: a registry of the coordinator's own). */
  readonly metrics?: MetricRegistry;
  /** Monotonic milliseconds with sub-millisecond resolution, for latencies (default performance.now). */
  readonly monotonicMs?: () => number;
}

export class Coordinator {
  readonly writes: WriteCoordinator;
  readonly reads: ReadCoordinator;
  readonly rangeReads: RangeReadCoordinator;
  readonly counters: CounterWriteCoordinator;
  readonly metrics: MetricRegistry;
  readonly requestMetrics: ClientRequestMetrics;
  private readonly proxies = new Map<ConsistencyLevel, StorageProxy>();
  private readonly monotonicMs: () => number;

  constructor(deps: CoordinatorDeps) {
    const timeouts = deps.timeouts ?? DEFAULT_TIMEOUTS;
    this.metrics = deps.metrics ?? new MetricRegistry();
    this.requestMetrics = new ClientRequestMetrics(this.metrics);
    // Clock.nowMs has millisecond steps, too coarse for a local write; latencies need a monotonic clock.
    this.monotonicMs = deps.monotonicMs ?? (() => performance.now());
    this.writes = new WriteCoordinator({ ...deps, timeoutMs: timeouts.writeMs });
    this.reads = new ReadCoordinator({ ...deps, timeoutMs: timeouts.readMs, monotonicMs: this.monotonicMs });
    this.rangeReads = new RangeReadCoordinator({ ...deps, timeoutMs: timeouts.rangeMs });
    this.counters = new CounterWriteCoordinator({ ...deps, timeoutMs: timeouts.writeMs });
    // Every node leads counter writes for the partitions it replicates, coordinator or not.
    this.counters.serve();
  }

  /** The proxy for statements at `level` (the same object each time). */
  at(level: ConsistencyLevel): StorageProxy {
    let proxy = this.proxies.get(level);
    if (proxy === undefined) {
      const { writes, reads, rangeReads, counters } = this;
      proxy = {
        // A coalesced write carries several clients' statements: each mutation or row counts (client-request-metrics.ts).
        write: (mutations: readonly WriteMutation[]) => this.timed('write', level, tableIdsOf(mutations), () => writes.write(mutations, level), () => mutations.length),
        writeRows: (tableId: number, fill: (rows: RowBatchWriter) => void) => {
          let rows = 0;
          const counted = (writer: RowBatchWriter): void => {
            fill(writer);
            rows = writer.rowCount();
          };
          return this.timed('write', level, [tableId], () => writes.writeRows(tableId, counted, level), () => rows);
        },
        read: (tableId: number, key: Uint8Array, slice?: ClusteringSlice) => this.timed('read', level, [tableId], () => reads.read(tableId, key, slice, level)),
        scan: (tableId: number, range: ScanRange = {}): AsyncIterable<LivePartition> => this.timedScan(tableId, level, rangeReads.scan(tableId, range, level)),
        writeCounters: (updates: readonly WriteMutation[], table: string) => this.timed('write', level, tableIdsOf(updates), () => counters.write(updates, level, table), () => updates.length),
      };
      this.proxies.set(level, proxy);
    }
    return proxy;
  }

  private async timed<T>(operation: ClientOperation, level: ConsistencyLevel, tableIds: readonly number[], call: () => Promise<T>, requests: () => number = () => 1): Promise<T> {
    const startMs = this.monotonicMs();
    try {
      const result = await call();
      this.requestMetrics.record(operation, level, (this.monotonicMs() - startMs) / 1000, 'ok', tableIds, Math.max(1, requests()));
      return result;
    } catch (error) {
      this.requestMetrics.record(operation, level, (this.monotonicMs() - startMs) / 1000, outcomeOf(error), tableIds, Math.max(1, requests()));
      throw error;
    }
  }

  /** A range read lasts until its last page is read, or its reader stops early (LIMIT). */
  private async *timedScan(tableId: number, level: ConsistencyLevel, partitions: AsyncIterable<LivePartition>): AsyncGenerator<LivePartition> {
    const startMs = this.monotonicMs();
    let outcome: RequestOutcome = 'ok';
    try {
      yield* partitions;
    } catch (error) {
      outcome = outcomeOf(error);
      throw error;
    } finally {
      this.requestMetrics.record('range_read', level, (this.monotonicMs() - startMs) / 1000, outcome, [tableId]);
    }
  }
}

/** The tables a write touches, each once (most writes touch one). */
function tableIdsOf(mutations: readonly WriteMutation[]): readonly number[] {
  if (mutations.length === 1) return [mutations[0]!.tableId];
  return [...new Set(mutations.map((m) => m.tableId))];
}
