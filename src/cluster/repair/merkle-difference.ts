/**
 * Where two replicas' trees of the same range disagree (Cassandra's MerkleTree.difference):
 * walk both from the root, skipping every subtree whose hashes agree; a node that differs
 * down to the shallower tree's leaves is "fully inconsistent", and a node both of whose
 * children are fully inconsistent is itself fully inconsistent, so the answer is the largest
 * sub-ranges that differ throughout, in ring order. Trees of different depths compare at the
 * shallower depth (a node's hash is the XOR of everything under it, whatever the depth).
 */

import { assert } from '../../lib/assert.js';
import { TokenRange } from '../ring/token-range.js';
import type { MerkleTree } from './merkle-tree.js';

const enum Consistency {
  consistent,
  partially,
  fully,
}

export function merkleDifference(a: MerkleTree, b: MerkleTree): TokenRange[] {
  assert(TokenRange.equals(a.range, b.range), `trees of ${TokenRange.toString(a.range)} and ${TokenRange.toString(b.range)} cannot be compared`);
  const depth = Math.min(a.depth, b.depth);
  const differing: Array<{ k: number; i: number }> = [];
  const visit = (k: number, i: number): Consistency => {
    if (Buffer.compare(a.hashAt(k, i), b.hashAt(k, i)) === 0) return Consistency.consistent;
    if (k === depth) return Consistency.fully;
    const left = visit(k + 1, 2 * i);
    const right = visit(k + 1, 2 * i + 1);
    if (left === Consistency.fully && right === Consistency.fully) return Consistency.fully;
    if (left === Consistency.fully) differing.push({ k: k + 1, i: 2 * i });
    if (right === Consistency.fully) differing.push({ k: k + 1, i: 2 * i + 1 });
    return Consistency.partially;
  };
  if (visit(0, 0) === Consistency.fully) differing.push({ k: 0, i: 0 });
  // Ring order: a node's first leaf at the deepest level compared.
  differing.sort((x, y) => x.i * 2 ** (depth - x.k) - y.i * 2 ** (depth - y.k));
  return differing.map(({ k, i }) => a.rangeAt(k, i));
}
