/**
 * A node's cache of what system_auth says (Cassandra's AuthCache: RolesCache, PermissionsCache):
 * an entry is served for `validityMs` after it was loaded, then loaded again. Bounded: past
 * `entriesMax` the oldest entry goes. Concurrent loads of one key share a promise; a failed
 * load is not kept. Changes made through this node drop the entries they touch at once; other
 * nodes see them once their entries expire, as in Cassandra.
 */

import { assert } from '../lib/assert.js';
import type { Clock } from '../lib/clock.js';

interface Entry<V> {
  readonly value: Promise<V>;
  readonly loadedMs: number;
}

export class AuthCache<K, V> {
  private readonly entries = new Map<K, Entry<V>>();

  constructor(
    private readonly load: (key: K) => Promise<V>,
    private readonly clock: Clock,
    private readonly validityMs: number,
    private readonly entriesMax: number,
  ) {
    assert(validityMs >= 0 && entriesMax >= 1, `cache validity ${validityMs} ms, ${entriesMax} entries`);
  }

  get(key: K): Promise<V> {
    const now = this.clock.nowMs();
    const cached = this.entries.get(key);
    if (cached !== undefined && now - cached.loadedMs < this.validityMs) return cached.value;
    this.entries.delete(key);
    const value = this.load(key);
    if (this.validityMs === 0) return value;
    const entry = { value, loadedMs: now };
    this.entries.set(key, entry);
    if (this.entries.size > this.entriesMax) this.entries.delete(this.entries.keys().next().value!);
    // A failure is answered once, never cached (the next ask loads again).
    value.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    return value;
  }

  invalidate(key: K): void {
    this.entries.delete(key);
  }

  invalidateAll(): void {
    this.entries.clear();
  }
}
