/**
 * mustOverlap against the definition itself: for small layouts of replicas over two
 * datacenters, every pair of replica sets a write and a read at their levels could use is
 * enumerated, and the levels must overlap exactly when no such pair is disjoint.
 */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ConsistencyLevel } from '../../src/cluster/consistency/consistency-level.js';
import { ackableBy, mustOverlap, type LevelAt, type ReplicaCounts } from './level-overlap.js';

const LEVELS: readonly ConsistencyLevel[] = ['ONE', 'TWO', 'QUORUM', 'ALL', 'LOCAL_ONE', 'LOCAL_QUORUM', 'EACH_QUORUM'];

/** Whether `set` (a bit per replica) satisfies the level, replicas listed with their datacenters. */
function satisfies(set: number, { level, datacenter }: LevelAt, dcs: readonly string[], counts: ReplicaCounts): boolean {
  const inDc = (dc: string): number => dcs.filter((d, i) => d === dc && (set >> i) & 1).length;
  const total = dcs.filter((_, i) => (set >> i) & 1).length;
  const quorum = (n: number): number => Math.floor(n / 2) + 1;
  switch (level) {
    case 'ONE':
      return total >= 1;
    case 'TWO':
      return total >= 2;
    case 'QUORUM':
      return total >= quorum(dcs.length);
    case 'ALL':
      return total === dcs.length;
    case 'LOCAL_ONE':
      return inDc(datacenter) >= 1;
    case 'LOCAL_QUORUM':
      return inDc(datacenter) >= quorum(counts.get(datacenter)!);
    case 'EACH_QUORUM':
      return [...counts].every(([dc, n]) => inDc(dc) >= quorum(n));
    default:
      throw new Error(`not enumerated: ${level}`);
  }
}

function bruteForce(write: LevelAt, read: LevelAt, counts: ReplicaCounts): boolean {
  const dcs = [...counts].flatMap(([dc, n]) => Array<string>(n).fill(dc));
  const sets = [...Array(1 << dcs.length).keys()];
  const writes = sets.filter((s) => satisfies(s, write, dcs, counts));
  const reads = sets.filter((s) => satisfies(s, read, dcs, counts));
  return writes.every((w) => reads.every((r) => (w & r) !== 0));
}

describe('mustOverlap', () => {
  it('agrees with enumerating every pair of replica sets the levels allow', () => {
    const levelAt = fc.record({ level: fc.constantFrom(...LEVELS), datacenter: fc.constantFrom('dc1', 'dc2') });
    fc.assert(
      fc.property(levelAt, levelAt, fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 3 }), (write, read, rf1, rf2) => {
        const counts = new Map([
          ['dc1', rf1],
          ['dc2', rf2],
        ]);
        expect(mustOverlap(write, read, counts)).toBe(bruteForce(write, read, counts));
      }),
      { numRuns: 500 },
    );
  });

  it('says which writes lost replicas alone can acknowledge, against enumeration too', () => {
    const levelAt = fc.record({ level: fc.constantFrom(...LEVELS), datacenter: fc.constantFrom('dc1', 'dc2') });
    fc.assert(
      fc.property(levelAt, fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 3 }), fc.nat(), fc.nat(), (write, rf1, rf2, a, b) => {
        const counts = new Map([
          ['dc1', rf1],
          ['dc2', rf2],
        ]);
        const lost = new Map([
          ['dc1', a % (rf1 + 1)],
          ['dc2', b % (rf2 + 1)],
        ]);
        const dcs = [...counts].flatMap(([dc, n]) => Array<string>(n).fill(dc));
        // The lost replicas: the first lost(dc1) of dc1's and the first lost(dc2) of dc2's.
        let set = 0;
        for (const [dc, n] of lost) for (let i = 0, at = dcs.indexOf(dc); i < n; i++) set |= 1 << (at + i);
        expect(ackableBy(write, lost, counts)).toBe(satisfies(set, write, dcs, counts));
      }),
      { numRuns: 400 },
    );
  });

  it('gives the familiar answers for RF 3 in one datacenter', () => {
    const rf3 = new Map([['dc1', 3]]);
    const at = (level: ConsistencyLevel): LevelAt => ({ level, datacenter: 'dc1' });
    expect(mustOverlap(at('QUORUM'), at('QUORUM'), rf3)).toBe(true);
    expect(mustOverlap(at('ONE'), at('QUORUM'), rf3)).toBe(false);
    expect(mustOverlap(at('ONE'), at('ALL'), rf3)).toBe(true);
    expect(mustOverlap(at('QUORUM'), at('ONE'), rf3)).toBe(false);
  });
});
