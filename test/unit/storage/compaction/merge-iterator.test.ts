import { describe, expect, it } from 'vitest';
import { mergePartitionStreams } from '../../../../src/storage/compaction/merge-iterator.js';
import { SeededRandom } from '../../../../src/lib/random.js';
import type { PartitionUpdate } from '../../../../src/storage/model/partition-update.js';
import { compareDecoratedKeys } from '../../../../src/storage/model/token.js';
import { keysOf, live, partition, row, text } from './partition-fixtures.js';

const streams = (...lists: PartitionUpdate[][]) => lists.map((list) => list[Symbol.iterator]());

describe('mergePartitionStreams', () => {
  it('yields (token, key) ascending across sources, key bytes breaking token ties', () => {
    const a = [partition(-5n, 'a', []), partition(3n, 'b', []), partition(9n, 'a', [])];
    const b = [partition(-7n, 'z', []), partition(3n, 'a', []), partition(10n, 'a', [])];
    const c: PartitionUpdate[] = [];
    expect(keysOf(mergePartitionStreams(streams(a, b, c)))).toEqual(['-7:z', '-5:a', '3:a', '3:b', '9:a', '10:a']);
  });

  it('reconciles equal keys: newest cell wins whichever source holds it', () => {
    const old = [partition(1n, 'k', [row('r1', [live(1, 'old', 10n), live(2, 'keep', 10n)])])];
    const mid = [partition(1n, 'k', [row('r1', [live(1, 'new', 30n)]), row('r2', [live(1, 'x', 5n)])])];
    const newest = [partition(1n, 'k', [row('r1', [live(1, 'older', 20n)])])];
    const merged = [...mergePartitionStreams(streams(old, mid, newest))];
    expect(merged).toHaveLength(1);
    const [r1, r2] = merged[0]!.rows;
    expect(r1!.cells.map((cell) => [cell.column, text(cell.value)])).toEqual([
      [1, 'new'],
      [2, 'keep'],
    ]);
    expect(text(r2!.cells[0]!.value)).toBe('x');
  });

  it('matches a sort-then-merge reference on random inputs', () => {
    const random = new SeededRandom(42);
    const sources: PartitionUpdate[][] = [];
    for (let s = 0; s < 7; s++) {
      const seen = new Map<string, PartitionUpdate>();
      for (let i = 0; i < 200; i++) {
        const token = BigInt(random.int(300)) - 150n;
        const key = `k${random.int(3)}`;
        seen.set(`${token}:${key}`, partition(token, key, [row('c', [live(1, `s${s}i${i}`, BigInt(random.int(1000)))])]));
      }
      sources.push([...seen.values()].sort(compareDecoratedKeys));
    }
    const merged = [...mergePartitionStreams(streams(...sources))];
    const expected = new Map<string, bigint>();
    for (const source of sources) {
      for (const p of source) {
        const id = `${p.token}:${text(p.key)}`;
        const ts = p.rows[0]!.cells[0]!.timestamp;
        if ((expected.get(id) ?? -1n) < ts) expected.set(id, ts);
      }
    }
    expect(merged).toHaveLength(expected.size);
    for (let i = 1; i < merged.length; i++) expect(compareDecoratedKeys(merged[i - 1]!, merged[i]!)).toBeLessThan(0);
    for (const p of merged) expect(p.rows[0]!.cells[0]!.timestamp).toBe(expected.get(`${p.token}:${text(p.key)}`));
  });

  it('refuses a source that is out of order', () => {
    const bad = [partition(5n, 'a', []), partition(2n, 'a', [])];
    expect(() => [...mergePartitionStreams(streams(bad))]).toThrow(/ascending/);
  });
});
