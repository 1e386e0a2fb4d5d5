/**
 * A node's coordinator: the StorageProxy its executor uses in a cluster, one per consistency
 * level (`at(level)`), so the CQL layer's calls carry no level and the executor's write
 * coalescer never mixes two levels in one write. Writes, partition reads and range reads are
 * each their own class; this one only binds them to a level.
 */

import type { Timers } from '../../actors/timers.js';
import type { Clock } from '../../lib/clock.js';
import type { ClusteringSlice } from '../../storage/model/clustering-slice.js';
import type { LivePartition } from '../../storage/model/read-filter.js';
import type { RowBatchWriter } from '../../storage/row-batch-writer.js';
import type { ScanRange, StorageEngine, WriteMutation } from '../../storage/storage-engine.js';
import type { ConsistencyLevel } from '../consistency/consistency-level.js';
import type { MessagingService } from '../messaging/messaging-service.js';
import type { Endpoint } from '../ring/endpoint.js';
import { DEFAULT_TIMEOUTS, type ClusterView, type CoordinatorTimeouts } from './cluster-view.js';
import { RangeReadCoordinator } from './range-read-coordinator.js';
import { ReadCoordinator } from './read-coordinator.js';
import type { StorageProxy } from './storage-proxy.js';
import { WriteCoordinator } from './write-coordinator.js';

export interface CoordinatorDeps {
  readonly engine: StorageEngine;
  readonly messaging: MessagingService;
  readonly view: ClusterView;
  readonly timers: Timers;
  readonly clock: Clock;
  readonly timeouts?: CoordinatorTimeouts;
  readonly onReadRepair?: (replica: Endpoint) => void;
}

export class Coordinator {
  readonly writes: WriteCoordinator;
  readonly reads: ReadCoordinator;
  readonly rangeReads: RangeReadCoordinator;
  private readonly proxies = new Map<ConsistencyLevel, StorageProxy>();

  constructor(deps: CoordinatorDeps) {
    const timeouts = deps.timeouts ?? DEFAULT_TIMEOUTS;
    this.writes = new WriteCoordinator({ ...deps, timeoutMs: timeouts.writeMs });
    this.reads = new ReadCoordinator({ ...deps, timeoutMs: timeouts.readMs });
    this.rangeReads = new RangeReadCoordinator({ ...deps, timeoutMs: timeouts.rangeMs });
  }

  /** The proxy for statements at `level` (the same object each time). */
  at(level: ConsistencyLevel): StorageProxy {
    let proxy = this.proxies.get(level);
    if (proxy === undefined) {
      const { writes, reads, rangeReads } = this;
      proxy = {
        write: (mutations: readonly WriteMutation[]) => writes.write(mutations, level),
        writeRows: (tableId: number, fill: (rows: RowBatchWriter) => void) => writes.writeRows(tableId, fill, level),
        read: (tableId: number, key: Uint8Array, slice?: ClusteringSlice) => reads.read(tableId, key, slice, level),
        scan: (tableId: number, range: ScanRange = {}): AsyncIterable<LivePartition> => rangeReads.scan(tableId, range, level),
      };
      this.proxies.set(level, proxy);
    }
    return proxy;
  }
}
