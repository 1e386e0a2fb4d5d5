/**
 * Descent of the memtable B+tree (index-node-layout.ts), shared by the writer (which needs the
 * path to insert) and by readers on any thread (which need the leaf position to iterate from).
 *
 * Each comparison looks at the token's high word first, then its low word, both in the node;
 * only on a full token tie does it read the arena record (key, kind, clustering). Internal
 * nodes are searched for the first separator greater than the key (upper bound), leaves for
 * the first entry not less than it (lower bound), both by binary search.
 */

import type { ArenaView } from './shared-arena.js';
import { compareToRecord, type SearchKey } from './entry-record.js';
import {
  INTERNAL_CHILDREN,
  INTERNAL_HIGH,
  INTERNAL_LOW,
  INTERNAL_REF,
  LEAF_HIGH,
  LEAF_LOW,
  LEAF_REF,
  NODE_COUNT,
  NODE_INTS_SHIFT,
  type IndexShape,
  type NodeView,
} from './index-node-layout.js';

/**
 * Orders `search` against the key at index `i` of the parallel arrays starting at `high`,
 * `low` and `ref` in `ints`.
 */
export function compareToKey(
  search: SearchKey,
  ints: Int32Array,
  high: number,
  low: number,
  ref: number,
  i: number,
  arena: ArenaView,
): number {
  const keyHigh = ints[high + i]!;
  if (search.high !== keyHigh) return search.high < keyHigh ? -1 : 1;
  const keyLow = ints[low + i]!;
  if (search.lowBiased !== keyLow) return search.lowBiased < keyLow ? -1 : 1;
  const record = ints[ref + i]!;
  const slot = record >>> arena.slabShift;
  return compareToRecord(search, arena.slotBytes[slot]!, record - arena.slotBase[slot]!);
}

/**
 * Descends from the root to the leaf where `search` is or would be. Fills `pathNode[level]`
 * and `pathPos[level]` for every level (the child taken, then the position in the leaf) and
 * returns true when an equal entry exists at the leaf position. The tree must not be empty.
 */
export function searchIndex(
  nodes: NodeView,
  arena: ArenaView,
  shape: IndexShape,
  search: SearchKey,
  pathNode: Int32Array,
  pathPos: Int32Array,
): boolean {
  const leafLevel = shape.height - 1;
  const nodeShift = nodes.nodeShift;
  const nodeMask = nodes.nodeMask;
  let node = shape.root;
  for (let level = 0; level < leafLevel; level++) {
    const ints = nodes.slabInts[node >>> nodeShift]!;
    const base = (node & nodeMask) << NODE_INTS_SHIFT;
    let low = 0;
    let high = ints[base + NODE_COUNT]!;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const order = compareToKey(
        search,
        ints,
        base + INTERNAL_HIGH,
        base + INTERNAL_LOW,
        base + INTERNAL_REF,
        middle,
        arena,
      );
      if (order >= 0) low = middle + 1;
      else high = middle;
    }
    pathNode[level] = node;
    pathPos[level] = low;
    node = ints[base + INTERNAL_CHILDREN + low]!;
  }
  const ints = nodes.slabInts[node >>> nodeShift]!;
  const base = (node & nodeMask) << NODE_INTS_SHIFT;
  let low = 0;
  let high = ints[base + NODE_COUNT]!;
  let found = false;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const order = compareToKey(
      search,
      ints,
      base + LEAF_HIGH,
      base + LEAF_LOW,
      base + LEAF_REF,
      middle,
      arena,
    );
    if (order > 0) {
      low = middle + 1;
    } else if (order === 0) {
      low = middle;
      found = true;
      break;
    } else {
      high = middle;
    }
  }
  pathNode[leafLevel] = node;
  pathPos[leafLevel] = low;
  return found;
}
