/**
 * The node's outbound streaming throttle (Cassandra's StreamManager.StreamRateLimiter over
 * stream_throughput_outbound): every page this node sends, pulled or pushed, first takes its
 * bytes from one limiter shared by all its streams. The limiter keeps the time at which the
 * link is next free: a page may leave at once when the link is idle, else it waits its turn,
 * so over any stretch of pages the rate holds at the configured bytes per second.
 *
 * 0 means unthrottled, as in Cassandra; `nodetool setstreamthroughput` changes it at run time.
 */

import type { Timers } from '../../actors/timers.js';
import { assert } from '../../lib/assert.js';
import type { Clock } from '../../lib/clock.js';

export class StreamRateLimiter {
  private freeAtMs = 0;

  constructor(
    private bytesPerSecond: number,
    private readonly clock: Clock,
    private readonly timers: Timers,
  ) {
    assert(Number.isFinite(bytesPerSecond) && bytesPerSecond >= 0, `stream throughput ${bytesPerSecond}`);
  }

  /** Bytes per second; 0 = unthrottled. */
  get throughputBytesPerSecond(): number {
    return this.bytesPerSecond;
  }

  setThroughput(bytesPerSecond: number): void {
    assert(Number.isFinite(bytesPerSecond) && bytesPerSecond >= 0, `stream throughput ${bytesPerSecond}`);
    this.bytesPerSecond = bytesPerSecond;
    this.freeAtMs = 0;
  }

  /** How many bytes the limiter lets through in `ms` (Infinity when unthrottled). */
  bytesWithinMs(ms: number): number {
    return this.bytesPerSecond === 0 ? Infinity : (this.bytesPerSecond * ms) / 1000;
  }

  /** Resolves when `bytes` may be sent. */
  async acquire(bytes: number): Promise<void> {
    assert(bytes >= 0, `acquire ${bytes} bytes`);
    if (this.bytesPerSecond === 0 || bytes === 0) return;
    const now = this.clock.nowMs();
    const start = Math.max(now, this.freeAtMs);
    this.freeAtMs = start + (bytes * 1000) / this.bytesPerSecond;
    const waitMs = start - now;
    if (waitMs > 0) await new Promise<void>((resolve) => this.timers.setTimeout(resolve, waitMs));
  }
}
