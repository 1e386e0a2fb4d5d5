/**
 * The counter leader's lock per partition (Cassandra's CounterMutation.grabCounterLocks, striped
 * by partition there): from the read of the leader's shards to their applied write, no other
 * counter write of the partition reads them, or two writes would build on one clock and the
 * second would hide the first (the merge keeps one shard per clock). First come first served;
 * a partition's entry is gone once nobody holds or awaits it, so the map is bounded by the
 * counter writes in flight.
 */

export class CounterLock {
  private readonly tails = new Map<string, Promise<void>>();

  /** Runs `work` once every earlier holder of the partition's lock has finished. */
  async run<T>(tableId: number, key: Uint8Array, work: () => Promise<T>): Promise<T> {
    const name = `${tableId}/${Buffer.from(key.buffer, key.byteOffset, key.byteLength).toString('hex')}`;
    const previous = this.tails.get(name) ?? Promise.resolve();
    let release!: () => void;
    const current = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => current);
    this.tails.set(name, tail);
    await previous;
    try {
      return await work();
    } finally {
      release();
      if (this.tails.get(name) === tail) this.tails.delete(name);
    }
  }

  /** Partitions locked or awaited now (for tests: zero once the writes are done). */
  get size(): number {
    return this.tails.size;
  }
}
