/**
 * A counter context must merge like Cassandra's (per counter id the higher clock wins, equal
 * clocks the greater value, other ids kept) and the merge must be a join: replicas and SSTables
 * see shards in any order and any number of times, and must agree on one total.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  COUNTER_SHARD_BYTES,
  EMPTY_COUNTER_CONTEXT,
  counterContextTotal,
  counterShardCount,
  decodeCounterContext,
  encodeCounterContext,
  localShardOf,
  mergeCounterContexts,
  withLocalShard,
  type CounterShard,
} from '../../../../src/storage/model/counter-context.js';

const id = (n: number): Uint8Array => {
  const bytes = new Uint8Array(16);
  bytes[0] = n >> 8;
  bytes[15] = n & 0xff;
  return bytes;
};
const shard = (n: number, clock: bigint, value: bigint): CounterShard => ({ counterId: id(n), clock, value });
const context = (...shards: CounterShard[]) => encodeCounterContext(shards);
const summary = (bytes: Uint8Array) => decodeCounterContext(bytes).map((s) => [s.counterId[0]! * 256 + s.counterId[15]!, s.clock, s.value]);

const int64 = fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n });
/** Few ids and clocks, so generated contexts share ids and tie on clocks often. */
const arbitraryContext = fc
  .uniqueArray(
    fc.record({
      counterId: fc.oneof(fc.integer({ min: 0, max: 5 }).map(id), fc.uint8Array({ minLength: 16, maxLength: 16 })),
      clock: fc.oneof(fc.bigInt({ min: 0n, max: 3n }), int64),
      value: fc.oneof(fc.bigInt({ min: -3n, max: 3n }), int64),
    }),
    { selector: (s) => Buffer.from(s.counterId).toString('hex'), maxLength: 6 },
  )
  .map((shards) => encodeCounterContext(shards));

/** What a merge of any contexts must give: per id, the greatest (clock, value). */
function reference(...contexts: Uint8Array[]): Map<string, CounterShard> {
  const best = new Map<string, CounterShard>();
  for (const shard of contexts.flatMap((c) => decodeCounterContext(c))) {
    const key = Buffer.from(shard.counterId).toString('hex');
    const held = best.get(key);
    if (held === undefined || shard.clock > held.clock || (shard.clock === held.clock && shard.value > held.value)) best.set(key, shard);
  }
  return best;
}

describe('counter context encoding', () => {
  it('writes 32 bytes a shard, sorted by counter id, and reads the same shards back', () => {
    const bytes = context(shard(3, 1n, 7n), shard(1, 2n, -4n));
    expect(bytes.length).toBe(2 * COUNTER_SHARD_BYTES);
    expect(summary(bytes)).toEqual([
      [1, 2n, -4n],
      [3, 1n, 7n],
    ]);
    // Big-endian clock and value right after the 16-byte id.
    expect([...bytes.subarray(16, 32)]).toEqual([0, 0, 0, 0, 0, 0, 0, 2, 255, 255, 255, 255, 255, 255, 255, 252]);
    expect(counterShardCount(bytes)).toBe(2);
  });

  it('refuses duplicate ids, wrong id lengths, values outside int64 and torn or unsorted contexts', () => {
    expect(() => context(shard(1, 1n, 1n), shard(1, 2n, 2n))).toThrow(/appears twice/);
    expect(() => encodeCounterContext([{ counterId: new Uint8Array(15), clock: 1n, value: 1n }])).toThrow(/15 bytes/);
    expect(() => context(shard(1, 2n ** 63n, 1n))).toThrow(/outside int64/);
    expect(() => counterContextTotal(new Uint8Array(33))).toThrow(/whole number/);
    const unsorted = new Uint8Array([...context(shard(2, 1n, 1n)), ...context(shard(1, 1n, 1n))]);
    expect(() => decodeCounterContext(unsorted)).toThrow(/not sorted/);
    expect(() => mergeCounterContexts(unsorted, context(shard(9, 1n, 1n)))).toThrow(/not sorted/);
  });

  it('round-trips any set of shards', () => {
    fc.assert(
      fc.property(arbitraryContext, (bytes) => {
        expect(encodeCounterContext(decodeCounterContext(bytes))).toEqual(bytes);
      }),
    );
  });
});

describe('counterContextTotal', () => {
  it('sums the shard values, zero for the empty context, wrapping at int64 as a Java long', () => {
    expect(counterContextTotal(context(shard(1, 5n, 10n), shard(2, 1n, -3n), shard(7, 9n, 100n)))).toBe(107n);
    expect(counterContextTotal(EMPTY_COUNTER_CONTEXT)).toBe(0n);
    expect(counterContextTotal(context(shard(1, 1n, 2n ** 63n - 1n), shard(2, 1n, 1n)))).toBe(-(2n ** 63n));
  });
});

describe('mergeCounterContexts', () => {
  it('keeps the higher clock per id, the greater value on equal clocks, and every id', () => {
    const a = context(shard(1, 5n, 50n), shard(2, 3n, 1n), shard(4, 7n, 70n));
    const b = context(shard(1, 4n, 99n), shard(2, 3n, 2n), shard(3, 1n, 10n));
    expect(summary(mergeCounterContexts(a, b))).toEqual([
      [1, 5n, 50n],
      [2, 3n, 2n],
      [3, 1n, 10n],
      [4, 7n, 70n],
    ]);
    expect(counterContextTotal(mergeCounterContexts(a, b))).toBe(132n);
  });

  it('compares clocks and values as signed int64', () => {
    const negative = context(shard(1, -1n, 5n));
    const positive = context(shard(1, 1n, 5n));
    expect(mergeCounterContexts(negative, positive)).toBe(positive);
    const low = context(shard(1, 1n, -(2n ** 63n)));
    const high = context(shard(1, 1n, 2n ** 32n));
    expect(mergeCounterContexts(high, low)).toBe(high);
  });

  it('returns an argument itself when it already is the result', () => {
    const whole = context(shard(1, 5n, 1n), shard(2, 5n, 1n));
    const part = context(shard(2, 4n, 9n));
    expect(mergeCounterContexts(whole, part)).toBe(whole);
    expect(mergeCounterContexts(part, whole)).toBe(whole);
    expect(mergeCounterContexts(EMPTY_COUNTER_CONTEXT, part)).toBe(part);
    expect(mergeCounterContexts(part, EMPTY_COUNTER_CONTEXT)).toBe(part);
  });

  it('is commutative, associative and idempotent, and holds the greatest (clock, value) of every id', () => {
    fc.assert(
      fc.property(arbitraryContext, arbitraryContext, arbitraryContext, (a, b, c) => {
        expect(mergeCounterContexts(a, b)).toEqual(mergeCounterContexts(b, a));
        expect(mergeCounterContexts(mergeCounterContexts(a, b), c)).toEqual(mergeCounterContexts(a, mergeCounterContexts(b, c)));
        expect(mergeCounterContexts(a, a)).toEqual(a);
        expect(mergeCounterContexts(mergeCounterContexts(a, b), b)).toEqual(mergeCounterContexts(a, b));
        const merged = mergeCounterContexts(mergeCounterContexts(a, b), c);
        const expected = [...reference(a, b, c).values()];
        expect(decodeCounterContext(merged)).toEqual(decodeCounterContext(encodeCounterContext(expected)));
        const expectedTotal = BigInt.asIntN(64, expected.reduce((sum, s) => sum + s.value, 0n));
        expect(counterContextTotal(merged)).toBe(expectedTotal);
      }),
      { numRuns: 500 },
    );
  });
});

describe('localShardOf and withLocalShard', () => {
  it('finds a shard by its counter id, or null', () => {
    const bytes = context(shard(1, 1n, 10n), shard(5, 2n, 20n), shard(9, 3n, 30n));
    expect(localShardOf(bytes, id(5))).toEqual({ clock: 2n, value: 20n });
    expect(localShardOf(bytes, id(9))).toEqual({ clock: 3n, value: 30n });
    expect(localShardOf(bytes, id(4))).toBeNull();
    expect(localShardOf(EMPTY_COUNTER_CONTEXT, id(4))).toBeNull();
  });

  it('replaces a shard or inserts it in id order, leaving the input unchanged', () => {
    const bytes = context(shard(1, 1n, 10n), shard(5, 2n, 20n));
    const copy = bytes.slice();
    expect(summary(withLocalShard(bytes, id(5), 3n, 25n))).toEqual([
      [1, 1n, 10n],
      [5, 3n, 25n],
    ]);
    expect(summary(withLocalShard(bytes, id(3), 1n, 7n))).toEqual([
      [1, 1n, 10n],
      [3, 1n, 7n],
      [5, 2n, 20n],
    ]);
    expect(summary(withLocalShard(bytes, id(0), 1n, 7n))[0]).toEqual([0, 1n, 7n]);
    expect(summary(withLocalShard(bytes, id(8), 1n, 7n))[2]).toEqual([8, 1n, 7n]);
    expect(bytes).toEqual(copy);
  });

  it('makes the local counter path idempotent: the same incremented shard merged twice counts once', () => {
    const host = id(42);
    let stored = context(shard(7, 3n, 100n));
    for (const delta of [5n, -2n, 10n]) {
      const local = localShardOf(stored, host) ?? { clock: 0n, value: 0n };
      const write = withLocalShard(EMPTY_COUNTER_CONTEXT, host, local.clock + 1n, local.value + delta);
      stored = mergeCounterContexts(stored, write);
      expect(mergeCounterContexts(stored, write)).toBe(stored);
    }
    expect(counterContextTotal(stored)).toBe(113n);
    expect(localShardOf(stored, host)).toEqual({ clock: 3n, value: 13n });
  });

  it('keeps any context sorted: a set shard reads back and the rest is unchanged', () => {
    fc.assert(
      fc.property(arbitraryContext, fc.uint8Array({ minLength: 16, maxLength: 16 }), int64, int64, (bytes, counterId, clock, value) => {
        const updated = withLocalShard(bytes, counterId, clock, value);
        expect(localShardOf(updated, counterId)).toEqual({ clock, value });
        expect(encodeCounterContext(decodeCounterContext(updated))).toEqual(updated);
        const others = (c: Uint8Array) => decodeCounterContext(c).filter((s) => Buffer.compare(s.counterId, counterId) !== 0);
        expect(others(updated)).toEqual(others(bytes));
      }),
    );
  });
});
