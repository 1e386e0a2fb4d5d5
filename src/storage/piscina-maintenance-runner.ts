/**
 * Runs flushes and compactions off the VNodeActors' thread: writing an SSTable is stateless CPU
 * and I/O work (STYLE placement rules). The frozen memtable travels as SharedArrayBuffers, so
 * the flush thread reads it without a copy.
 *
 * Flushes go to the node's one flusher (flush/node-flusher.ts) over the thread's line to it;
 * compactions run on this thread's own pool. The two have different priorities: a flush frees
 * memtable space the write path is waiting for, so it runs a little above the storage threads'
 * priority (flush/node-flusher.ts); a compaction is background work and runs niced, as in
 * Cassandra, so on a 2-core machine it yields the core to the event loop and the write path.
 */

import { CompactionPool } from './compaction/compaction-pool.js';
import type { CompactionRequest, CompactionResult } from './compaction/compaction-request.js';
import type { FlushClient } from './flush/flush-client.js';
import type { FlushRequest, FlushResult } from './flush/flush-task.js';
import type { MaintenanceRunner } from './vnode/storage-thread-services.js';

/**
 * Added to the storage thread's nice (5 by default) and capped by the kernel at 19, the lowest
 * priority: compaction takes what the write path leaves. At nice 15 a full compaction cut the
 * ingest beside it to 0.79-0.83 of its rate in three paired runs, at 19 to 0.85-0.91.
 */
const COMPACTION_NICE_INCREMENT = 14;

export class PiscinaMaintenanceRunner implements MaintenanceRunner {
  private readonly compactionPool = new CompactionPool({ threads: 1, niceIncrement: COMPACTION_NICE_INCREMENT });

  constructor(private readonly flusher: FlushClient) {}

  flush(request: FlushRequest): Promise<FlushResult> {
    return this.flusher.flush(request);
  }

  compact(request: CompactionRequest, signal?: AbortSignal): Promise<CompactionResult> {
    return this.compactionPool.run(request, signal);
  }

  async close(): Promise<void> {
    this.flusher.close();
    await this.compactionPool.close();
  }
}
