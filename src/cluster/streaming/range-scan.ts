/**
 * A token range as the engine scans it: StorageEngine.scanUnfiltered takes (startToken,
 * endToken] with either end open, and never wraps. A ring range (left, right] may wrap past
 * MAX_TOKEN, so it is unwrapped first (TokenRange.unwrap), and the pieces are scanned in ring
 * order from `left`: partitions come out in the order of the range itself, which paging and
 * Merkle-tree leaves rely on.
 */

import { MIN_TOKEN } from '../../storage/model/token.js';
import type { PartitionUpdate } from '../../storage/model/partition-update.js';
import type { NodeStorage } from '../../storage/node-storage.js';
import type { ScanRange } from '../../storage/storage-engine.js';
import { TokenRange } from '../ring/token-range.js';

/** The engine's scan bounds of a range that does not wrap (a piece of TokenRange.unwrap). */
export function scanRangeOf(piece: TokenRange, pageSize: number): ScanRange {
  return {
    // MIN_TOKEN on the left is the ring's start; no key has it, so "after MIN_TOKEN" is everything.
    ...(piece.left === MIN_TOKEN ? {} : { startToken: piece.left }),
    // (t, MIN_TOKEN] runs to the ring's end.
    ...(piece.right === MIN_TOKEN ? {} : { endToken: piece.right }),
    pageSize,
  };
}

/** The table's unfiltered partitions in `range`, in ring order from the range's left end. */
export async function* scanUnfilteredRange(engine: NodeStorage, tableId: number, range: TokenRange, pageSize: number): AsyncGenerator<PartitionUpdate> {
  for (const piece of TokenRange.unwrap(range)) yield* engine.scanUnfiltered(tableId, scanRangeOf(piece, pageSize));
}
