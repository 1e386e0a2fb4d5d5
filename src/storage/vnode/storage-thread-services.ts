/**
 * What the VNodeActors of one worker thread share: the thread's commit log (one per thread, as
 * ARCHITECTURE.md section 3 draws it), the slab pool their memtables draw from, the disk port,
 * the clock, the pool that runs flushes and compactions off this thread, and the directory of
 * the thread's vnodes.
 */

import type { Clock } from '../../lib/clock.js';
import type { StoragePort } from '../../lib/storage-port.js';
import type { CommitLog } from '../commitlog/commit-log.js';
import type { Scheduler } from '../commitlog/scheduler.js';
import type { CompactionRequest, CompactionResult } from '../compaction/compaction-request.js';
import type { FlushRequest, FlushResult } from '../flush/flush-task.js';
import type { SlabPool } from '../memtable/slab-pool.js';
import type { StorageConfig } from '../storage-config.js';
import type { VNodeState } from './vnode-state.js';

export interface MaintenanceRunner {
  flush(request: FlushRequest): Promise<FlushResult>;
  /** `signal` aborts it (truncate, drop): the promise rejects and partial outputs stay behind. */
  compact(request: CompactionRequest, signal?: AbortSignal): Promise<CompactionResult>;
  close(): Promise<void>;
}

export interface StorageThreadServices {
  readonly threadIndex: number;
  readonly config: StorageConfig;
  readonly port: StoragePort;
  readonly clock: Clock;
  readonly scheduler: Scheduler;
  readonly commitLog: CommitLog;
  readonly slabPool: SlabPool;
  readonly maintenance: MaintenanceRunner;
  /** The VNodeStates on this thread by vnode index (each registers itself when created). */
  readonly vnodes: Map<number, VNodeState>;
}
