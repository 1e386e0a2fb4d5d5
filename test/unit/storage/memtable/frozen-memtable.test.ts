/**
 * The life cycle around the frozen handle, on one thread (the worker test covers another
 * thread): freezing stops writes and is repeatable, the handle is plain structured-clonable
 * data whose clone reads the same memory, a handle of another layout version is refused, and
 * nothing reads a memtable after its slabs went back to the pool.
 */
import { describe, expect, it } from 'vitest';
import { liveCell } from '../../../../src/storage/model/cell.js';
import {
  Memtable,
  MemtableState,
  openFrozenMemtable,
} from '../../../../src/storage/memtable/memtable.js';
import { SlabPool } from '../../../../src/storage/memtable/slab-pool.js';
import { bytes, partition, row, text } from './memtable-fixtures.js';

function filled(pool: SlabPool): Memtable {
  const memtable = new Memtable(7, pool);
  for (let i = 0; i < 200; i++) {
    const rows = [row(bytes(i % 4), [liveCell(1, text(`v${i}`), 3n)])];
    memtable.apply(partition(BigInt(i * 7919 - 500), text(`k${i}`), rows));
  }
  return memtable;
}

describe('frozen memtable', () => {
  it('stops writes at freeze and returns the same handle when frozen again', () => {
    const memtable = filled(new SlabPool(4096, 64));
    const handle = memtable.freeze();
    expect(memtable.state()).toBe(MemtableState.frozen);
    expect(memtable.freeze()).toBe(handle);
    expect(() => memtable.apply(partition(1n, text('late'), []))).toThrow(/frozen/);
    expect(memtable.readPartition(-500n, text('k0'))?.rows.length).toBe(1);
  });

  it('hands out plain data: a structured clone reads the same shared memory', () => {
    const memtable = filled(new SlabPool(4096, 64));
    const clone = structuredClone(memtable.freeze());
    expect(clone.arenaSlots.every((slab) => slab instanceof SharedArrayBuffer)).toBe(true);
    const view = openFrozenMemtable(clone);
    expect(view.partitionCount()).toBe(200);
    expect(view.rowCount()).toBe(200);
    expect(view.minTimestamp()).toBe(3n);
    expect([...view.partitions()]).toEqual([...memtable.partitions()]);
    const second = view.readPartition(-500n + 7919n, text('k1'));
    expect(second?.rows[0]?.cells[0]?.value).toEqual(text('v1'));
  });

  it('refuses a handle of another layout version or one that was never published', () => {
    const memtable = filled(new SlabPool(4096, 64));
    const handle = memtable.freeze();
    const newer = { ...handle, layoutVersion: handle.layoutVersion + 1 };
    expect(() => openFrozenMemtable(newer)).toThrow(/layout/);
    const miscounted = { ...handle, rowCount: handle.rowCount + 1 };
    expect(() => openFrozenMemtable(miscounted)).toThrow(/row count/);
    const unpublished = { ...handle, control: new SharedArrayBuffer(64) };
    expect(() => openFrozenMemtable(unpublished)).toThrow(/layout differs/);
  });

  it('returns every slab on release and refuses reads afterwards, by owner and views', () => {
    const pool = new SlabPool(4096, 64);
    const memtable = filled(pool);
    const view = openFrozenMemtable(memtable.freeze());
    const scan = view.partitions();
    scan.next();
    expect(pool.stats().slabsInUse).toBeGreaterThan(2);
    memtable.release();
    expect(pool.stats().slabsInUse).toBe(0);
    expect(memtable.state()).toBe(MemtableState.released);
    expect(() => memtable.readPartition(0n, text('k0'))).toThrow(/released/);
    expect(() => view.readPartition(-500n, text('k0'))).toThrow(/released/);
    expect(() => scan.next()).toThrow(/released/);
    expect(() => memtable.release()).toThrow(/twice/);
  });
});
