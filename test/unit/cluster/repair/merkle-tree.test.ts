/**
 * Merkle trees over token ranges: the leaves cut the range into 2^depth contiguous sub-ranges
 * found by the same midpoint halvings as tokens are placed, a node's hash is the XOR of the
 * partition hashes under it, the builder picks about one partition per leaf within the depth
 * allowed, and the difference of two trees is exactly the smallest-to-largest sub-ranges that
 * hold the partitions that differ, whatever the two trees' depths.
 */

import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addToToken, TokenRange } from '../../../../src/cluster/ring/token-range.js';
import { merkleDifference } from '../../../../src/cluster/repair/merkle-difference.js';
import { MERKLE_DEPTH_MAX, MERKLE_HASH_BYTES, MerkleTree } from '../../../../src/cluster/repair/merkle-tree.js';
import { depthFor, MerkleTreeBuilder } from '../../../../src/cluster/repair/merkle-tree-builder.js';
import { MAX_TOKEN, MIN_TOKEN } from '../../../../src/storage/model/token.js';

const md5 = (s: string): Uint8Array => new Uint8Array(createHash('md5').update(s).digest());
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const token = fc.bigInt({ min: MIN_TOKEN + 1n, max: MAX_TOKEN });
/** Any range, wrapping ones and the whole ring included, wide enough for a few levels. */
const range = fc.tuple(token, token).filter(([l, r]) => l === r || TokenRange.size(TokenRange.create(l, r)) >= 1024n).map(([l, r]) => TokenRange.create(l, r));

/** A token inside the range: left + a position in 1..size. */
function tokenIn(r: TokenRange, fraction: number): bigint {
  const size = TokenRange.size(r);
  const position = 1n + BigInt(Math.floor(fraction * 1e9)) * (size - 1n) / 1_000_000_000n;
  return addToToken(r.left, position);
}

function treeOf(r: TokenRange, partitions: ReadonlyArray<readonly [bigint, string]>, maxDepth = MERKLE_DEPTH_MAX): MerkleTree {
  const builder = new MerkleTreeBuilder(r, maxDepth);
  for (const [t, content] of partitions) builder.add(t, md5(content));
  return builder.build();
}

describe('MerkleTree', () => {
  it('cuts its range into 2^depth contiguous leaves, in ring order, that cover it exactly', () => {
    fc.assert(
      fc.property(range, fc.integer({ min: 0, max: 8 }), (r, wanted) => {
        const depth = Math.min(wanted, MerkleTree.maxDepthOf(r));
        const tree = new MerkleTree(r, depth, new Uint8Array(MERKLE_HASH_BYTES * 2 ** depth), 0);
        let total = 0n;
        let left = r.left;
        for (let i = 0; i < tree.leafCount; i++) {
          const leaf = tree.rangeAt(depth, i);
          expect(leaf.left).toBe(left);
          total += TokenRange.size(leaf);
          left = leaf.right;
        }
        expect(left).toBe(r.right);
        expect(total).toBe(TokenRange.size(r));
        // A node's range is its two children's together.
        if (depth > 0) expect(tree.rangeAt(1, 0).right).toBe(TokenRange.midpoint(r));
      }),
    );
  });

  it('places a token in the one leaf whose range holds it, at every depth', () => {
    fc.assert(
      fc.property(range, fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 20 }), (r, fraction, k) => {
        const t = tokenIn(r, fraction);
        const depth = Math.min(k, MerkleTree.maxDepthOf(r));
        const tree = new MerkleTree(r, depth, new Uint8Array(MERKLE_HASH_BYTES * 2 ** depth), 0);
        const index = tree.indexOf(t);
        expect(TokenRange.contains(tree.rangeAt(depth, index), t)).toBe(true);
        if (index > 0) expect(TokenRange.contains(tree.rangeAt(depth, index - 1), t)).toBe(false);
      }),
    );
    // The range's right end is its last leaf's; the whole ring (t, t] holds t as its last position.
    const whole = TokenRange.create(7n, 7n);
    const tree = new MerkleTree(whole, 3, new Uint8Array(MERKLE_HASH_BYTES * 8), 0);
    expect(tree.indexOf(7n)).toBe(7);
    expect(tree.indexOf(8n)).toBe(0);
    expect(tree.rangeAt(0, 0)).toEqual(whole);
  });

  it('hashes each node as the XOR of the partition hashes under it; an empty range hashes to zeros', () => {
    const r = TokenRange.create(0n, 1_000_000n);
    const partitions = Array.from({ length: 37 }, (_, i) => [BigInt(1 + i * 26_000), `p${i}`] as const);
    const tree = treeOf(r, partitions);
    const xor = (list: ReadonlyArray<readonly [bigint, string]>): string => {
      const out = new Uint8Array(16);
      for (const [, c] of list) md5(c).forEach((byte, b) => (out[b]! ^= byte));
      return hex(out);
    };
    expect(tree.depth).toBe(6); // ceil(log2(37))
    expect(tree.partitions).toBe(37);
    expect(hex(tree.rootHash())).toBe(xor(partitions));
    for (let k = 0; k <= tree.depth; k++) {
      for (let i = 0; i < 2 ** k; i++) {
        const inside = partitions.filter(([t]) => TokenRange.contains(tree.rangeAt(k, i), t));
        expect(hex(tree.hashAt(k, i))).toBe(xor(inside));
      }
    }
    expect(hex(treeOf(r, []).rootHash())).toBe('0'.repeat(32));
    expect(treeOf(r, []).depth).toBe(0);
  });

  it('builds the same tree from partitions in ring order or in any order', () => {
    fc.assert(
      fc.property(range, fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 80 }), (r, fractions) => {
        const partitions = [...new Set(fractions.map((f) => tokenIn(r, f)))].map((t) => [t, `p${t}`] as const);
        const offset = (t: bigint): bigint => BigInt.asUintN(64, t - r.left - 1n);
        const ordered = [...partitions].sort((x, y) => (offset(x[0]) < offset(y[0]) ? -1 : 1));
        const a = treeOf(r, ordered);
        const b = treeOf(r, [...ordered].reverse());
        expect(hex(b.leaves())).toBe(hex(a.leaves()));
      }),
      { numRuns: 100 },
    );
  });

  it('chooses about one partition per leaf, at most the depth asked for and what the range can hold', () => {
    expect([0, 1, 2, 3, 4, 5, 1000, 1024, 1025].map(depthFor)).toEqual([0, 0, 1, 2, 2, 3, 10, 10, 11]);
    const r = TokenRange.create(-1_000_000_000n, 1_000_000_000n);
    const many = Array.from({ length: 3000 }, (_, i) => [BigInt(-999_000_000 + i * 600_000), `p${i}`] as const);
    expect(treeOf(r, many).depth).toBe(12);
    expect(treeOf(r, many, 7).depth).toBe(7);
    expect(treeOf(r, many, 7).rootHash()).toEqual(treeOf(r, many).rootHash());
    // A range of 5 tokens splits twice at most: every leaf keeps a token.
    expect(MerkleTree.maxDepthOf(TokenRange.create(0n, 5n))).toBe(2);
    expect(MerkleTree.maxDepthOf(TokenRange.create(0n, 0n))).toBe(MERKLE_DEPTH_MAX);
    expect(() => new MerkleTree(TokenRange.create(0n, 5n), 3, new Uint8Array(16 * 8), 0)).toThrow(/depth 3/);
  });
});

describe('merkleDifference', () => {
  const r = TokenRange.create(MAX_TOKEN - 1_000_000n, MIN_TOKEN + 1_000_000n); // wraps
  const tokens = Array.from({ length: 200 }, (_, i) => addToToken(r.left, BigInt(1 + i * 10_000)));
  const base = tokens.map((t, i) => [t, `v${i}`] as const);

  it('is empty for trees of the same data, whatever their depths', () => {
    expect(merkleDifference(treeOf(r, base), treeOf(r, base))).toEqual([]);
    expect(merkleDifference(treeOf(r, base, 3), treeOf(r, base))).toEqual([]);
    expect(merkleDifference(treeOf(r, []), treeOf(r, []))).toEqual([]);
  });

  it('finds the leaf of one changed, missing or extra partition, and only it', () => {
    const changed = base.map(([t, c], i) => [t, i === 57 ? 'other' : c] as const);
    const missing = base.filter((_, i) => i !== 120);
    for (const [other, t] of [
      [changed, tokens[57]!],
      [missing, tokens[120]!],
    ] as const) {
      const left = treeOf(r, base);
      const diff = merkleDifference(left, treeOf(r, other));
      expect(diff).toHaveLength(1);
      expect(TokenRange.contains(diff[0]!, t)).toBe(true);
      expect(diff[0]).toEqual(left.rangeAt(left.depth, left.indexOf(t)));
    }
  });

  it('answers the whole range when everything differs, and the largest sub-ranges that differ throughout', () => {
    // Every leaf of 16 holds partitions, and all of them differ: one range, the whole.
    const all = base.map(([t, c]) => [t, `${c}!`] as const);
    expect(merkleDifference(treeOf(r, base, 4), treeOf(r, all, 4))).toEqual([r]);
    // At a depth where some leaves are empty on both sides, those agree and are left out.
    expect(merkleDifference(treeOf(r, base), treeOf(r, all)).length).toBeGreaterThan(1);
    // Every partition of the first half differs: the first half, as one range.
    const firstHalf = new MerkleTree(r, 1, new Uint8Array(32), 0).rangeAt(1, 0);
    const half = base.map(([t, c]) => [t, TokenRange.contains(firstHalf, t) ? `${c}!` : c] as const);
    expect(merkleDifference(treeOf(r, base, 4), treeOf(r, half, 4))).toEqual([firstHalf]);
  });

  it('covers every partition that differs, with disjoint ranges in ring order each holding one (property)', () => {
    fc.assert(
      fc.property(
        range,
        fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom('same', 'changed', 'left only', 'right only')), { maxLength: 150 }),
        fc.integer({ min: 0, max: 10 }),
        (rg, specs, maxDepth) => {
          const seen = new Set<bigint>();
          const left: Array<readonly [bigint, string]> = [];
          const right: Array<readonly [bigint, string]> = [];
          const differing: bigint[] = [];
          specs.forEach(([fraction, kind], i) => {
            const t = tokenIn(rg, fraction);
            if (seen.has(t)) return;
            seen.add(t);
            if (kind !== 'right only') left.push([t, `p${i}`]);
            if (kind !== 'left only') right.push([t, kind === 'changed' ? `q${i}` : `p${i}`]);
            if (kind !== 'same') differing.push(t);
          });
          const a = treeOf(rg, left, maxDepth);
          const diff = merkleDifference(a, treeOf(rg, right));
          for (const t of differing) expect(diff.filter((d) => TokenRange.contains(d, t))).toHaveLength(1);
          for (const d of diff) expect(differing.some((t) => TokenRange.contains(d, t))).toBe(true);
          const offset = (x: bigint): bigint => BigInt.asUintN(64, x - rg.left);
          for (let i = 1; i < diff.length; i++) expect(offset(diff[i]!.left) >= offset(diff[i - 1]!.right) || diff[i - 1]!.right === rg.right).toBe(true);
          if (differing.length === 0) expect(diff).toEqual([]);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('refuses trees of different ranges', () => {
    expect(() => merkleDifference(treeOf(TokenRange.create(0n, 100n), []), treeOf(TokenRange.create(0n, 101n), []))).toThrow(/cannot be compared/);
  });
});
