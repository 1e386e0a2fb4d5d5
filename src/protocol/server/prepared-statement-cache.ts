/**
 * A node's prepared statements by key (Cassandra's QueryProcessor.preparedStatements): a
 * bounded least-recently-used map. A Map keeps insertion order, so a hit is moved to the end
 * by deleting and setting it again, and the first key is always the least recently used one.
 */

import { assert } from '../../lib/assert.js';
import type { PreparedStatement } from '../../cql/prepare/prepared-statement.js';

export class PreparedStatementCache {
  private readonly entries = new Map<string, PreparedStatement>();
  /** The key last moved to the end of `entries`. */
  private mostRecent: string | null = null;

  constructor(private readonly capacity: number) {
    assert(Number.isInteger(capacity) && capacity >= 1, `a prepared statement cache of ${capacity}`);
  }

  get size(): number {
    return this.entries.size;
  }

  /** The most recently used statement: what a client executing one statement over and over asks for next. */
  get mostRecentStatement(): PreparedStatement | undefined {
    return this.mostRecent === null ? undefined : this.entries.get(this.mostRecent);
  }

  /** The statement under `key`, now the most recently used; undefined when unknown or evicted. */
  get(key: string): PreparedStatement | undefined {
    const statement = this.entries.get(key);
    if (statement === undefined) return undefined;
    // Already the most recent (a client executing one statement over and over): no move.
    if (key !== this.mostRecent) {
      this.entries.delete(key);
      this.entries.set(key, statement);
      this.mostRecent = key;
    }
    return statement;
  }

  /** Keeps `statement` under `key` as the most recently used, evicting the least recently used past capacity. */
  set(key: string, statement: PreparedStatement): void {
    this.entries.delete(key);
    this.entries.set(key, statement);
    this.mostRecent = key;
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    assert(this.entries.size <= this.capacity, `${this.entries.size} prepared statements kept of ${this.capacity}`);
  }

  delete(key: string): void {
    this.entries.delete(key);
    if (key === this.mostRecent) this.mostRecent = null;
  }
}
