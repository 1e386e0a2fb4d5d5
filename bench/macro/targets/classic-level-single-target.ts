/**
 * Peer: LevelDB through classic-level, one db.put() per row. The 1,000 puts of a harness batch
 * are issued together and awaited together (how an application with many concurrent writers
 * behaves; LevelDB then groups queued writers into one log write). Awaiting each put before the
 * next would measure the thread-pool round trip, not the store.
 */

import type { IngestTargetFactory } from '../ingest-target.js';
import type { StressRows } from '../stress-rows.js';
import { ClassicLevelStore } from './classic-level-store.js';

class ClassicLevelSingleTarget extends ClassicLevelStore {
  readonly name = 'classic-level single puts';

  async writeBatch(rows: StressRows, from: number, to: number): Promise<void> {
    this.noteRows(rows);
    const db = this.db();
    const puts = new Array<Promise<void>>(to - from);
    for (let i = from; i < to; i++) puts[i - from] = db.put(rows.key(i), rows.rowValue(i));
    await Promise.all(puts);
  }
}

export const ingestTargetFactory: IngestTargetFactory = {
  name: 'classic-level single puts',
  kind: 'classic-level-single',
  create: () => new ClassicLevelSingleTarget(),
};
