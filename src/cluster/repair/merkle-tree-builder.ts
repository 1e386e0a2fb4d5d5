/**
 * Builds a MerkleTree from the partitions of its range (Cassandra's Validator adding each
 * partition's hash to the tree). Partitions are kept as they come (a token offset and a
 * 16-byte hash each, 24 bytes a partition) until build(), which picks the depth Cassandra
 * would for the number seen, about one partition per leaf (ceil(log2(partitions)), at most the
 * depth allowed), computes the leaves' bounds once (one halving per node) and XORs each hash
 * into its leaf. Partitions met in ring order (a scan's) are placed by one walk alongside the
 * leaves, one comparison each; others by a descent from the root.
 */

import { assert } from '../../lib/assert.js';
import { RING_TOKEN_COUNT, TokenRange } from '../ring/token-range.js';
import { MERKLE_HASH_BYTES, MerkleTree } from './merkle-tree.js';

const INITIAL_CAPACITY = 1024;

export class MerkleTreeBuilder {
  /** Each partition's position in the range, 0 = the token just after `left`. */
  private offsets = new BigUint64Array(INITIAL_CAPACITY);
  private hashes = new Uint8Array(INITIAL_CAPACITY * MERKLE_HASH_BYTES);
  private count = 0;
  private inRingOrder = true;
  private readonly maxDepth: number;
  private readonly size: bigint;

  constructor(
    readonly range: TokenRange,
    /** The deepest the tree may be (clamped to what the range can hold). */
    maxDepth: number,
  ) {
    assert(Number.isInteger(maxDepth) && maxDepth >= 0, `max depth ${maxDepth}`);
    this.maxDepth = Math.min(maxDepth, MerkleTree.maxDepthOf(range));
    this.size = TokenRange.size(range);
  }

  /** Adds one partition's hash (its digest) at its token, which must lie in the range. */
  add(token: bigint, hash: Uint8Array): void {
    assert(hash.length === MERKLE_HASH_BYTES, `a partition hash of ${hash.length} bytes`);
    const offset = BigInt.asUintN(64, token - this.range.left - 1n);
    assert(offset < this.size, `token ${token} outside ${TokenRange.toString(this.range)}`);
    if (this.count === this.offsets.length) this.grow();
    if (this.count > 0 && offset < this.offsets[this.count - 1]!) this.inRingOrder = false;
    this.offsets[this.count] = offset;
    this.hashes.set(hash, this.count * MERKLE_HASH_BYTES);
    this.count++;
  }

  build(): MerkleTree {
    const depth = Math.min(this.maxDepth, depthFor(this.count));
    const lastOffsets = leafLastOffsets(this.size, depth);
    const leaves = new Uint8Array(MERKLE_HASH_BYTES * 2 ** depth);
    let leaf = 0;
    for (let p = 0; p < this.count; p++) {
      const offset = this.offsets[p]!;
      if (this.inRingOrder) while (offset > lastOffsets[leaf]!) leaf++;
      else leaf = leafOf(lastOffsets, offset);
      const into = leaf * MERKLE_HASH_BYTES;
      const from = p * MERKLE_HASH_BYTES;
      for (let b = 0; b < MERKLE_HASH_BYTES; b++) leaves[into + b]! ^= this.hashes[from + b]!;
    }
    return new MerkleTree(this.range, depth, leaves, this.count);
  }

  private grow(): void {
    const offsets = new BigUint64Array(this.offsets.length * 2);
    offsets.set(this.offsets);
    this.offsets = offsets;
    const hashes = new Uint8Array(this.hashes.length * 2);
    hashes.set(this.hashes);
    this.hashes = hashes;
  }
}

/** ceil(log2(partitions)): about one partition per leaf (a tree of one leaf for 0 or 1). */
export function depthFor(partitions: number): number {
  let depth = 0;
  while (2 ** depth < partitions) depth++;
  return depth;
}

/**
 * The last offset of each leaf of a tree of `depth` over a range of `size` positions, by the
 * tree's own halvings (a node [start, start + s) splits at start + floor(s / 2)).
 */
function leafLastOffsets(size: bigint, depth: number): BigUint64Array {
  assert(size > 0n && size <= RING_TOKEN_COUNT, `range size ${size}`);
  const last = new BigUint64Array(2 ** depth);
  const split = (start: bigint, nodeSize: bigint, level: number, index: number): void => {
    if (level === depth) {
      last[index] = start + nodeSize - 1n;
      return;
    }
    const half = nodeSize / 2n;
    split(start, half, level + 1, index * 2);
    split(start + half, nodeSize - half, level + 1, index * 2 + 1);
  };
  split(0n, size, 0, 0);
  return last;
}

/** The leaf holding `offset`: the first whose last offset is not below it (binary search). */
function leafOf(lastOffsets: BigUint64Array, offset: bigint): number {
  let low = 0;
  let high = lastOffsets.length - 1;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (lastOffsets[mid]! < offset) low = mid + 1;
    else high = mid;
  }
  return low;
}
