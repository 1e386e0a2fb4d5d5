/**
 * decodePartitionRows: CQL rows of a live partition, each value decoded when asked for
 * (row-values.ts), iterating in SELECT * order; a static-only partition reads as one row.
 */
import { describe, expect, it } from 'vitest';
import { decodePartitionRows } from '../../../../src/cql/rows/decoded-rows.js';
import { clusteringBytes, partitionKeyBytes } from '../../../../src/cql/rows/row-keys.js';
import { tableLayout } from '../../../../src/cql/rows/table-layout.js';
import { serializeValue } from '../../../../src/cql/types/value-codec.js';
import { liveCell, cellTombstone } from '../../../../src/storage/model/cell.js';
import type { LivePartition } from '../../../../src/storage/model/read-filter.js';
import type { Row } from '../../../../src/storage/model/row.js';
import { tableFrom } from '../describe/describe-helpers.js';

const layout = tableLayout(tableFrom('CREATE TABLE ks.t (k text, c int, s text STATIC, v int, w text, PRIMARY KEY (k, c))'));
const column = (name: string) => layout.byName.get(name)!;
const cell = (name: string, value: unknown) => liveCell(column(name).columnId, serializeValue(column(name).type, value), 1n);
const row = (c: number, cells: Row['cells']): Row => ({ clustering: clusteringBytes(layout, [c]), liveness: null, deletion: null, cells });
const partition = (rows: Row[], staticRow: Row | null): LivePartition => ({ token: 0n, key: partitionKeyBytes(layout, ['key']), staticRow, rows });
const staticRow: Row = { clustering: new Uint8Array(0), liveness: null, deletion: null, cells: [cell('s', 'shared')] };

describe('decodePartitionRows', () => {
  it('gives each row its key, clustering, static and regular values; a missing or deleted cell is null', () => {
    const rows = decodePartitionRows(layout, partition([row(1, [cell('v', 10), cell('w', 'one')]), row(2, [cellTombstone(column('v').columnId, 2n, 0)])], staticRow));
    expect(rows.map((r) => Object.fromEntries(r.values))).toEqual([
      { k: 'key', c: 1, s: 'shared', v: 10, w: 'one' },
      { k: 'key', c: 2, s: 'shared', v: null, w: null },
    ]);
    expect([...rows[0]!.values.keys()]).toEqual(['k', 'c', 's', 'v', 'w']);
    expect(rows[1]!.values.get('w')).toBeNull();
    expect(rows[1]!.values.get('nope')).toBeUndefined();
    expect(rows[1]!.values.has('v')).toBe(true);
    expect(rows[1]!.values.size).toBe(5);
  });

  it('reads a partition with only static values as one row with null clustering and regular values', () => {
    const [only, ...rest] = decodePartitionRows(layout, partition([], staticRow));
    expect(rest).toEqual([]);
    expect(only!.row).toBeNull();
    expect(Object.fromEntries(only!.values)).toEqual({ k: 'key', c: null, s: 'shared', v: null, w: null });
  });
});
