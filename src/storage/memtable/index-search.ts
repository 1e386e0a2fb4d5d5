/**
 * Descent of the memtable B+tree (index-node-layout.ts), shared by the writer (which needs the
 * path to insert) and by readers on any thread (which need the leaf position to iterate from).
 *
 * Each comparison looks at the two token words in the node first; only on a token tie does it
 * read the arena record (key, kind, clustering). Internal nodes are searched for the first
 * separator greater than the key (upper bound), leaves for the first entry not less than it
 * (lower bound), both by binary search.
 */

import type { ArenaView } from './shared-arena.js';
import { compareToRecord, type SearchKey } from './entry-record.js';
import {
  ENTRY_INTS,
  INTERNAL_CHILDREN,
  INTERNAL_KEYS,
  LEAF_ENTRIES,
  NODE_COUNT,
  NODE_INTS_SHIFT,
  type IndexShape,
  type NodeView,
} from './index-node-layout.js';

/** Orders `search` against the entry whose first int32 is `ints[at]`. */
export function compareToEntry(search: SearchKey, ints: Int32Array, at: number, arena: ArenaView): number {
  const high = ints[at]!;
  if (search.high !== high) return search.high < high ? -1 : 1;
  const low = ints[at + 1]!;
  if (search.lowBiased !== low) return search.lowBiased < low ? -1 : 1;
  const ref = ints[at + 2]!;
  const slot = ref >>> arena.slabShift;
  return compareToRecord(search, arena.slotBytes[slot]!, ref - arena.slotBase[slot]!);
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
    const keys = base + INTERNAL_KEYS;
    let low = 0;
    let high = ints[base + NODE_COUNT]!;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (compareToEntry(search, ints, keys + middle * ENTRY_INTS, arena) >= 0) low = middle + 1;
      else high = middle;
    }
    pathNode[level] = node;
    pathPos[level] = low;
    node = ints[base + INTERNAL_CHILDREN + low]!;
  }
  const ints = nodes.slabInts[node >>> nodeShift]!;
  const base = (node & nodeMask) << NODE_INTS_SHIFT;
  const entries = base + LEAF_ENTRIES;
  let low = 0;
  let high = ints[base + NODE_COUNT]!;
  let found = false;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const order = compareToEntry(search, ints, entries + middle * ENTRY_INTS, arena);
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
