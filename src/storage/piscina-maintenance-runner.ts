/**
 * Runs flushes and compactions off the VNodeActors' thread: writing an SSTable is stateless CPU
 * and I/O work (STYLE placement rules). The frozen memtable travels as SharedArrayBuffers, so
 * the flush thread reads it without a copy.
 *
 * Two pools with different priorities: a flush frees memtable space the write path is waiting
 * for, so it runs at normal priority; a compaction is background work and runs niced, as in
 * Cassandra, so on a 2-core machine it yields the core to the event loop and the write path.
 */

import { Piscina } from 'piscina';
import { builtWorker } from '../lib/package-root.js';
import { CompactionPool } from './compaction/compaction-pool.js';
import type { CompactionRequest, CompactionResult } from './compaction/compaction-request.js';
import type { FlushRequest, FlushResult } from './flush/flush-task.js';
import type { MaintenanceRunner } from './vnode/storage-thread-services.js';

// Flushes at nice 5 halved main-loop p50 but cost 30% of ingest (memtables wait on them).
const COMPACTION_NICE_INCREMENT = 10;

export class PiscinaMaintenanceRunner implements MaintenanceRunner {
  private readonly flushPool = new Piscina({
    filename: builtWorker('flush'),
    minThreads: 1,
    maxThreads: 1,
    idleTimeout: 60_000,
  });
  private readonly compactionPool = new CompactionPool({ threads: 1, niceIncrement: COMPACTION_NICE_INCREMENT });

  flush(request: FlushRequest): Promise<FlushResult> {
    return this.flushPool.run(request) as Promise<FlushResult>;
  }

  compact(request: CompactionRequest): Promise<CompactionResult> {
    return this.compactionPool.run(request);
  }

  async close(): Promise<void> {
    await Promise.all([this.flushPool.destroy(), this.compactionPool.close()]);
  }
}
