/**
 * Compaction throughput limit (Cassandra's compaction_throughput, default 64 MiB/s; 0 turns it
 * off): a token bucket in bytes. Tokens refill at `bytesPerSecond` up to `burstBytes` (one
 * second's worth unless given), so a compaction that was idle may burst that much, then runs at
 * the rate. A pool thread keeps one bucket for all its compactions, with a tenth of a second's
 * burst (workers/compaction.worker.ts): charges come per partition, so a small bucket is
 * enough to smooth them, and a second's burst was the whole of a vnode's compaction at 1M
 * rows, unthrottled, right when a heavy ingest needed the cores. `acquire(bytes)`
 * takes the bytes at once and, when that leaves the bucket in debt, sleeps until the debt is
 * repaid: callers charge what they just read, so the average rate holds whatever the chunk size.
 *
 * Time and sleep are arguments: a piscina thread passes a blocking sleep (Atomics.wait), tests
 * pass a manual clock whose sleep advances it.
 */

import { assert } from '../../lib/assert.js';

export const COMPACTION_THROUGHPUT_BYTES_PER_SECOND_DEFAULT = 64 * 1024 * 1024;

export interface ThrottleClock {
  nowMs(): number;
}

export type BlockingSleep = (ms: number) => void;

export class CompactionThrottle {
  private tokens: number;
  private lastRefillMs: number;
  private sleptMsTotal = 0;

  constructor(
    readonly bytesPerSecond: number,
    private readonly clock: ThrottleClock,
    private readonly sleep: BlockingSleep,
    readonly burstBytes: number = bytesPerSecond,
  ) {
    assert(Number.isFinite(bytesPerSecond) && bytesPerSecond >= 0, `bad throughput ${bytesPerSecond}`);
    assert(burstBytes >= 0, 'bad burst');
    this.tokens = burstBytes;
    this.lastRefillMs = clock.nowMs();
  }

  isUnthrottled(): boolean {
    return this.bytesPerSecond === 0;
  }

  /** Milliseconds this throttle has slept: how much compaction was slowed down. */
  sleptMs(): number {
    return this.sleptMsTotal;
  }

  acquire(bytes: number): void {
    assert(bytes >= 0 && Number.isFinite(bytes), `bad byte count ${bytes}`);
    if (this.isUnthrottled() || bytes === 0) return;
    this.refill();
    this.tokens -= bytes;
    if (this.tokens >= 0) return;
    const waitMs = Math.ceil((-this.tokens * 1000) / this.bytesPerSecond);
    this.sleep(waitMs);
    this.sleptMsTotal += waitMs;
    this.refill();
  }

  private refill(): void {
    const now = this.clock.nowMs();
    const elapsedMs = Math.max(0, now - this.lastRefillMs);
    this.lastRefillMs = now;
    this.tokens = Math.min(this.burstBytes, this.tokens + (elapsedMs * this.bytesPerSecond) / 1000);
  }
}

