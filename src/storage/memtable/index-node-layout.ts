/**
 * The B+tree node layout of the memtable index. Nodes are 128 int32 (512 bytes) inside pool
 * slabs, viewed as Int32Array, so a frozen index travels to another thread with its slabs.
 * A node id names slab `id >>> nodeShift`, node `id & nodeMask` inside it.
 *
 * Keys are stored as three parallel arrays (token high word, biased low word, record ref;
 * token-words.ts), not as 3-int entries: a binary search reads the high words, which for random
 * tokens almost always decide, so it touches 3 cache lines of a node instead of 8.
 *
 *   leaf      [0] count | [1] next leaf id (-1 at the end) |
 *             [2..44) high[42] | [44..86) low[42] | [86..128) ref[42]
 *
 *   internal  [0] key count k | [1] unused | [2..34) children (k + 1 used) |
 *             [34..65) high[31] | [65..96) low[31] | [96..127) ref[31]
 *
 * Child i of an internal node holds the entries e with key[i-1] <= e < key[i]. A separator is
 * a copy of the first entry of the right node at the time of its split; since entries are
 * never removed, it stays the first entry of its subtree, and its ref stays valid because
 * arena records are never overwritten (a merge writes a new record and repoints the leaf).
 * The token sits in the node itself, so a descent reads the arena only on token ties.
 */

import { assert } from '../../lib/assert.js';

export const NODE_INTS = 128;
export const NODE_INTS_SHIFT = 7;
export const NODE_BYTES = NODE_INTS * 4;

export const NODE_COUNT = 0;
export const LEAF_NEXT = 1;
export const LEAF_CAPACITY = 42;
export const LEAF_HIGH = 2;
export const LEAF_LOW = LEAF_HIGH + LEAF_CAPACITY;
export const LEAF_REF = LEAF_LOW + LEAF_CAPACITY;

export const INTERNAL_KEYS_MAX = 31;
export const INTERNAL_CHILDREN = 2;
export const INTERNAL_HIGH = INTERNAL_CHILDREN + INTERNAL_KEYS_MAX + 1;
export const INTERNAL_LOW = INTERNAL_HIGH + INTERNAL_KEYS_MAX;
export const INTERNAL_REF = INTERNAL_LOW + INTERNAL_KEYS_MAX;

/** No node (end of the leaf chain, empty tree). */
export const NO_NODE = -1;

/** Levels at most: 2^31 entries need far fewer with at least 16 children per internal node. */
export const INDEX_HEIGHT_MAX = 16;

/** What a reader needs to find a node's int32s. */
export interface NodeView {
  readonly nodeShift: number;
  readonly nodeMask: number;
  readonly slabInts: readonly Int32Array[];
}

/** Where the tree starts; the writer mutates these, a frozen view fixes them. */
export interface IndexShape {
  readonly root: number;
  /** Levels; 1 when the root is a leaf, 0 when the tree is empty. */
  readonly height: number;
  readonly firstLeaf: number;
}

// The layout must fit its node: a leaf's refs and an internal node's refs end in bounds.
assert(LEAF_REF + LEAF_CAPACITY <= NODE_INTS, 'leaf layout overflows its node');
assert(INTERNAL_REF + INTERNAL_KEYS_MAX <= NODE_INTS, 'internal layout overflows its node');
assert(1 << NODE_INTS_SHIFT === NODE_INTS, 'NODE_INTS_SHIFT must match NODE_INTS');
