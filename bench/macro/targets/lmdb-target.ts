/**
 * Peer: LMDB through lmdb-js, binary keys and values (key -> the five values concatenated).
 *
 * lmdb-js writes asynchronously: puts made in one event turn are queued and committed as one
 * transaction on its own write thread, and the returned promise resolves at commit (visible to
 * readers). We wrap each harness batch in db.batch(), which puts all 1,000 rows in the next
 * queued transaction and gives one promise for the batch, as its README recommends for
 * throughput. Reads are synchronous from the memory map (getBinaryFast: a reused buffer,
 * checked before the next get), which is what lmdb-js is designed for.
 *
 * Durability is matched to the other targets: LevelDB (sync: false), SQLite (WAL,
 * synchronous=NORMAL) and our commit log do not fsync per batch, while LMDB by default syncs
 * every commit, which costs it about half its rate here. So the target opens with noSync and
 * syncs the environment once in settle(). (Unlike the others, LMDB with noSync can be
 * corrupted, not just truncated, by an OS crash; bench/README.md records the default-sync
 * numbers too.)
 */

import { open, type RootDatabase } from 'lmdb';
import { assert } from '../../../src/lib/assert.js';
import type { IngestTarget, IngestTargetFactory } from '../ingest-target.js';
import type { StressRows } from '../stress-rows.js';

class LmdbTarget implements IngestTarget {
  readonly name = 'lmdb';
  private database: RootDatabase<Buffer, Buffer> | null = null;
  private writtenRows: StressRows | null = null;

  open(dir: string): Promise<void> {
    assert(this.database === null, 'lmdb target opened twice');
    this.database = open<Buffer, Buffer>({
      path: dir,
      keyEncoding: 'binary',
      encoding: 'binary',
      noSync: true,
    });
    return Promise.resolve();
  }

  async writeBatch(rows: StressRows, from: number, to: number): Promise<void> {
    this.writtenRows = rows;
    const db = this.db();
    const committed = await db.batch(() => {
      for (let i = from; i < to; i++) void db.put(rows.key(i), rows.rowValue(i));
    });
    assert(committed, 'lmdb batch was not committed');
  }

  async settle(): Promise<void> {
    // LMDB has no compaction: a B+tree in one file. Wait for the last commit, then fsync.
    const db = this.db();
    await db.committed;
    await new Promise<void>((resolve, reject) => {
      // env.sync is in lmdb-js's open.js but not in its .d.ts, hence the narrow cast.
      const syncable = db as unknown as { sync(done: (error: Error | null) => void): void };
      syncable.sync((error) => (error === null || error === undefined ? resolve() : reject(error)));
    });
  }

  read(keyIndex: number): Promise<boolean> {
    const rows = this.writtenRows;
    assert(rows !== null, 'read before any write');
    const value = this.db().getBinaryFast(rows.key(keyIndex));
    return Promise.resolve(value !== undefined && rows.isRowValue(keyIndex, value));
  }

  async close(): Promise<void> {
    if (this.database === null) return;
    await this.database.close();
    this.database = null;
  }

  private db(): RootDatabase<Buffer, Buffer> {
    assert(this.database !== null, 'lmdb target is not open');
    return this.database;
  }
}

export const ingestTargetFactory: IngestTargetFactory = {
  name: 'lmdb',
  kind: 'lmdb',
  create: () => new LmdbTarget(),
};
