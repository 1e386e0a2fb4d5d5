/**
 * The piscina pool that runs compactions off every actor's thread (ARCHITECTURE.md section 7).
 * Workers run the compiled entry dist/workers/compaction.worker.js (`npm run build`; ADR 0001),
 * found from the package root so the same code works from src/ under vitest and from dist/.
 * One thread by default: the machine has two cores, and ingest must keep one.
 *
 * Messages are data: a task is a closed union on `kind` (only 'compact' today; flushes have
 * their own worker, src/storage/flush), the result is plain data too.
 */

import { Piscina } from 'piscina';
import { assert } from '../../lib/assert.js';
import { builtWorker } from '../../lib/package-root.js';
import type { CompactionRequest, CompactionResult } from './compaction-request.js';
import { poolNiceIncrement } from '../../lib/pool-nice-increment.js';
import { POOL_EXEC_ARGV } from '../../lib/pool-exec-argv.js';

export type CompactionWorkerTask = { readonly kind: 'compact'; readonly request: CompactionRequest };

export interface CompactionPoolOptions {
  /** Compaction threads (Cassandra's concurrent_compactors); default 1. */
  readonly threads?: number;
  /** Override of the built worker entry, for tests. */
  readonly workerFilename?: string;
  /** How long an idle thread lingers before piscina ends it. */
  readonly idleTimeoutMs?: number;
  /** Lowers the pool threads' CPU priority (Linux nice), as Cassandra runs compaction in the background. */
  readonly niceIncrement?: number;
}

export const COMPACTION_THREADS_MAX = 16;

export class CompactionPool {
  private readonly pool: Piscina<CompactionWorkerTask, CompactionResult>;
  private closed = false;

  constructor(options: CompactionPoolOptions = {}) {
    const threads = options.threads ?? 1;
    assert(Number.isInteger(threads) && threads >= 1 && threads <= COMPACTION_THREADS_MAX, `bad compaction thread count ${threads}`);
    this.pool = new Piscina<CompactionWorkerTask, CompactionResult>({
      filename: options.workerFilename ?? builtWorker('compaction'),
      minThreads: 0,
      maxThreads: threads,
      idleTimeout: options.idleTimeoutMs ?? 30_000,
      niceIncrement: poolNiceIncrement(options.niceIncrement ?? 0),
      execArgv: [...POOL_EXEC_ARGV],
    });
  }

  /** Threads that can merge at once: the manager's concurrency limit should not exceed it. */
  get threads(): number {
    return this.pool.maxThreads;
  }

  /**
   * `signal` aborts the compaction (its table was truncated or dropped): a queued one never
   * starts, a running one has its pool thread ended (piscina starts another), leaving output
   * files without a TOC for the caller to delete.
   */
  run(request: CompactionRequest, signal?: AbortSignal): Promise<CompactionResult> {
    assert(!this.closed, 'compaction pool is closed');
    const task: CompactionWorkerTask = { kind: 'compact', request };
    return signal === undefined ? this.pool.run(task) : this.pool.run(task, { signal });
  }

  /** Waits for running compactions, then ends the threads. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.close();
  }
}
