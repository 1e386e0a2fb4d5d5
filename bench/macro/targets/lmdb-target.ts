/**
 * Peer: LMDB through lmdb-js, binary keys and values (key -> the five values concatenated).
 *
 * lmdb-js writes asynchronously: puts made in one event turn are queued and committed as one
 * transaction on its own write thread, and the returned promise resolves at commit (visible to
 * readers). With overlappingSync (the default off Windows) the flush to disk of one commit
 * overlaps the next transaction, so `db.flushed` is the durability point. We wrap each
 * harness batch in db.batch(), which puts all 1,000 rows in the next queued transaction and
 * gives one promise for the batch, as its README recommends for throughput. Reads are
 * synchronous from the memory map (getBinaryFast: a reused buffer, checked before the next
 * get), which is what lmdb-js is designed for.
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
    this.database = open<Buffer, Buffer>({ path: dir, keyEncoding: 'binary', encoding: 'binary' });
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
    // LMDB has no compaction: a B+tree in one file. Durable once the last commit is flushed.
    await this.db().flushed;
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
