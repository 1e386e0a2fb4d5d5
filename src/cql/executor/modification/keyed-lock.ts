/**
 * Read-before-write statements on one partition run one at a time (counter increments, list
 * updates by index): two increments read the same shard concurrently would lose one. Cassandra
 * takes a per-partition counter lock for the same reason. Keyed by name (read-partitions.ts),
 * first come first served; a key's entry is gone once nobody holds or awaits it.
 */

export class KeyedLock {
  private readonly tails = new Map<string, Promise<void>>();

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const current = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => current);
    this.tails.set(key, tail);
    await previous;
    try {
      return await work();
    } finally {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}
