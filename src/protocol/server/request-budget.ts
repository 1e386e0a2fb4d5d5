/**
 * The bytes of requests a node is executing, across all its connections (Cassandra's
 * native_transport_max_concurrent_requests_in_bytes): each request holds its frame body's
 * size from dispatch until its answer is written. Past the cap a request is not taken on: a
 * client that asked for it (STARTUP THROW_ON_OVERLOAD=1) is answered Overloaded (0x1001) at
 * once, any other connection stops reading until bytes are released, so TCP pushes back on
 * the client. Either way what a node holds for its clients stays bounded.
 *
 * A request larger than the whole cap is still taken on when nothing else is in flight, or
 * it could never run.
 */

import { assert } from '../../lib/assert.js';

export class RequestBudget {
  private inUse = 0;
  private readonly waiters = new Set<() => void>();

  constructor(readonly capBytes: number) {
    assert(Number.isInteger(capBytes) && capBytes > 0, `request budget ${capBytes}`);
  }

  get bytesInUse(): number {
    return this.inUse;
  }

  tryAcquire(bytes: number): boolean {
    if (this.inUse > 0 && this.inUse + bytes > this.capBytes) return false;
    this.inUse += bytes;
    return true;
  }

  release(bytes: number): void {
    this.inUse -= bytes;
    assert(this.inUse >= 0, 'request budget released more than it held');
    for (const wake of [...this.waiters]) wake();
  }

  /** Calls `wake` at every release until it is removed; returns the removal. */
  onRelease(wake: () => void): () => void {
    this.waiters.add(wake);
    return () => this.waiters.delete(wake);
  }
}
