/**
 * Counter update cells and the leader's shards (counter-mutation.ts): an update carries the sum
 * of the increments it gathered, however a batch's updates of one cell merge; the leader builds
 * (clock + 1, value + delta) over its own shard and touches nothing else; and a leader's
 * successive shards, replicated in any order and any number of times, add up to every delta.
 */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  COUNTER_UPDATE_ID,
  counterUpdateContext,
  counterUpdateDelta,
  counterUpdateRows,
  hasCounterUpdates,
  toLeaderMutation,
} from '../../../../src/cluster/coordinator/counter-mutation.js';
import { cellTombstone, counterCell, counterTombstone, liveCell, reconcileCells, type Cell } from '../../../../src/storage/model/cell.js';
import {
  counterContextTotal,
  decodeCounterContext,
  EMPTY_COUNTER_CONTEXT,
  localShardOf,
  mergeCounterContexts,
  withLocalShard,
} from '../../../../src/storage/model/counter-context.js';
import type { Row } from '../../../../src/storage/model/row.js';
import type { WriteMutation } from '../../../../src/storage/storage-engine.js';

const LEADER_A = Uint8Array.from({ length: 16 }, (_, i) => 0xa0 + i);
const LEADER_B = Uint8Array.from({ length: 16 }, (_, i) => 0xb0 + i);
const KEY = Uint8Array.of(0, 0, 0, 7);
const TS = 1_000n;

function row(clustering: Uint8Array, cells: Cell[]): Row {
  return { clustering, liveness: null, deletion: null, cells };
}

function mutation(rows: Row[], staticRow: Row | null = null): WriteMutation {
  return { tableId: 42, key: KEY, deletion: null, rangeTombstones: [], staticRow, rows };
}

/** The update cells the executor writes for increments `deltas` of one cell, in order. */
function updatesOf(deltas: readonly bigint[]): Cell[] {
  let sum = 0n;
  return deltas.map((delta, i) => {
    sum += delta;
    return counterCell(1, counterUpdateContext(BigInt(i + 1), sum), TS);
  });
}

const delta = fc.bigInt({ min: -(2n ** 40n), max: 2n ** 40n });

describe('counter update cells', () => {
  it('carry their delta; shards of nodes, regular cells and tombstones are not updates', () => {
    expect(counterUpdateDelta(counterCell(1, counterUpdateContext(3n, -17n), TS))).toBe(-17n);
    expect(counterUpdateDelta(counterCell(1, withLocalShard(EMPTY_COUNTER_CONTEXT, LEADER_A, 1n, 5n), TS))).toBeNull();
    expect(counterUpdateDelta(liveCell(1, new Uint8Array(32), TS))).toBeNull();
    expect(counterUpdateDelta(counterTombstone(1, TS, 10))).toBeNull();
    // A context with the update shard beside a node's shard is a stored value, not an update.
    const mixed = withLocalShard(counterUpdateContext(1n, 4n), LEADER_A, 2n, 9n);
    expect(counterUpdateDelta(counterCell(1, mixed, TS))).toBeNull();
  });

  it('a batch of increments of one cell merges, in any order, to one update holding their sum', () => {
    fc.assert(
      fc.property(fc.array(delta, { minLength: 1, maxLength: 12 }), fc.integer({ min: 0, max: 2 ** 31 - 1 }), (deltas, seed) => {
        // Cells meet in an arbitrary order when a batch's writes are merged per partition.
        const merged = shuffled(updatesOf(deltas), seed).reduce((a, b) => reconcileCells(a, b));
        expect(counterUpdateDelta(merged)).toBe(deltas.reduce((a, b) => a + b, 0n));
      }),
    );
  });

  it('finds the rows that hold updates, the static row first', () => {
    const update = counterCell(2, counterUpdateContext(1n, 1n), TS);
    const m = mutation([row(Uint8Array.of(1), [cellTombstone(3, TS, 10)]), row(Uint8Array.of(2), [update])], row(new Uint8Array(0), [update]));
    expect(counterUpdateRows(m)).toEqual([null, Uint8Array.of(2)]);
    expect(hasCounterUpdates(m)).toBe(true);
    expect(hasCounterUpdates(mutation([row(Uint8Array.of(1), [counterTombstone(2, TS, 10)])]))).toBe(false);
  });
});

describe('toLeaderMutation', () => {
  it("builds the leader's shard over its local one, keeps the timestamp, and leaves every other cell alone", () => {
    const tombstone = counterTombstone(3, TS, 10);
    const update = mutation(
      [row(Uint8Array.of(1), [counterCell(1, counterUpdateContext(2n, 5n), TS), counterCell(2, counterUpdateContext(1n, -3n), TS), tombstone])],
      row(new Uint8Array(0), [counterCell(4, counterUpdateContext(1n, 100n), TS)]),
    );
    const local = new Map([['01/1', { clock: 7n, value: 10n }]]);
    const led = toLeaderMutation(update, LEADER_A, (clustering, column) => local.get(`${clustering === null ? 'static' : Buffer.from(clustering).toString('hex')}/${column}`) ?? null);
    const [first, second, third] = led.rows[0]!.cells;
    expect(decodeCounterContext(first!.value!)).toEqual([{ counterId: LEADER_A, clock: 8n, value: 15n }]);
    expect(first!.timestamp).toBe(TS);
    expect(first!.counter).toBe(true);
    // No local shard yet: the leader's first write of the cell.
    expect(decodeCounterContext(second!.value!)).toEqual([{ counterId: LEADER_A, clock: 1n, value: -3n }]);
    expect(third).toBe(tombstone);
    expect(decodeCounterContext(led.staticRow!.cells[0]!.value!)).toEqual([{ counterId: LEADER_A, clock: 1n, value: 100n }]);
    expect(hasCounterUpdates(led)).toBe(false);
  });

  it('refuses the update id as a leader', () => {
    const update = mutation([row(Uint8Array.of(1), [counterCell(1, counterUpdateContext(1n, 1n), TS)])]);
    expect(() => toLeaderMutation(update, COUNTER_UPDATE_ID, () => null)).toThrow(/never a leader/);
  });

  it("two leaders' shards, each built over its own applied state and replicated in any order and any number of times, total every delta", () => {
    const step = fc.record({ leader: fc.constantFrom(LEADER_A, LEADER_B), delta });
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 30 }), fc.integer({ min: 0, max: 2 ** 31 - 1 }), (steps, seed) => {
        const applied = new Map<Uint8Array, Uint8Array>([
          [LEADER_A, EMPTY_COUNTER_CONTEXT],
          [LEADER_B, EMPTY_COUNTER_CONTEXT],
        ]);
        const sent: Uint8Array[] = [];
        for (const { leader, delta: d } of steps) {
          const update = mutation([row(Uint8Array.of(1), [counterCell(1, counterUpdateContext(1n, d), TS)])]);
          const own = applied.get(leader)!;
          const led = toLeaderMutation(update, leader, () => localShardOf(own, leader));
          const context = led.rows[0]!.cells[0]!.value!;
          applied.set(leader, mergeCounterContexts(own, context));
          sent.push(context);
        }
        // A replica receives every message, some twice, in a shuffled order.
        const received = shuffled([...sent, ...sent.filter((_, i) => (seed >> i % 31) & 1)], seed);
        const replica = received.reduce((a, b) => mergeCounterContexts(a, b), EMPTY_COUNTER_CONTEXT);
        expect(counterContextTotal(replica)).toBe(steps.reduce((sum, s) => sum + s.delta, 0n));
      }),
    );
  });
});

/** A deterministic shuffle (xorshift from `seed`). */
function shuffled<T>(items: T[], seed: number): T[] {
  let state = seed | 1;
  for (let i = items.length - 1; i > 0; i--) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    const j = Math.abs(state) % (i + 1);
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}
