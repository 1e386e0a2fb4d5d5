/**
 * The pool is the memtables' memory budget: it must refuse beyond its bound (the caller then
 * flushes), hand released slabs out again instead of allocating fresh ones (fresh pages cost
 * page faults), and catch a slab released twice.
 */
import { describe, expect, it } from 'vitest';
import { OverloadedError } from '../../../../src/lib/errors.js';
import { SlabPool, slabPoolSizing } from '../../../../src/storage/memtable/slab-pool.js';

describe('SlabPool', () => {
  it('hands out slabs of its size up to slabsMax, then throws OverloadedError', () => {
    const pool = new SlabPool(4096, 3);
    const slabs = [pool.acquire(), pool.acquire(), pool.acquire()];
    expect(slabs.every((slab) => slab.byteLength === 4096)).toBe(true);
    expect(new Set(slabs).size).toBe(3);
    expect(() => pool.acquire()).toThrow(OverloadedError);
    expect(pool.stats()).toMatchObject({ slabsInUse: 3, slabsIdle: 0, slabsCreated: 3 });
    pool.release(slabs[1]!);
    expect(pool.acquire()).toBe(slabs[1]);
  });

  it('recycles released slabs instead of creating new ones', () => {
    const pool = new SlabPool(8192, 4);
    const first = [pool.acquire(), pool.acquire()];
    for (const slab of first) pool.release(slab);
    const second = [pool.acquire(), pool.acquire()];
    expect(new Set(second)).toEqual(new Set(first));
    expect(pool.stats()).toMatchObject({ slabsCreated: 2, slabsReused: 2, slabsInUse: 2 });
  });

  it('refuses a slab released twice or one it never lent', () => {
    const pool = new SlabPool(4096, 2);
    const slab = pool.acquire();
    pool.release(slab);
    expect(() => pool.release(slab)).toThrow(/did not lend/);
    expect(() => pool.release(new SharedArrayBuffer(4096))).toThrow(/did not lend/);
  });

  it('counts a large buffer against the bound in slab units and frees them on release', () => {
    const pool = new SlabPool(4096, 4);
    const large = pool.acquireLarge(3 * 4096 + 1);
    expect(large.byteLength).toBe(3 * 4096 + 1);
    expect(pool.available()).toBe(0);
    expect(() => pool.acquire()).toThrow(OverloadedError);
    pool.release(large);
    expect(pool.available()).toBe(4);
    expect(pool.stats().slabsIdle).toBe(0);
    expect(() => pool.acquireLarge(5 * 4096)).toThrow(OverloadedError);
  });

  it('reserve pre-creates idle slabs within the bound', () => {
    const pool = new SlabPool(4096, 3);
    pool.reserve(10);
    expect(pool.stats()).toMatchObject({ slabsIdle: 3, slabsCreated: 3, slabsInUse: 0 });
    pool.acquire();
    expect(pool.stats()).toMatchObject({ slabsCreated: 3, slabsReused: 1 });
  });

  it('rejects sizes that are not a power of two or too small', () => {
    expect(() => new SlabPool(5000, 4)).toThrow();
    expect(() => new SlabPool(1024, 4)).toThrow();
    expect(() => new SlabPool(4096, 1)).toThrow();
  });

  it('cuts budgets into 512 slabs so many memtables fit at once, within 64 KiB and 1 MiB slabs', () => {
    const MiB = 1024 * 1024;
    expect(slabPoolSizing(1024 * MiB)).toEqual({ slabBytes: MiB, slabsMax: 1024 });
    expect(slabPoolSizing(128 * MiB)).toEqual({ slabBytes: 256 * 1024, slabsMax: 512 });
    expect(slabPoolSizing(64 * MiB)).toEqual({ slabBytes: 128 * 1024, slabsMax: 512 });
    expect(slabPoolSizing(16 * MiB)).toEqual({ slabBytes: 64 * 1024, slabsMax: 256 });
    expect(slabPoolSizing(MiB)).toEqual({ slabBytes: 64 * 1024, slabsMax: 16 });
    expect(slabPoolSizing(100 * 1024)).toEqual({ slabBytes: 64 * 1024, slabsMax: 8 });
  });
});
