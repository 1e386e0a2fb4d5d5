import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  clusteringPrefixBound,
  decodeClustering,
  encodeClustering,
  type ClusteringColumn,
} from '../../../../src/cql/keys/clustering-codec.js';
import { nativeCqlType, type CqlType } from '../../../../src/cql/types/cql-type.js';
import { bigDecimalOf, bigDecimalParts, driverTypes } from '../../../../src/cql/types/driver-values.js';
import { serializeValue } from '../../../../src/cql/types/value-codec.js';
import { compareBytes } from '../../../../src/storage/model/byte-order.js';

const runs = { numRuns: 5_000 };
const t = (name: string): CqlType => nativeCqlType(name)!;

interface Kind {
  readonly type: CqlType;
  readonly value: fc.Arbitrary<unknown>;
  /** Cassandra's comparator for the type, written independently of the encoding. */
  readonly compare: (a: never, b: never) => number;
}

const numeric = (a: number | bigint, b: number | bigint): number => (a < b ? -1 : a > b ? 1 : 0);
const utf8 = (a: string, b: string): number => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

/** Java's Double.compare: NaN greatest, -0.0 < 0.0. */
function javaDoubleCompare(a: number, b: number): number {
  if (a < b) return -1;
  if (a > b) return 1;
  const aNaN = Number.isNaN(a);
  const bNaN = Number.isNaN(b);
  if (aNaN || bNaN) return aNaN === bNaN ? 0 : aNaN ? 1 : -1;
  return Object.is(a, b) ? 0 : Object.is(a, -0) ? -1 : 1;
}

/** Few distinct bytes and short lengths, so prefixes, 0x00 and equal values are common. */
const smallBytes = fc.array(fc.constantFrom(0x00, 0x01, 0x7f, 0x80, 0xff), { maxLength: 5 }).map((bytes) => Buffer.from(bytes));
const smallText = fc.array(fc.constantFrom('\0', 'a', 'b', 'é', '\uffff', '\u{10000}'), { maxLength: 4 }).map((chars) => chars.join(''));

const kinds: Readonly<Record<string, Kind>> = {
  int: { type: t('int'), value: fc.oneof(fc.integer(), fc.integer({ min: -3, max: 3 })), compare: numeric },
  bigint: { type: t('bigint'), value: fc.oneof(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), fc.bigInt({ min: -3n, max: 3n })), compare: numeric },
  text: { type: t('text'), value: fc.oneof(fc.string({ unit: 'binary' }), smallText), compare: utf8 },
  blob: { type: t('blob'), value: fc.oneof(fc.uint8Array({ maxLength: 12 }).map((b) => Buffer.from(b)), smallBytes), compare: (a: Buffer, b: Buffer) => Buffer.compare(a, b) },
  double: { type: t('double'), value: fc.oneof(fc.double(), fc.constantFrom(-0, 0, NaN, Infinity, -Infinity, 1, -1)), compare: javaDoubleCompare },
  boolean: { type: t('boolean'), value: fc.boolean(), compare: (a: boolean, b: boolean) => Number(a) - Number(b) },
};

/** decimals as [unscaled, scale]; compared exactly by scaling both to the larger scale. */
const decimalArb = fc.tuple(fc.oneof(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), fc.bigInt({ min: -1000n, max: 1000n })), fc.integer({ min: -6, max: 6 }));
function decimalCompare([ua, sa]: [bigint, number], [ub, sb]: [bigint, number]): number {
  const scale = Math.max(sa, sb);
  return numeric(ua * 10n ** BigInt(scale - sa), ub * 10n ** BigInt(scale - sb));
}

/** TimeUUIDType: timestamp (time_hi, time_mid, time_low), then bytes 8..15 as signed bytes. */
const timeUuidArb = fc.uint8Array({ minLength: 16, maxLength: 16 }).map((bytes) => {
  bytes[6] = (bytes[6]! & 0x0f) | 0x10;
  if (bytes[0]! & 1) bytes.fill(bytes[15]!, 8, 15); // ties on the timestamp-free part now and then
  return Buffer.from(bytes);
});
function timeUuidCompare(a: Buffer, b: Buffer): number {
  for (const i of [6, 7, 4, 5, 0, 1, 2, 3]) if (a[i] !== b[i]) return a[i]! - b[i]!;
  for (let i = 8; i < 16; i++) if (a[i] !== b[i]) return ((a[i]! << 24) >> 24) - ((b[i]! << 24) >> 24);
  return 0;
}

const extraKinds: Readonly<Record<string, Kind>> = {
  varint: { type: t('varint'), value: fc.oneof(fc.bigInt({ min: -(2n ** 80n), max: 2n ** 80n }), fc.bigInt({ min: -300n, max: 300n })), compare: numeric },
  decimal: {
    type: t('decimal'),
    value: decimalArb.map(([unscaled, scale]) => bigDecimalOf(unscaled, scale)),
    compare: (a: unknown, b: unknown) => decimalCompare(partsOf(a), partsOf(b)),
  },
  timeuuid: {
    type: t('timeuuid'),
    value: timeUuidArb.map((bytes) => new driverTypes.TimeUuid(bytes)),
    compare: (a: { getBuffer(): Buffer }, b: { getBuffer(): Buffer }) => timeUuidCompare(a.getBuffer(), b.getBuffer()),
  },
};

function partsOf(value: unknown): [bigint, number] {
  const { unscaled, scale } = bigDecimalParts(value as never);
  return [unscaled, scale];
}

const kindNames = Object.keys(kinds);
const columnArb = fc.record({ kind: fc.constantFrom(...kindNames), order: fc.constantFrom('asc' as const, 'desc' as const) });

/** A table's clustering columns and two clusterings of it, each possibly a prefix. */
const pairArb = fc.array(columnArb, { minLength: 1, maxLength: 3 }).chain((specs) => {
  const values = fc.tuple(...specs.map((spec) => kinds[spec.kind]!.value));
  const clustering = fc.tuple(values, fc.integer({ min: 0, max: specs.length })).map(([all, length]) => all.slice(0, length));
  return fc.tuple(fc.constant(specs), clustering, clustering);
});

function columnsOf(specs: readonly { kind: string; order: 'asc' | 'desc' }[]): ClusteringColumn[] {
  return specs.map((spec) => ({ type: kinds[spec.kind]!.type, order: spec.order }));
}

/** Cassandra's ClusteringComparator: component by component, then a prefix before its extensions. */
function referenceCompare(specs: readonly { kind: string; order: 'asc' | 'desc' }[], a: readonly unknown[], b: readonly unknown[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const spec = specs[i]!;
    const c = Math.sign((kinds[spec.kind]!.compare as (x: unknown, y: unknown) => number)(a[i], b[i]));
    if (c !== 0) return spec.order === 'asc' ? c : -c;
  }
  return Math.sign(a.length - b.length);
}

describe('clustering encoding properties', () => {
  for (const [name, kind] of Object.entries({ ...kinds, ...extraKinds })) {
    it(`${name}: byte order equals the comparator's, ASC and DESC`, () => {
      fc.assert(
        fc.property(kind.value, kind.value, fc.constantFrom('asc' as const, 'desc' as const), (a, b, order) => {
          const columns = [{ type: kind.type, order }];
          const expected = Math.sign((kind.compare as (x: unknown, y: unknown) => number)(a, b)) * (order === 'asc' ? 1 : -1);
          return Math.sign(compareBytes(encodeClustering(columns, [a]), encodeClustering(columns, [b]))) === expected;
        }),
        runs,
      );
    });
  }

  it('mixed 1-3 column clusterings and prefixes: byte order equals the clustering comparator', () => {
    fc.assert(
      fc.property(pairArb, ([specs, a, b]) => {
        const columns = columnsOf(specs);
        const sign = Math.sign(compareBytes(encodeClustering(columns, a), encodeClustering(columns, b)));
        expect(sign).toBe(referenceCompare(specs, a, b));
      }),
      runs,
    );
  });

  it('decode inverts encode', () => {
    fc.assert(
      fc.property(pairArb, ([specs, a]) => {
        const columns = columnsOf(specs);
        const decoded = decodeClustering(columns, encodeClustering(columns, a));
        expect(decoded.map((v, i) => Buffer.from(serializeValue(columns[i]!.type, v)).toString('hex'))).toEqual(
          a.map((v, i) => Buffer.from(serializeValue(columns[i]!.type, v)).toString('hex')),
        );
      }),
      runs,
    );
  });

  it('prefix bounds select exactly the clusterings at or past / before or at the prefix', () => {
    fc.assert(
      fc.property(pairArb, fc.boolean(), ([specs, prefix, k], inclusive) => {
        const columns = columnsOf(specs);
        const key = encodeClustering(columns, k);
        // Compare k cut to the prefix's length: extensions of the prefix compare equal to it.
        const c = referenceCompare(specs, k.slice(0, prefix.length), prefix);
        const afterStart = compareBytes(clusteringPrefixBound(columns, prefix, 'start', inclusive), key) < 0;
        const beforeEnd = compareBytes(key, clusteringPrefixBound(columns, prefix, 'end', inclusive)) < 0;
        expect(afterStart).toBe(inclusive ? c >= 0 : c > 0);
        expect(beforeEnd).toBe(inclusive ? c <= 0 : c < 0);
      }),
      runs,
    );
  });
});
