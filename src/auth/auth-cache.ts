/**
 * A node's cache of what system_auth says (Cassandra's AuthCache: RolesCache, PermissionsCache):
 * an entry is served for `validityMs` after it was loaded, then loaded again. Bounded: past
 * `entriesMax` the oldest entry goes. Concurrent loads of one key share a promise; a failed
 * load is not kept, nor a value `keep` refuses (a role that does not exist: it may be created
 * through another node the next moment, and its first login must not wait out the validity). Changes made through this node drop the entries they touch at once; other
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
    private readonly keep: (value: V) => boolean = () => true,
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
    // A failure, or a value not to keep, is answered to those who asked meanwhile, then dropped.
    const drop = (): void => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    };
    value.then((loaded) => {
      if (!this.keep(loaded)) drop();
    }, drop);
    return value;
  }

  invalidate(key: K): void {
    this.entries.delete(key);
  }

  invalidateAll(): void {
    this.entries.clear();
  }
}
