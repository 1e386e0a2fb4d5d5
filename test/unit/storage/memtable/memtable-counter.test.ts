/**
 * A memtable that already holds a counter cell merges the next write to it by the counter rules
 * (model/cell.ts): shards from different writes add up, a replayed write counts once, and a
 * counter tombstone keeps the counter deleted.
 */
import { describe, expect, it } from 'vitest';
import { counterTombstone, liveCell } from '../../../../src/storage/model/cell.js';
import { filterLive } from '../../../../src/storage/model/read-filter.js';
import { Memtable } from '../../../../src/storage/memtable/memtable.js';
import { SlabPool } from '../../../../src/storage/memtable/slab-pool.js';
import type { Cell } from '../../../../src/storage/model/cell.js';
import { counterOf, totalOf } from '../model/counter-fixtures.js';
import { bytes, partition, row, text } from './memtable-fixtures.js';

const NOW = 1_000_000;
const key = text('page-views');
const put = (memtable: Memtable, cells: Cell[]) => memtable.apply(partition(5n, key, [row(bytes(1), cells)]));
const cellsRead = (memtable: Memtable) => memtable.readPartition(5n, key)?.rows[0]?.cells ?? [];

describe('Memtable counter merge', () => {
  it('adds up the shards of successive writes to one counter and keeps the largest timestamp', () => {
    const memtable = new Memtable(7, new SlabPool(4096, 64));
    put(memtable, [counterOf(1, 10n, [1, 1n, 5n])]);
    put(memtable, [counterOf(1, 12n, [1, 2n, 8n])]);
    put(memtable, [counterOf(1, 11n, [2, 1n, 100n])]);
    const [cell] = cellsRead(memtable);
    expect(totalOf(cell)).toBe(108n);
    expect(cell?.counter).toBe(true);
    expect(cell?.timestamp).toBe(12n);
    expect(memtable.rowCount()).toBe(1);
  });

  it('counts a replayed write once', () => {
    const memtable = new Memtable(7, new SlabPool(4096, 64));
    const write = [counterOf(1, 10n, [1, 3n, 30n]), liveCell(2, text('label'), 10n)];
    put(memtable, write);
    put(memtable, write);
    put(memtable, write);
    expect(totalOf(cellsRead(memtable)[0])).toBe(30n);
  });

  it('keeps a deleted counter deleted, even against later writes', () => {
    const memtable = new Memtable(7, new SlabPool(4096, 64));
    put(memtable, [counterOf(1, 10n, [1, 1n, 5n])]);
    put(memtable, [counterTombstone(1, 11n, NOW)]);
    put(memtable, [counterOf(1, 20n, [1, 2n, 9n])]);
    const read = memtable.readPartition(5n, key)!;
    expect(read.rows[0]!.cells[0]!.value).toBeNull();
    expect(filterLive(read, NOW).rows).toHaveLength(0);
  });
});
