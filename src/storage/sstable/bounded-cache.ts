/**
 * A small least-recently-used cache with a fixed entry bound (STYLE rule 4). A Map keeps
 * insertion order, so re-inserting on a hit moves an entry to the young end and the oldest
 * entry is the first key.
 */

import { assert } from '../../lib/assert.js';

export class BoundedCache<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(readonly entriesMax: number) {
    assert(Number.isInteger(entriesMax) && entriesMax > 0, `cache bound ${entriesMax} must be positive`);
  }

  get(key: K): V | undefined {
    const value = this.entries.get(key);
    if (value === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.entriesMax) {
      const oldest = this.entries.keys().next();
      if (oldest.done !== true) this.entries.delete(oldest.value);
    }
    assert(this.entries.size <= this.entriesMax, 'cache over its bound');
  }

  size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
  }
}
