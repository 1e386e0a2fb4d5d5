import { describe, expect, it } from 'vitest';
import cassandra from 'cassandra-driver';
import fc from 'fast-check';
import { TimeUuidGenerator } from '../../../../src/cql/functions/time-uuid-generator.js';
import { listType, mapType, nativeCqlType, tupleType, type NativeCqlTypeKind } from '../../../../src/cql/types/cql-type.js';
import { bigDecimalOf } from '../../../../src/cql/types/driver-values.js';
import { compareValues } from '../../../../src/cql/values/compare-values.js';
import { SeededRandom } from '../../../../src/lib/random.js';

const { Tuple } = cassandra.types;
const type = (kind: NativeCqlTypeKind) => nativeCqlType(kind)!;

describe('values in their type\'s order (set elements, map keys, min and max)', () => {
  it('orders numbers by value and text by UTF-8 bytes', () => {
    expect(compareValues(type('int'), -5, 3)).toBeLessThan(0);
    expect(compareValues(type('decimal'), bigDecimalOf(10n, 1), bigDecimalOf(100n, 2))).toBe(0);
    expect(compareValues(type('double'), -0, 0)).toBeLessThan(0);
    expect(compareValues(type('double'), Infinity, NaN)).toBeLessThan(0);
    expect(compareValues(type('text'), 'z', 'é')).toBeLessThan(0);
  });

  it('orders lists element by element, the shorter first on a tie', () => {
    const ints = listType(type('int'), true);
    expect(compareValues(ints, [1, 2], [1, 3])).toBeLessThan(0);
    expect(compareValues(ints, [1], [1, 0])).toBeLessThan(0);
    expect(compareValues(ints, [2], [1, 9])).toBeGreaterThan(0);
    expect(compareValues(mapType(type('int'), type('int'), true), new Map([[1, 2]]), new Map([[1, 3]]))).toBeLessThan(0);
  });

  it('orders tuples by component, null first', () => {
    const pair = tupleType([type('int'), type('text')]);
    expect(compareValues(pair, Tuple.fromArray([null, 'a']), Tuple.fromArray([0, 'a']))).toBeLessThan(0);
    expect(compareValues(pair, Tuple.fromArray([1, 'b']), Tuple.fromArray([1, 'a']))).toBeGreaterThan(0);
  });

  it('orders the node\'s now() values as they were made (timeuuid order)', () => {
    const generator = new TimeUuidGenerator(new SeededRandom(1));
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 2, maxLength: 30 }), (steps) => {
        let now = 1_700_000_000_000;
        const made = steps.map((step) => generator.next((now += step)));
        for (let i = 1; i < made.length; i++) expect(compareValues(type('timeuuid'), made[i - 1], made[i])).toBeLessThan(0);
      }),
    );
  });
});
