/**
 * A frozen memtable crosses threads as a handle of plain data: its SharedArrayBuffers (arena
 * slots, index node slabs, a small control block) and its shape and counts. postMessage shares
 * the buffers, it never copies them, so handing a 100 MB memtable to the flusher costs
 * microseconds. `openFrozenMemtable` rebuilds a read-only view on the receiving thread.
 *
 * Publication: the owner writes the shape into the control block with Atomics.store, the
 * `frozen` flag last, before it posts the handle; a reader checks the flag with Atomics.load
 * and cross-checks every field against the handle (the same property on both sides of the
 * boundary). After that the memory is immutable and plain reads are safe.
 *
 *   control block (Int32Array over 64 bytes)
 *   [0] frozen (0/1)  [1] released (0/1)  [2] root  [3] height  [4] first leaf
 *   [5] partitions    [6] rows            [7] arena slots       [8] node slabs
 *   [9] layout version
 *
 * The owner may release (recycle) the slabs only after every reader is done; that is the
 * caller's protocol (the flush completes, then the memtable is released). As a safety net the
 * owner sets `released` first, and readers check it on every lookup and every partition of
 * a scan, so a reader left behind fails loudly instead of reading the next memtable's bytes.
 */

import { assert } from '../../lib/assert.js';
import type { ByteWriter } from '../../lib/bytes/byte-writer.js';
import type { EncodedPartitionSource } from '../model/encoded-partition-source.js';
import type { PartitionUpdate } from '../model/partition-update.js';
import type { Token } from '../model/token.js';
import { nodeViewOf } from './index-node-store.js';
import { MemtableReader } from './memtable-reader.js';
import { arenaViewOf } from './shared-arena.js';

/**
 * Version of the arena, record and node layouts (docs/formats/memtable-arena.md). A handle
 * read by code built from another version (a stale dist/ worker, ADR 0001) is refused instead
 * of being misread.
 */
export const MEMTABLE_LAYOUT_VERSION = 1;

export const CONTROL_BYTES = 64;
export const CONTROL_FROZEN = 0;
export const CONTROL_RELEASED = 1;
export const CONTROL_ROOT = 2;
export const CONTROL_HEIGHT = 3;
export const CONTROL_FIRST_LEAF = 4;
export const CONTROL_PARTITIONS = 5;
export const CONTROL_ROWS = 6;
export const CONTROL_ARENA_SLOTS = 7;
export const CONTROL_NODE_SLABS = 8;
export const CONTROL_LAYOUT_VERSION = 9;

/** Everything a reader on another thread needs; structured-clonable (no classes, no functions). */
export interface FrozenMemtable {
  readonly layoutVersion: number;
  readonly tableId: number;
  readonly slabBytes: number;
  readonly control: SharedArrayBuffer;
  /** One buffer per arena slot; a record larger than a slab spans several slots of one buffer. */
  readonly arenaSlots: readonly SharedArrayBuffer[];
  /** Per slot, the address where its buffer starts (shared-arena.ts). */
  readonly arenaSlotBase: readonly number[];
  readonly nodeSlabs: readonly SharedArrayBuffer[];
  readonly root: number;
  readonly height: number;
  readonly firstLeaf: number;
  readonly partitionCount: number;
  readonly rowCount: number;
  readonly bytesUsed: number;
  readonly minTimestamp: bigint;
  readonly maxTimestamp: bigint;
}

export interface FrozenMemtableView {
  readonly tableId: number;
  partitions(startToken?: Token, endToken?: Token): IterableIterator<PartitionUpdate>;
  /** As `partitions`, encoded (partition-codec.ts), copied without decoding; see Memtable. */
  encodedPartitions(startToken?: Token, endToken?: Token): IterableIterator<Uint8Array>;
  /** As encodedPartitions, written into the consumer's writer (a flush's data block). */
  encodedPartitionSource(startToken?: Token, endToken?: Token): EncodedPartitionSource;
  readPartition(token: Token, key: Uint8Array): PartitionUpdate | null;
  partitionCount(): number;
  rowCount(): number;
  minTimestamp(): bigint;
  maxTimestamp(): bigint;
}

/** Read-only view of a frozen memtable, on any thread. */
export function openFrozenMemtable(handle: FrozenMemtable): FrozenMemtableView {
  assert(
    handle.layoutVersion === MEMTABLE_LAYOUT_VERSION,
    `memtable layout ${handle.layoutVersion} cannot be read by code of layout ` +
      `${MEMTABLE_LAYOUT_VERSION}`,
  );
  const control = new Int32Array(handle.control);
  const published = (field: number, expected: number, what: string): void =>
    assert(Atomics.load(control, field) === expected, `handle ${what} differs from the published`);
  published(CONTROL_LAYOUT_VERSION, handle.layoutVersion, 'layout');
  assert(Atomics.load(control, CONTROL_FROZEN) === 1, 'memtable handle used before it was frozen');
  published(CONTROL_ROOT, handle.root, 'root');
  published(CONTROL_HEIGHT, handle.height, 'height');
  published(CONTROL_FIRST_LEAF, handle.firstLeaf, 'first leaf');
  published(CONTROL_PARTITIONS, handle.partitionCount, 'partition count');
  published(CONTROL_ROWS, handle.rowCount, 'row count');
  published(CONTROL_ARENA_SLOTS, handle.arenaSlots.length, 'arena slot count');
  published(CONTROL_NODE_SLABS, handle.nodeSlabs.length, 'node slab count');
  const shape = { root: handle.root, height: handle.height, firstLeaf: handle.firstLeaf };
  const reader = new MemtableReader(
    handle.tableId,
    nodeViewOf(handle.nodeSlabs, handle.slabBytes),
    arenaViewOf(handle.arenaSlots, handle.arenaSlotBase, handle.slabBytes),
    shape,
    () => 0,
  );
  const checkOpen = (): void =>
    assert(
      Atomics.load(control, CONTROL_RELEASED) === 0,
      'frozen memtable read after its owner released it',
    );
  return {
    tableId: handle.tableId,
    partitions(startToken?: Token, endToken?: Token) {
      checkOpen();
      return checkEach(reader.partitions(startToken, endToken), checkOpen);
    },
    encodedPartitions(startToken?: Token, endToken?: Token) {
      checkOpen();
      return checkEach(reader.encodedPartitions(startToken, endToken), checkOpen);
    },
    encodedPartitionSource(startToken?: Token, endToken?: Token): EncodedPartitionSource {
      checkOpen();
      const source = reader.encodedPartitionSource(startToken, endToken);
      return {
        next(into: ByteWriter): boolean {
          checkOpen();
          const more = source.next(into);
          checkOpen();
          return more;
        },
      };
    },
    readPartition(token: Token, key: Uint8Array) {
      checkOpen();
      return reader.readPartition(token, key);
    },
    partitionCount: () => handle.partitionCount,
    rowCount: () => handle.rowCount,
    minTimestamp: () => handle.minTimestamp,
    maxTimestamp: () => handle.maxTimestamp,
  };
}

/** Checks before reading each item (slabs may be gone) and after (they may have gone meanwhile). */
function* checkEach<T>(items: IterableIterator<T>, check: () => void): IterableIterator<T> {
  for (;;) {
    check();
    const next = items.next();
    if (next.done === true) return;
    check();
    yield next.value;
  }
}
