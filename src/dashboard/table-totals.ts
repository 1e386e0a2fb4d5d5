/**
 * The tables view: each table's storage summed over the nodes that answered (every replica's
 * copy counted, so a table replicated three times shows three times its data), sorted by
 * keyspace and table. Partitions and tombstones are the nodes' estimates, summed over SSTables.
 */

import type { NodeSample, TableSample } from './node-sample.js';

export function sumTables(nodes: ReadonlyArray<NodeSample | null>): TableSample[] {
  const totals = new Map<string, { -readonly [K in keyof TableSample]: TableSample[K] }>();
  for (const node of nodes) {
    for (const t of node?.tables ?? []) {
      const key = `${t.keyspace}.${t.table}`;
      const sum = totals.get(key);
      if (sum === undefined) {
        totals.set(key, { ...t });
        continue;
      }
      sum.memtableBytes += t.memtableBytes;
      sum.sstables += t.sstables;
      sum.sstableBytes += t.sstableBytes;
      sum.partitions += t.partitions;
      sum.tombstones += t.tombstones;
    }
  }
  return [...totals.values()].sort((a, b) => (a.keyspace === b.keyspace ? compare(a.table, b.table) : compare(a.keyspace, b.keyspace)));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
