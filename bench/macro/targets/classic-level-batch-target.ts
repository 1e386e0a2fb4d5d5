/**
 * Peer: LevelDB through classic-level, one db.batch() of 1,000 puts per harness batch
 * (LevelDB applies a batch as one log record and one memtable insert run: its fast path).
 */

import type { IngestTargetFactory } from '../ingest-target.js';
import type { StressRows } from '../stress-rows.js';
import { ClassicLevelStore } from './classic-level-store.js';

interface PutOperation {
  readonly type: 'put';
  readonly key: Buffer;
  readonly value: Buffer;
}

class ClassicLevelBatchTarget extends ClassicLevelStore {
  readonly name = 'classic-level batched';

  writeBatch(rows: StressRows, from: number, to: number): Promise<void> {
    this.noteRows(rows);
    const operations = new Array<PutOperation>(to - from);
    for (let i = from; i < to; i++) {
      operations[i - from] = { type: 'put', key: rows.key(i), value: rows.rowValue(i) };
    }
    return this.db().batch(operations);
  }
}

export const ingestTargetFactory: IngestTargetFactory = {
  name: 'classic-level batched',
  kind: 'classic-level-batch',
  create: () => new ClassicLevelBatchTarget(),
};
