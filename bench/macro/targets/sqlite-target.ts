/**
 * Peer: SQLite through better-sqlite3, configured for bulk ingest as its docs advise:
 * journal_mode=WAL, synchronous=NORMAL (no fsync per commit; the WAL is synced at checkpoints),
 * one table (key BLOB PRIMARY KEY, c0..c4 BLOB), a prepared INSERT run 1,000 times inside one
 * transaction per harness batch, and a prepared point SELECT for reads. better-sqlite3 is
 * synchronous: each batch blocks the event loop for its whole duration (visible in the
 * loop-delay column).
 */

import Database from 'better-sqlite3';
import { assert } from '../../../src/lib/assert.js';
import type { IngestTarget, IngestTargetFactory } from '../ingest-target.js';
import type { StressRows } from '../stress-rows.js';

type Row = [Buffer, Buffer, Buffer, Buffer, Buffer];

interface Prepared {
  readonly database: Database.Database;
  readonly insert: Database.Statement<[Buffer, Buffer, Buffer, Buffer, Buffer, Buffer]>;
  readonly select: Database.Statement<[Buffer], Row>;
  readonly insertBatch: (rows: StressRows, from: number, to: number) => void;
}

class SqliteTarget implements IngestTarget {
  readonly name = 'better-sqlite3';
  private prepared: Prepared | null = null;
  private writtenRows: StressRows | null = null;

  open(dir: string): Promise<void> {
    assert(this.prepared === null, 'sqlite target opened twice');
    const database = new Database(`${dir}/stress.db`);
    database.pragma('journal_mode = WAL');
    database.pragma('synchronous = NORMAL');
    database.exec(
      'CREATE TABLE standard1 (key BLOB PRIMARY KEY, c0 BLOB, c1 BLOB, c2 BLOB, c3 BLOB, c4 BLOB)',
    );
    const insert = database.prepare<[Buffer, Buffer, Buffer, Buffer, Buffer, Buffer]>(
      'INSERT INTO standard1 (key, c0, c1, c2, c3, c4) VALUES (?, ?, ?, ?, ?, ?)',
    );
    const select = database
      .prepare<[Buffer], Row>('SELECT c0, c1, c2, c3, c4 FROM standard1 WHERE key = ?')
      .raw(true);
    const insertBatch = database.transaction((rows: StressRows, from: number, to: number) => {
      for (let i = from; i < to; i++) {
        insert.run(
          rows.key(i),
          rows.column(i, 0),
          rows.column(i, 1),
          rows.column(i, 2),
          rows.column(i, 3),
          rows.column(i, 4),
        );
      }
    });
    this.prepared = { database, insert, select, insertBatch };
    return Promise.resolve();
  }

  writeBatch(rows: StressRows, from: number, to: number): Promise<void> {
    this.writtenRows = rows;
    this.state().insertBatch(rows, from, to);
    return Promise.resolve();
  }

  settle(): Promise<void> {
    // Moves the WAL into the main database file and syncs it: the read phase then reads one
    // B-tree file, as the other peers read compacted data.
    this.state().database.pragma('wal_checkpoint(TRUNCATE)');
    return Promise.resolve();
  }

  read(keyIndex: number): Promise<boolean> {
    const rows = this.writtenRows;
    assert(rows !== null, 'read before any write');
    const row = this.state().select.get(rows.key(keyIndex));
    if (row === undefined) return Promise.resolve(false);
    let same = true;
    for (let c = 0; c < row.length && same; c++) same = rows.isColumnValue(keyIndex, c, row[c]!);
    return Promise.resolve(same && row.length === 5);
  }

  close(): Promise<void> {
    if (this.prepared !== null) this.prepared.database.close();
    this.prepared = null;
    return Promise.resolve();
  }

  private state(): Prepared {
    assert(this.prepared !== null, 'sqlite target is not open');
    return this.prepared;
  }
}

export const ingestTargetFactory: IngestTargetFactory = {
  name: 'better-sqlite3',
  kind: 'sqlite',
  create: () => new SqliteTarget(),
};
