/**
 * Prints an SSTable as plain JSON-able data, like Cassandra's sstabledump: one object per
 * partition with its key (hex), token (decimal string), deletion, range tombstones, static row
 * and rows; each row with its clustering (hex), liveness, deletion and cells; each cell with
 * its column, path (hex), timestamp (decimal string), ttl, local deletion time and value (hex)
 * or `tombstone: true`, and `counter: true` for a counter cell (its value the counter context).
 * Bigints become strings because JSON has no 64-bit integers.
 */

import type { StoragePort } from '../../lib/storage-port.js';
import type { Cell } from '../model/cell.js';
import type { DeletionTime } from '../model/deletion-time.js';
import type { PartitionUpdate } from '../model/partition-update.js';
import type { ClusteringBound } from '../model/range-tombstone.js';
import type { Row } from '../model/row.js';
import type { SSTableDescriptor } from './descriptor.js';
import { SSTableReader } from './sstable-reader.js';
import type { SSTableStats } from './sstable-stats.js';

export function dumpSSTable(port: StoragePort, d: SSTableDescriptor): unknown {
  const reader = SSTableReader.open(port, d);
  try {
    const partitions: unknown[] = [];
    for (const partition of reader.scan()) partitions.push(dumpPartition(partition));
    return { generation: d.generation, stats: dumpStats(reader.stats), partitions };
  } finally {
    reader.close();
  }
}

export function dumpPartition(partition: PartitionUpdate): unknown {
  return {
    key: hex(partition.key),
    token: partition.token.toString(),
    tableId: partition.tableId,
    deletion: partition.deletion === null ? null : dumpDeletion(partition.deletion),
    rangeTombstones: partition.rangeTombstones.map((t) => ({
      start: dumpBound(t.start),
      end: dumpBound(t.end),
      deletion: dumpDeletion(t.deletion),
    })),
    staticRow: partition.staticRow === null ? null : dumpRow(partition.staticRow),
    rows: partition.rows.map(dumpRow),
  };
}

function dumpRow(row: Row): unknown {
  return {
    clustering: hex(row.clustering),
    liveness:
      row.liveness === null
        ? null
        : {
            timestamp: row.liveness.timestamp.toString(),
            ttl: row.liveness.ttl,
            localExpirationTime: row.liveness.localExpirationTime,
          },
    deletion: row.deletion === null ? null : dumpDeletion(row.deletion),
    cells: row.cells.map(dumpCell),
  };
}

function dumpCell(cell: Cell): unknown {
  const base = {
    column: cell.column,
    path: cell.path === null ? null : hex(cell.path),
    timestamp: cell.timestamp.toString(),
    ttl: cell.ttl,
    localDeletionTime: cell.localDeletionTime,
  };
  const kind = cell.counter === true ? { ...base, counter: true } : base;
  return cell.value === null ? { ...kind, tombstone: true } : { ...kind, value: hex(cell.value) };
}

function dumpDeletion(deletion: DeletionTime): unknown {
  return { markedForDeleteAt: deletion.markedForDeleteAt.toString(), localDeletionTime: deletion.localDeletionTime };
}

function dumpBound(bound: ClusteringBound): unknown {
  return { prefix: hex(bound.prefix), inclusive: bound.inclusive };
}

function dumpStats(stats: SSTableStats): unknown {
  return {
    ...stats,
    minTimestamp: stats.minTimestamp.toString(),
    maxTimestamp: stats.maxTimestamp.toString(),
    minToken: stats.minToken.toString(),
    maxToken: stats.maxToken.toString(),
    minClustering: stats.minClustering === null ? null : hex(stats.minClustering),
    maxClustering: stats.maxClustering === null ? null : hex(stats.maxClustering),
  };
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}
