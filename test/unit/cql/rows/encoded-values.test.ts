/**
 * encodedColumnsOf / encodedValues: which selected columns a point read may answer with their
 * stored bytes, and those bytes (rows/encoded-values.ts). Each value must be exactly what
 * decoding the cell and encoding it again gives, null included.
 */
import { describe, expect, it } from 'vitest';
import { encodedColumnsOf, encodedValues } from '../../../../src/cql/rows/encoded-values.js';
import { decodePartitionRows } from '../../../../src/cql/rows/decoded-rows.js';
import { partitionKeyBytes } from '../../../../src/cql/rows/row-keys.js';
import { tableLayout, type TableLayout } from '../../../../src/cql/rows/table-layout.js';
import { serializeValue, valueBytes } from '../../../../src/cql/types/value-codec.js';
import { cellTombstone, liveCell } from '../../../../src/storage/model/cell.js';
import type { LivePartition } from '../../../../src/storage/model/read-filter.js';
import type { Row } from '../../../../src/storage/model/row.js';
import { tableFrom } from '../describe/describe-helpers.js';

const kv = tableLayout(tableFrom('CREATE TABLE ks.kv (k blob PRIMARY KEY, a int, b text, c blob, d timestamp, e uuid, f bigint)'));
const columnsOf = (layout: TableLayout, names: readonly string[]) => names.map((name) => layout.byName.get(name)!);
const rowOf = (cells: Row['cells']): Row => ({ clustering: new Uint8Array(0), liveness: null, deletion: null, cells });
const cell = (layout: TableLayout, name: string, bytes: Uint8Array) => liveCell(layout.byName.get(name)!.columnId, bytes, 1n);
const partitionOf = (layout: TableLayout, key: unknown[], rows: Row[]): LivePartition => ({ token: 0n, key: partitionKeyBytes(layout, key), staticRow: null, rows });

describe('encodedColumnsOf', () => {
  it('takes a single-column partition key and one-cell native columns, in the order selected', () => {
    expect(encodedColumnsOf(kv, columnsOf(kv, ['c', 'k', 'a']))).toEqual([
      { from: 'row', columnId: kv.byName.get('c')!.columnId, emptyIsNull: false },
      { from: 'partitionKey' },
      { from: 'row', columnId: kv.byName.get('a')!.columnId, emptyIsNull: true },
    ]);
  });

  it('refuses what must be decoded: composite keys, clustering, counters, collections (frozen or not), tuples and user types', () => {
    const composite = tableLayout(tableFrom('CREATE TABLE ks.p (a int, b text, v int, PRIMARY KEY ((a, b)))'));
    expect(encodedColumnsOf(composite, columnsOf(composite, ['v']))).not.toBeNull();
    expect(encodedColumnsOf(composite, columnsOf(composite, ['a', 'v']))).toBeNull();
    const clustered = tableLayout(tableFrom('CREATE TABLE ks.c (k int, c int, v int, PRIMARY KEY (k, c))'));
    expect(encodedColumnsOf(clustered, columnsOf(clustered, ['c']))).toBeNull();
    const counters = tableLayout(tableFrom('CREATE TABLE ks.n (k int PRIMARY KEY, n counter)'));
    expect(encodedColumnsOf(counters, columnsOf(counters, ['n']))).toBeNull();
    const rich = tableLayout(tableFrom('CREATE TABLE ks.r (k int PRIMARY KEY, l list<int>, fl frozen<list<int>>, t tuple<int, text>)'));
    for (const name of ['l', 'fl', 't']) expect(encodedColumnsOf(rich, columnsOf(rich, [name]))).toBeNull();
  });
});

describe('encodedValues', () => {
  it('gives each value the bytes decoding and encoding it again would, and null where the row has none', () => {
    const values: Record<string, unknown> = { a: -7, b: 'héllo', c: Buffer.from([1, 2, 3]), d: new Date(1_700_000_000_000) };
    const row = rowOf([
      ...Object.entries(values).map(([name, value]) => cell(kv, name, serializeValue(kv.byName.get(name)!.type, value))),
      cellTombstone(kv.byName.get('f')!.columnId, 2n, 0),
    ]);
    const partition = partitionOf(kv, [Buffer.from('key')], [row]);
    const names = ['k', 'a', 'b', 'c', 'd', 'e', 'f'];
    const columns = columnsOf(kv, names);
    const encoded = encodedValues(encodedColumnsOf(kv, columns)!, partition, row);
    const decoded = decodePartitionRows(kv, partition)[0]!.values;
    const reencoded = columns.map((column) => {
      const value = decoded.get(column.name);
      return value === null ? null : valueBytes(column.type, value);
    });
    expect(encoded.map((bytes) => (bytes === null ? null : Buffer.from(bytes).toString('hex')))).toEqual(reencoded.map((bytes) => (bytes === null ? null : Buffer.from(bytes).toString('hex'))));
    expect(encoded.slice(5)).toEqual([null, null]);
  });

  it('reads a value of no bytes as null for an int, and as itself for text and blob, as decoding does', () => {
    const empty = new Uint8Array(0);
    const row = rowOf([cell(kv, 'a', empty), cell(kv, 'b', empty), cell(kv, 'c', empty)]);
    const encoded = encodedValues(encodedColumnsOf(kv, columnsOf(kv, ['a', 'b', 'c']))!, partitionOf(kv, [Buffer.from('key')], [row]), row);
    expect(encoded).toEqual([null, empty, empty]);
  });
});
