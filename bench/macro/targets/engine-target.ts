/**
 * Our engine in the ingest benchmark: the StorageEngine on worker threads with its defaults
 * (periodic commit-log sync, as Cassandra's default), the stress row as one partition with five
 * 34-byte cells, written through the bulk path (writeRows). Up to WRITES_IN_FLIGHT batches are pipelined, as a driver keeps many requests
 * in flight; errors surface at the next batch or at settle.
 */

import { EMPTY_CLUSTERING } from '../../../src/storage/model/row.js';
import { StorageEngine } from '../../../src/storage/storage-engine.js';
import { defaultTableOptions } from '../../../src/storage/table-options.js';
import type { IngestTarget, IngestTargetFactory } from '../ingest-target.js';
import type { StressRows } from '../stress-rows.js';
import { STRESS_COLUMN_BYTES, STRESS_COLUMN_COUNT, STRESS_KEY_BYTES } from '../stress-rows.js';

const TABLE = 1;
const WRITES_IN_FLIGHT = 8;

class EngineTarget implements IngestTarget {
  readonly name = 'sibyl';
  private engine: StorageEngine | null = null;
  private readonly inFlight = new Set<Promise<void>>();
  private failure: unknown = null;
  private rows: StressRows | null = null;

  async open(dir: string): Promise<void> {
    this.engine = await StorageEngine.open({ dataDirectory: dir, tables: [defaultTableOptions(TABLE, 'keyspace1.standard1')] });
  }

  async writeBatch(rows: StressRows, from: number, to: number): Promise<void> {
    this.rows = rows;
    if (this.failure !== null) throw this.failure;
    const timestamp = BigInt(Date.now()) * 1000n;
    // The bulk path: rows encoded straight from the harness's buffers (keys and values as
    // ranges of them: no view per row), as the peers get them.
    const write: Promise<void> = this.engine!.writeRows(TABLE, (batch) => {
      for (let i = from; i < to; i++) {
        batch.beginRowFrom(rows.keys, rows.keyOffset(i), STRESS_KEY_BYTES, EMPTY_CLUSTERING, timestamp);
        const at = rows.valueOffset(i);
        for (let c = 0; c < STRESS_COLUMN_COUNT; c++) batch.cellFrom(c, rows.values, at + c * STRESS_COLUMN_BYTES, STRESS_COLUMN_BYTES);
        batch.endRow();
      }
    }).then(
      () => void this.inFlight.delete(write),
      (error: unknown) => {
        this.inFlight.delete(write);
        this.failure ??= error;
      },
    );
    this.inFlight.add(write);
    if (this.inFlight.size >= WRITES_IN_FLIGHT) await Promise.race(this.inFlight);
  }

  async settle(): Promise<void> {
    await Promise.all(this.inFlight);
    if (this.failure !== null) throw this.failure;
    await this.engine!.compact();
  }

  /** Flush, then nodetool compact (every range's SSTables into one, niced and throttled). */
  async compactInBackground(): Promise<{ readonly done: Promise<void> }> {
    await Promise.all(this.inFlight);
    await this.engine!.flush();
    return { done: this.engine!.compact() };
  }

  async read(keyIndex: number): Promise<boolean> {
    const rows = this.rows!;
    const partition = await this.engine!.read(TABLE, rows.key(keyIndex));
    const cells = partition?.rows[0]?.cells;
    if (cells === undefined || cells.length !== STRESS_COLUMN_COUNT) return false;
    // Compared in place, as the peers' targets do (Buffer.from would copy every value first).
    return cells.every((cell, c) => cell.value !== null && rows.isColumnValue(keyIndex, c, cell.value));
  }

  async close(): Promise<void> {
    await this.engine?.close();
    this.engine = null;
  }
}

export const ingestTargetFactory: IngestTargetFactory = {
  name: 'sibyl',
  kind: 'engine',
  create: () => new EngineTarget(),
};
