/**
 * A Merkle tree over one token range (Cassandra's utils/MerkleTree as repair builds it per
 * range and table): a perfect binary tree of `depth` levels below the root whose nodes split
 * their range at its midpoint, as TokenRange.midpoint does:
 *
 *   depth 0            (left, right]
 *   depth 1     (left, mid]       (mid, right]         mid = left + floor(size / 2)
 *   depth 2   (l, m1] (m1, mid] (mid, m2] (m2, right]  ... down to 2^depth leaves
 *
 * A leaf's hash is the XOR of the hashes of the partitions whose tokens fall in its sub-range
 * (a partition's hash is its digest: MD5 over its canonical unfiltered bytes, key included);
 * an inner node's hash is the XOR of its children's, as in Cassandra, where "all hashing
 * internal to the tree is accomplished using XOR". So every node's hash is the XOR of all the
 * partition hashes beneath it, an empty sub-range hashes to zeros, and two trees of the same
 * range built to different depths compare exactly down to the shallower one's leaves.
 *
 * Node (k, i) is the i-th node of depth k, its children (k+1, 2i) and (k+1, 2i+1). Levels are
 * stored flat, 16 bytes a node, the leaves given and the rest folded up at construction.
 */

import { assert } from '../../lib/assert.js';
import { addToToken, RING_TOKEN_COUNT, TokenRange } from '../ring/token-range.js';

/** Bytes of a node's hash (MD5, as the partition digests XORed into it). */
export const MERKLE_HASH_BYTES = 16;
/** Cassandra's repair_session_max_tree_depth default: 2^20 leaves at most. */
export const MERKLE_DEPTH_MAX = 20;

export class MerkleTree {
  /** levels[k]: the 2^k hashes of depth k, 16 bytes each; levels[depth] are the leaves. */
  private readonly levels: Uint8Array[];

  constructor(
    readonly range: TokenRange,
    readonly depth: number,
    leaves: Uint8Array,
    /** Partitions hashed into the tree. */
    readonly partitions: number,
  ) {
    assert(Number.isInteger(depth) && depth >= 0 && depth <= maxDepthOf(range), `merkle tree depth ${depth} for ${TokenRange.toString(range)}`);
    assert(leaves.length === MERKLE_HASH_BYTES * 2 ** depth, `a tree of depth ${depth} has ${2 ** depth} leaves, not ${leaves.length / MERKLE_HASH_BYTES}`);
    assert(Number.isInteger(partitions) && partitions >= 0, `partitions ${partitions}`);
    const levels = new Array<Uint8Array>(depth + 1);
    levels[depth] = leaves;
    for (let k = depth - 1; k >= 0; k--) levels[k] = foldLevel(levels[k + 1]!);
    this.levels = levels;
  }

  /** The deepest tree a range can hold: every leaf at least one token wide, and at most MERKLE_DEPTH_MAX. */
  static maxDepthOf(range: TokenRange): number {
    return maxDepthOf(range);
  }

  get leafCount(): number {
    return 2 ** this.depth;
  }

  /** The hash of node (k, i): a view, not a copy. */
  hashAt(k: number, i: number): Uint8Array {
    assert(k >= 0 && k <= this.depth && i >= 0 && i < 2 ** k, `no node (${k}, ${i}) in a tree of depth ${this.depth}`);
    return this.levels[k]!.subarray(i * MERKLE_HASH_BYTES, (i + 1) * MERKLE_HASH_BYTES);
  }

  rootHash(): Uint8Array {
    return this.hashAt(0, 0);
  }

  /** The leaves' hashes, 16 bytes each, in ring order (what travels). */
  leaves(): Uint8Array {
    return this.levels[this.depth]!;
  }

  /** The sub-range of node (k, i). */
  rangeAt(k: number, i: number): TokenRange {
    return rangeOfNode(this.range, k, i);
  }

  /** The index of the node of depth k whose sub-range holds `token` (which must be in the range). */
  indexOf(token: bigint, k: number = this.depth): number {
    return nodeIndexOf(this.range, token, k);
  }
}

function maxDepthOf(range: TokenRange): number {
  const size = TokenRange.size(range);
  let depth = 0;
  while (depth < MERKLE_DEPTH_MAX && 2n ** BigInt(depth + 1) <= size) depth++;
  return depth;
}

/** The level above: each pair of hashes XORed into one. */
function foldLevel(below: Uint8Array): Uint8Array {
  const above = new Uint8Array(below.length / 2);
  for (let node = 0; node < above.length; node += MERKLE_HASH_BYTES) {
    const left = node * 2;
    const right = left + MERKLE_HASH_BYTES;
    for (let b = 0; b < MERKLE_HASH_BYTES; b++) above[node + b] = below[left + b]! ^ below[right + b]!;
  }
  return above;
}

/**
 * Node (k, i)'s sub-range: from the root, k halvings, left or right by i's bits from the top.
 * A node (l, l + s] splits into (l, l + floor(s/2)] and (l + floor(s/2), l + s].
 */
export function rangeOfNode(range: TokenRange, k: number, i: number): TokenRange {
  assert(k >= 0 && i >= 0 && i < 2 ** k, `no node (${k}, ${i})`);
  let left = range.left;
  let size = TokenRange.size(range);
  for (let level = k - 1; level >= 0; level--) {
    const half = size / 2n;
    if (Math.floor(i / 2 ** level) % 2 === 0) size = half;
    else {
      left = addToToken(left, half);
      size -= half;
    }
  }
  assert(size > 0n, `node (${k}, ${i}) of ${TokenRange.toString(range)} is empty`);
  return size === RING_TOKEN_COUNT ? range : TokenRange.create(left, addToToken(left, size));
}

/** The index at depth k of the node holding `token`, found by the same halvings. */
export function nodeIndexOf(range: TokenRange, token: bigint, k: number): number {
  assert(TokenRange.contains(range, token), `token ${token} outside ${TokenRange.toString(range)}`);
  // The token's position in the range, 1..size (left itself is outside, right is position size).
  let position = BigInt.asUintN(64, token - range.left);
  if (position === 0n) position = RING_TOKEN_COUNT; // the whole ring (t, t]: t is its last position
  let size = TokenRange.size(range);
  let index = 0;
  for (let level = 0; level < k; level++) {
    const half = size / 2n;
    if (position <= half) {
      index = index * 2;
      size = half;
    } else {
      index = index * 2 + 1;
      position -= half;
      size -= half;
    }
  }
  return index;
}
