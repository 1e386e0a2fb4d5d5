/**
 * Builds a MerkleTree from partitions met in any order (Cassandra's Validator adding each
 * partition's hash to the tree). Hashes are XORed into sparse leaves at the deepest depth
 * allowed; build() then picks the depth Cassandra would for the number of partitions seen,
 * about one partition per leaf (ceil(log2(partitions)), at most the depth allowed), and folds
 * the sparse leaves up to it. Memory: one 16-byte hash per non-empty deep leaf, so at most one
 * per partition and 2^maxDepth in all.
 */

import { assert } from '../../lib/assert.js';
import type { TokenRange } from '../ring/token-range.js';
import { MERKLE_HASH_BYTES, MerkleTree, nodeIndexOf } from './merkle-tree.js';

export class MerkleTreeBuilder {
  private readonly deepLeaves = new Map<number, Uint8Array>();
  private partitions = 0;
  private readonly maxDepth: number;

  constructor(
    readonly range: TokenRange,
    /** The deepest the tree may be (clamped to what the range can hold). */
    maxDepth: number,
  ) {
    assert(Number.isInteger(maxDepth) && maxDepth >= 0, `max depth ${maxDepth}`);
    this.maxDepth = Math.min(maxDepth, MerkleTree.maxDepthOf(range));
  }

  /** Adds one partition's hash (its digest) at its token. */
  add(token: bigint, hash: Uint8Array): void {
    assert(hash.length === MERKLE_HASH_BYTES, `a partition hash of ${hash.length} bytes`);
    const index = nodeIndexOf(this.range, token, this.maxDepth);
    const leaf = this.deepLeaves.get(index);
    if (leaf === undefined) this.deepLeaves.set(index, Uint8Array.from(hash));
    else for (let b = 0; b < MERKLE_HASH_BYTES; b++) leaf[b]! ^= hash[b]!;
    this.partitions++;
  }

  build(): MerkleTree {
    const depth = Math.min(this.maxDepth, depthFor(this.partitions));
    const shift = this.maxDepth - depth;
    const leaves = new Uint8Array(MERKLE_HASH_BYTES * 2 ** depth);
    for (const [deepIndex, hash] of this.deepLeaves) {
      const at = Math.floor(deepIndex / 2 ** shift) * MERKLE_HASH_BYTES;
      for (let b = 0; b < MERKLE_HASH_BYTES; b++) leaves[at + b]! ^= hash[b]!;
    }
    return new MerkleTree(this.range, depth, leaves, this.partitions);
  }
}

/** ceil(log2(partitions)): about one partition per leaf (a tree of one leaf for 0 or 1). */
export function depthFor(partitions: number): number {
  let depth = 0;
  while (2 ** depth < partitions) depth++;
  return depth;
}
