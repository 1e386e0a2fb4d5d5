/**
 * Frozen collections, tuples and UDTs as clustering values, on examples whose order Cassandra's
 * comparators fix (FrozenCollectionsTest, TupleTypeTest): each list below is in Cassandra's order,
 * so its encodings must increase strictly (decrease for DESC) and decode to the values written.
 */

import { describe, expect, it } from 'vitest';
import { decodeClustering, encodeClustering, type ClusteringColumn } from '../../../../src/cql/keys/clustering-codec.js';
import { listType, mapType, nativeCqlType, setType, tupleType, udtType, type CqlType } from '../../../../src/cql/types/cql-type.js';
import { driverTypes } from '../../../../src/cql/types/driver-values.js';
import { compareBytes } from '../../../../src/storage/model/byte-order.js';

const t = (name: string): CqlType => nativeCqlType(name)!;
const tuple = (...elements: unknown[]): unknown => driverTypes.Tuple.fromArray(elements);
const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

function expectOrdered(type: CqlType, values: readonly unknown[]): void {
  for (const order of ['asc', 'desc'] as const) {
    const columns: ClusteringColumn[] = [{ type, order }];
    const encoded = values.map((value) => encodeClustering(columns, [value]));
    for (let i = 1; i < encoded.length; i++) {
      expect(Math.sign(compareBytes(encoded[i - 1]!, encoded[i]!)), `${order}: #${i - 1} before #${i}`).toBe(order === 'asc' ? -1 : 1);
    }
  }
}

describe('composite clustering values in Cassandra order', () => {
  it('frozen list: element by element, a prefix before its extensions', () => {
    expectOrdered(listType(t('int'), true), [[], [-5], [-5, 0], [-5, 0, 0], [-5, 1], [0], [3, -100]]);
    expectOrdered(listType(t('text'), true), [[], [''], ['', ''], ['a'], ['a', ''], ['ab']]);
  });

  it('frozen set: its sorted elements, whatever order they were written in', () => {
    const type = setType(t('int'), true);
    expectOrdered(type, [[], [-1], [-1, 2], [1], [1, 2], [2]]);
    expect(hex(encodeClustering([{ type, order: 'asc' }], [[2, -1, 2]]))).toBe(hex(encodeClustering([{ type, order: 'asc' }], [[-1, 2]])));
    expect(decodeClustering([{ type, order: 'desc' }], encodeClustering([{ type, order: 'desc' }], [[3, 1, 2]]))).toEqual([[1, 2, 3]]);
  });

  it('frozen map: key then value per entry, entries by key', () => {
    const type = mapType(t('int'), t('text'), true);
    expectOrdered(type, [new Map(), new Map([[1, 'a']]), new Map([[1, 'b']]), new Map([[1, 'b'], [2, 'a']]), new Map([[2, '']])]);
    expect(decodeClustering([{ type, order: 'asc' }], encodeClustering([{ type, order: 'asc' }], [new Map([[2, 'x'], [1, 'y']])]))).toEqual([{ 1: 'y', 2: 'x' }]);
  });

  it('tuple: component by component, null before any value, missing trailing components equal to nulls', () => {
    const type = tupleType([t('int'), t('text'), t('int')]);
    expectOrdered(type, [tuple(null), tuple(null, 'a'), tuple(1), tuple(1, null, 5), tuple(1, ''), tuple(1, '', 0), tuple(2, 'a')]);
    const asc: ClusteringColumn[] = [{ type, order: 'asc' }];
    expect(hex(encodeClustering(asc, [tuple(1)]))).toBe(hex(encodeClustering(asc, [tuple(1, null, null)])));
    expect(decodeClustering(asc, encodeClustering(asc, [tuple(1, 'x')]))).toEqual([tuple(1, 'x', null)]);
    expect(decodeClustering(asc, encodeClustering(asc, [tuple(null, null)]))).toEqual([tuple(null, null, null)]);
  });

  it('UDT: field by field in declaration order, absent fields as nulls', () => {
    const type = udtType('ks', 'point', [{ name: 'x', type: t('int') }, { name: 'y', type: t('int') }]);
    expectOrdered(type, [{}, { y: 0 }, { x: 0 }, { x: 0, y: -1 }, { x: 0, y: 1 }, { x: 1 }]);
    const desc: ClusteringColumn[] = [{ type, order: 'desc' }];
    expect(decodeClustering(desc, encodeClustering(desc, [{ y: 7 }]))).toEqual([{ x: null, y: 7 }]);
  });

  it('nested: a frozen list of tuples of a set', () => {
    const type = listType(tupleType([setType(t('text'), true), t('boolean')]), true);
    expectOrdered(type, [[], [tuple([])], [tuple([], false)], [tuple([], true)], [tuple(['a'])], [tuple(['a'], false), tuple([])]]);
  });
});
