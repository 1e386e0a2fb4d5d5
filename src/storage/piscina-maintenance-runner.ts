/**
 * Runs flushes (and compactions) on a piscina pool, off the VNodeActors' thread: writing an
 * SSTable is stateless CPU and I/O work (STYLE placement rules). The frozen memtable travels as
 * SharedArrayBuffers, so the pool thread reads it without a copy.
 */

import { Piscina } from 'piscina';
import { builtWorker } from '../lib/package-root.js';
import type { CompactionWorkerTask } from './compaction/compaction-pool.js';
import type { CompactionRequest, CompactionResult } from './compaction/compaction-request.js';
import type { FlushRequest, FlushResult } from './flush/flush-task.js';
import type { MaintenanceRunner } from './vnode/storage-thread-services.js';

export class PiscinaMaintenanceRunner implements MaintenanceRunner {
  private readonly pool = new Piscina({
    filename: builtWorker('flush'),
    minThreads: 1,
    maxThreads: 1,
    idleTimeout: 60_000,
  });

  flush(request: FlushRequest): Promise<FlushResult> {
    return this.pool.run(request, { filename: builtWorker('flush') }) as Promise<FlushResult>;
  }

  compact(request: CompactionRequest): Promise<CompactionResult> {
    const task: CompactionWorkerTask = { kind: 'compact', request };
    return this.pool.run(task, { filename: builtWorker('compaction') }) as Promise<CompactionResult>;
  }

  async close(): Promise<void> {
    await this.pool.destroy();
  }
}
