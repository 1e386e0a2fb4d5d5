/**
 * What the two LevelDB (classic-level) targets share: one database of key -> the row's five
 * values concatenated (170 bytes), opened with classic-level's defaults (4 MiB write buffer,
 * 8 MiB block cache, snappy on; our values are random, so snappy finds nothing to shrink),
 * a full compaction to settle, and async point reads verified against the generated rows.
 * The two targets differ only in how they write (one batch vs single puts): each extends this
 * class with its writeBatch.
 */

import { ClassicLevel } from 'classic-level';
import { assert } from '../../../src/lib/assert.js';
import type { IngestTarget } from '../ingest-target.js';
import { STRESS_KEY_BYTES, type StressRows } from '../stress-rows.js';

export abstract class ClassicLevelStore implements IngestTarget {
  abstract readonly name: string;
  abstract writeBatch(rows: StressRows, from: number, to: number): Promise<void>;

  private database: ClassicLevel<Buffer, Buffer> | null = null;
  private writtenRows: StressRows | null = null;

  async open(dir: string): Promise<void> {
    assert(this.database === null, 'classic-level store opened twice');
    const database = new ClassicLevel<Buffer, Buffer>(dir, {
      keyEncoding: 'buffer',
      valueEncoding: 'buffer',
    });
    await database.open();
    this.database = database;
  }

  db(): ClassicLevel<Buffer, Buffer> {
    assert(this.database !== null, 'classic-level store is not open');
    return this.database;
  }

  /** Remembers the rows being written, so reads can check what they get back. */
  noteRows(rows: StressRows): void {
    this.writtenRows = rows;
  }

  /** LevelDB's CompactRange first flushes the memtable, then merges every level. */
  async settle(): Promise<void> {
    const low = Buffer.alloc(STRESS_KEY_BYTES, 0x00);
    const high = Buffer.alloc(STRESS_KEY_BYTES, 0xff);
    await this.db().compactRange(low, high);
  }

  async read(keyIndex: number): Promise<boolean> {
    const rows = this.writtenRows;
    assert(rows !== null, 'read before any write');
    const value = await this.db().get(rows.key(keyIndex));
    return value !== undefined && rows.isRowValue(keyIndex, value);
  }

  async close(): Promise<void> {
    if (this.database === null) return;
    await this.database.close();
    this.database = null;
  }
}
