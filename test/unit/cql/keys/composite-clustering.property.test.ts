/**
 * Frozen lists, sets, maps, tuples and UDTs as clustering values: for random nested types and
 * values, the byte order of the encodings is the order of a reference comparator written from
 * Cassandra's rules on the value bytes (ListType.compareListOrSet, MapType.compareMaps, Cassandra
 * 5's TupleType.compareCustom), ASC and DESC; decoding gives back a value equal to the one
 * written; prefix bounds around a composite value select exactly what the comparator says.
 *
 * The reference reads serialized values as Cassandra holds them: a set sorted by its element
 * comparator without duplicates, a map sorted by key with the last value of a repeated key.
 */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clusteringPrefixBound, decodeClustering, encodeClustering } from '../../../../src/cql/keys/clustering-codec.js';
import { ComparableReader } from '../../../../src/cql/keys/comparable-reader.js';
import { readComparableBytes, writeComparableBytes } from '../../../../src/cql/keys/comparable-value.js';
import { listType, mapType, nativeCqlType, setType, tupleType, udtType, type CqlType } from '../../../../src/cql/types/cql-type.js';
import { bigDecimalOf, driverTypes } from '../../../../src/cql/types/driver-values.js';
import { deserializeValue, serializeValue } from '../../../../src/cql/types/value-codec.js';
import { compareBytes } from '../../../../src/storage/model/byte-order.js';

const runs = { numRuns: 2_000 };
const t = (name: string): CqlType => nativeCqlType(name)!;

// ---------------------------------------------------------------- reference comparator

/** Java's Double.compare: NaN greatest, -0.0 < 0.0. */
function javaDoubleCompare(a: number, b: number): number {
  if (a < b) return -1;
  if (a > b) return 1;
  const aNaN = Number.isNaN(a);
  const bNaN = Number.isNaN(b);
  if (aNaN || bNaN) return aNaN === bNaN ? 0 : aNaN ? 1 : -1;
  return Object.is(a, b) ? 0 : Object.is(a, -0) ? -1 : 1;
}

const sign = (a: number | bigint, b: number | bigint): number => (a < b ? -1 : a > b ? 1 : 0);

function twosComplement(bytes: Buffer): bigint {
  if (bytes.length === 0) return 0n;
  return BigInt.asIntN(bytes.length * 8, BigInt(`0x${bytes.toString('hex')}`));
}

function compareNative(kind: string, a: Buffer, b: Buffer): number {
  switch (kind) {
    case 'int':
      return sign(a.readInt32BE(0), b.readInt32BE(0));
    case 'bigint':
      return sign(a.readBigInt64BE(0), b.readBigInt64BE(0));
    case 'double':
      return javaDoubleCompare(a.readDoubleBE(0), b.readDoubleBE(0));
    case 'boolean':
      return sign(a[0]!, b[0]!);
    case 'text':
    case 'blob':
      return Math.sign(Buffer.compare(a, b));
    case 'decimal': {
      // BigDecimal.compareTo: scale both to the larger scale, compare the unscaled values.
      const [sa, sb] = [a.readInt32BE(0), b.readInt32BE(0)];
      const scale = Math.max(sa, sb);
      return sign(twosComplement(a.subarray(4)) * 10n ** BigInt(scale - sa), twosComplement(b.subarray(4)) * 10n ** BigInt(scale - sb));
    }
    default:
      throw new Error(`no reference comparator for ${kind}`);
  }
}

/** [int length][bytes] values from `offset`; null for a negative length. */
function framed(bytes: Buffer, offset: number, count: number | null): Array<Buffer | null> {
  const out: Array<Buffer | null> = [];
  while (count === null ? offset < bytes.length : out.length < count) {
    const length = bytes.readInt32BE(offset);
    offset += 4;
    out.push(length < 0 ? null : bytes.subarray(offset, offset + length));
    offset += Math.max(length, 0);
  }
  return out;
}

/** A set's or map's elements as Cassandra holds them: sorted by `compare`, one per equal key (the last written). */
function sortedDistinct<T>(items: T[], compare: (a: T, b: T) => number): T[] {
  const kept: T[] = [];
  for (const item of items) {
    const at = kept.findIndex((k) => compare(k, item) === 0);
    if (at >= 0) kept[at] = item;
    else kept.push(item);
  }
  return kept.sort(compare);
}

function compareValues(type: CqlType, a: Buffer, b: Buffer): number {
  switch (type.kind) {
    case 'list':
    case 'set': {
      const element = type.element;
      const cmp = (x: Buffer, y: Buffer): number => compareValues(element, x, y);
      let left = framed(a, 4, a.readInt32BE(0)) as Buffer[];
      let right = framed(b, 4, b.readInt32BE(0)) as Buffer[];
      if (type.kind === 'set') [left, right] = [sortedDistinct(left, cmp), sortedDistinct(right, cmp)];
      for (let i = 0; i < Math.min(left.length, right.length); i++) {
        const c = cmp(left[i]!, right[i]!);
        if (c !== 0) return c;
      }
      return sign(left.length, right.length);
    }
    case 'map': {
      const entries = (bytes: Buffer): Array<[Buffer, Buffer]> => {
        const flat = framed(bytes, 4, bytes.readInt32BE(0) * 2) as Buffer[];
        const pairs: Array<[Buffer, Buffer]> = [];
        for (let i = 0; i < flat.length; i += 2) pairs.push([flat[i]!, flat[i + 1]!]);
        return sortedDistinct(pairs, ([x], [y]) => compareValues(type.key, x, y));
      };
      const [left, right] = [entries(a), entries(b)];
      for (let i = 0; i < Math.min(left.length, right.length); i++) {
        const c = compareValues(type.key, left[i]![0], right[i]![0]) || compareValues(type.value, left[i]![1], right[i]![1]);
        if (c !== 0) return c;
      }
      return sign(left.length, right.length);
    }
    case 'tuple':
    case 'udt':
      return compareTuples(type.kind === 'tuple' ? type.elements : type.fields.map((f) => f.type), a, b);
    default:
      return compareNative(type.kind, a, b);
  }
}

/** Cassandra 5's TupleType.compareCustom, component lists read from the bytes. */
function compareTuples(types: readonly CqlType[], a: Buffer, b: Buffer): number {
  // Boolean.compare(right is empty, left is empty): an empty value before every other.
  if (a.length === 0 || b.length === 0) return sign(Number(b.length === 0), Number(a.length === 0));
  const left = framed(a, 0, null);
  const right = framed(b, 0, null);
  let i = 0;
  for (; i < Math.min(left.length, right.length); i++) {
    const [x, y] = [left[i]!, right[i]!];
    if (x === null || y === null) {
      if (x === null && y === null) continue;
      return x === null ? -1 : 1;
    }
    const c = compareValues(types[i]!, x, y);
    if (c !== 0) return c;
  }
  const restNull = (rest: Array<Buffer | null>): boolean => rest.slice(i).every((c) => c === null);
  if (restNull(left) && restNull(right)) return 0;
  return i >= left.length ? -1 : 1;
}

// ---------------------------------------------------------------- types and values

const leafTypes: readonly CqlType[] = ['int', 'bigint', 'text', 'blob', 'double', 'boolean', 'decimal'].map(t);

const { typeArb } = fc.letrec<{ typeArb: CqlType }>((tie) => ({
  typeArb: fc.oneof(
    { maxDepth: 3, depthIdentifier: 'type' },
    fc.constantFrom(...leafTypes),
    tie('typeArb').map((e) => listType(e, true)),
    tie('typeArb').map((e) => setType(e, true)),
    fc.tuple(tie('typeArb'), tie('typeArb')).map(([k, v]) => mapType(k, v, true)),
    fc.array(tie('typeArb'), { minLength: 1, maxLength: 3 }).map((elements) => tupleType(elements)),
    fc.array(tie('typeArb'), { minLength: 1, maxLength: 3 }).map((types) => udtType('ks', 'u', types.map((type, i) => ({ name: `f${i}`, type })))),
  ),
}));

/**
 * Small domains, so that equal elements, prefixes and ties are common. `emptyTuples`: a tuple
 * may be given no component at all (its bytes are empty, and read back as null).
 */
function valueArb(type: CqlType, emptyTuples = true): fc.Arbitrary<unknown> {
  switch (type.kind) {
    case 'int':
      return fc.oneof(fc.integer({ min: -2, max: 2 }), fc.integer());
    case 'bigint':
      return fc.bigInt({ min: -3n, max: 3n });
    case 'text':
      return fc.array(fc.constantFrom('\0', 'a', 'b', 'é'), { maxLength: 3 }).map((chars) => chars.join(''));
    case 'blob':
      return fc.array(fc.constantFrom(0x00, 0x01, 0xff), { maxLength: 3 }).map((bytes) => Buffer.from(bytes));
    case 'double':
      return fc.constantFrom(-Infinity, -1.5, -0, 0, 1, 2.5, Infinity, NaN);
    case 'boolean':
      return fc.boolean();
    case 'decimal':
      return fc.tuple(fc.bigInt({ min: -20n, max: 20n }), fc.integer({ min: 0, max: 2 })).map(([unscaled, scale]) => bigDecimalOf(unscaled, scale));
    case 'list':
    case 'set':
      return fc.array(valueArb(type.element, emptyTuples), { maxLength: 3 });
    case 'map':
      return fc.array(fc.tuple(valueArb(type.key, emptyTuples), valueArb(type.value, emptyTuples)), { maxLength: 3 }).map((entries) => new Map(entries));
    case 'tuple': {
      const components = type.elements.map((e) => fc.option(valueArb(e, emptyTuples), { nil: null, freq: 3 }));
      return fc.tuple(fc.tuple(...components), fc.integer({ min: emptyTuples ? 0 : 1, max: type.elements.length })).map(([all, n]) => (n === 0 ? [] : driverTypes.Tuple.fromArray(all.slice(0, n))));
    }
    case 'udt': {
      const fields = Object.fromEntries(type.fields.map((f) => [f.name, fc.option(valueArb(f.type, emptyTuples), { nil: null, freq: 3 })]));
      return fc.record(fields, { requiredKeys: [] });
    }
    default:
      throw new Error(`no values for ${type.kind}`);
  }
}

/** A type and two values of it, the second often a small change of the first. */
const pairArb = typeArb.chain((type) => fc.tuple(fc.constant(type), valueArb(type), valueArb(type)));

const ser = (type: CqlType, value: unknown): Buffer => Buffer.from(serializeValue(type, value));

function hasNonTextMapKey(type: CqlType): boolean {
  switch (type.kind) {
    case 'list':
    case 'set':
      return hasNonTextMapKey(type.element);
    case 'map':
      return type.key.kind !== 'text' || hasNonTextMapKey(type.value);
    case 'tuple':
      return type.elements.some(hasNonTextMapKey);
    case 'udt':
      return type.fields.some((f) => hasNonTextMapKey(f.type));
    default:
      return false;
  }
}

// ---------------------------------------------------------------- properties

describe('composite clustering values', () => {
  it('byte order equals the reference comparator, ASC and DESC', () => {
    fc.assert(
      fc.property(pairArb, fc.constantFrom('asc' as const, 'desc' as const), ([type, a, b], order) => {
        const columns = [{ type, order }];
        const expected = compareValues(type, ser(type, a), ser(type, b)) * (order === 'asc' ? 1 : -1) + 0;
        expect(Math.sign(compareBytes(encodeClustering(columns, [a]), encodeClustering(columns, [b])))).toBe(expected);
      }),
      runs,
    );
  });

  it('decoding gives back value bytes equal to the written ones, which encode to the same bytes', () => {
    fc.assert(
      fc.property(pairArb, ([type, a]) => {
        const out: number[] = [];
        writeComparableBytes(type, ser(type, a), out);
        const reader = new ComparableReader(Uint8Array.from(out));
        const decoded = Buffer.from(readComparableBytes(type, reader));
        expect(reader.atEnd).toBe(true);
        expect(compareValues(type, decoded, ser(type, a))).toBe(0);
        const again: number[] = [];
        writeComparableBytes(type, decoded, again);
        expect(again).toEqual(out);
      }),
      runs,
    );
  });

  it("decoding a clustering gives the value codecs' values, which encode to the same bytes, ASC and DESC", () => {
    // Maps decode to objects keyed by String(key), as the value codecs do: only text keys bind
    // back. An empty tuple reads back as null, as any empty value does: none here.
    const valued = typeArb.filter((type) => !hasNonTextMapKey(type)).chain((type) => fc.tuple(fc.constant(type), valueArb(type, false)));
    fc.assert(
      fc.property(valued, fc.constantFrom('asc' as const, 'desc' as const), ([type, a], order) => {
        const columns = [{ type, order }];
        const bytes = encodeClustering(columns, [a]);
        const [decoded] = decodeClustering(columns, bytes);
        expect(Buffer.from(encodeClustering(columns, [decoded])).equals(Buffer.from(bytes))).toBe(true);
        expect(decoded).toStrictEqual(deserializeValue(type, serializeValue(type, decoded)));
      }),
      runs,
    );
  });

  it('prefix bounds on (composite, int) select exactly the clusterings the comparator puts past or before them', () => {
    fc.assert(
      fc.property(pairArb, fc.integer({ min: -1, max: 1 }), fc.boolean(), ([type, prefix, value], second, inclusive) => {
        const columns = [{ type, order: 'asc' as const }, { type: t('int'), order: 'desc' as const }];
        const key = encodeClustering(columns, [value, second]);
        const c = compareValues(type, ser(type, value), ser(type, prefix));
        expect(compareBytes(clusteringPrefixBound(columns, [prefix], 'start', inclusive), key) < 0).toBe(inclusive ? c >= 0 : c > 0);
        expect(compareBytes(key, clusteringPrefixBound(columns, [prefix], 'end', inclusive)) < 0).toBe(inclusive ? c <= 0 : c < 0);
      }),
      runs,
    );
  });
});
