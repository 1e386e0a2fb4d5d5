/**
 * A node's storage summed from its vnodes' status, as metrics and the node tool report it:
 * per table across vnodes (memtables, SSTables, partitions, tombstones), compactions and load
 * for the node.
 */

import { describe, expect, it } from 'vitest';
import { summarizeStorage } from '../../../../src/cluster/metrics/storage-summary.js';

const table = (tableId: number, sstables: number, sstableBytes: number, sstablePartitions: number, sstableTombstones: number) => ({
  tableId,
  memtableBytes: 100 * tableId,
  memtableRows: tableId,
  flushingMemtables: 0,
  sstables,
  sstableBytes,
  sstablePartitions,
  sstableTombstones,
});

describe('summarizeStorage', () => {
  it('sums each table over the vnodes, and the node load over every table', () => {
    const summary = summarizeStorage([
      { compactionsRunning: 1, tables: [table(1, 2, 1000, 10, 3), table(2, 1, 50, 1, 0)] },
      { compactionsRunning: 2, tables: [table(1, 1, 500, 7, 4)] },
    ]);
    expect(summary.tables.get(1)).toEqual({ memtableBytes: 200, memtableRows: 2, flushingMemtables: 0, sstables: 3, sstableBytes: 1500, sstablePartitions: 17, sstableTombstones: 7 });
    expect(summary.tables.get(2)?.sstableTombstones).toBe(0);
    expect(summary.compactionsInFlight).toBe(3);
    expect(summary.loadBytes).toBe(1550);
  });

  it('reports nothing for a node without vnodes', () => {
    const summary = summarizeStorage([]);
    expect(summary.tables.size).toBe(0);
    expect(summary.loadBytes).toBe(0);
  });
});
