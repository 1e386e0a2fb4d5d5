/** Shared pieces for the SSTable tests: temp folders, partition builders, write helpers. */

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { NodeStoragePort } from '../../../../src/lib/node-storage-port.js';
import type { StoragePort } from '../../../../src/lib/storage-port.js';
import type { Cell } from '../../../../src/storage/model/cell.js';
import { liveCell } from '../../../../src/storage/model/cell.js';
import type { ClusteringSlice } from '../../../../src/storage/model/clustering-slice.js';
import type { PartitionUpdate } from '../../../../src/storage/model/partition-update.js';
import type { Row } from '../../../../src/storage/model/row.js';
import type { SSTableDescriptor } from '../../../../src/storage/sstable/descriptor.js';
import { SSTableReader } from '../../../../src/storage/sstable/sstable-reader.js';
import type { SSTableWriterOptions } from '../../../../src/storage/sstable/sstable-writer.js';
import { SSTableWriter } from '../../../../src/storage/sstable/sstable-writer.js';

export const port: StoragePort = new NodeStoragePort();

export function makeTempDirectory(tag: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `sibyl-sstable-${tag}-`));
}

export const bytes = (...values: number[]): Uint8Array => new Uint8Array(values);
export const text = (s: string): Uint8Array => new TextEncoder().encode(s);

/** A 4-byte big-endian clustering, so numeric order is byte order. */
export function ck(n: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, n);
  return out;
}

export function keyOf(i: number): Uint8Array {
  return text(`key-${String(i).padStart(6, '0')}`);
}

export function simpleRow(clustering: Uint8Array, timestamp: bigint, valueBytes = 8): Row {
  const cells: Cell[] = [];
  for (let column = 0; column < 3; column++) {
    const value = new Uint8Array(valueBytes).fill((clustering[clustering.length - 1] ?? 0) + column);
    cells.push(liveCell(column, value, timestamp));
  }
  return { clustering, liveness: { timestamp, ttl: 0, localExpirationTime: 0x7fffffff }, deletion: null, cells };
}

export function simplePartition(i: number, rows: readonly Row[] = [simpleRow(ck(0), 1000n)]): PartitionUpdate {
  return { tableId: 7, token: BigInt(i) * 1000n, key: keyOf(i), deletion: null, rangeTombstones: [], staticRow: null, rows };
}

export const defaultOptions: SSTableWriterOptions = {
  bloomFilterFpChance: 0.01,
  expectedPartitions: 100,
  level: 0,
  createdAtMs: 1_700_000_000_000,
};

export function writeSSTable(
  d: SSTableDescriptor,
  partitions: readonly PartitionUpdate[],
  options: SSTableWriterOptions = defaultOptions,
): SSTableReader {
  const writer = SSTableWriter.create(port, d, options);
  for (const partition of partitions) writer.append(partition);
  writer.finish();
  return SSTableReader.open(port, d);
}

export function slice(
  start: Uint8Array,
  end: Uint8Array,
  reversed = false,
  limit = Infinity,
  startInclusive = true,
  endInclusive = true,
): ClusteringSlice {
  return { start: { prefix: start, inclusive: startInclusive }, end: { prefix: end, inclusive: endInclusive }, reversed, limit };
}

/** Flips one byte of a file in place. */
export function flipByte(file: string, offset: number): void {
  const content = fs.readFileSync(file);
  content[offset] = content[offset]! ^ 0xff;
  fs.writeFileSync(file, content);
}

/** Plain arrays instead of typed-array views, so deep equality ignores buffer identity. */
export function normalize(value: unknown): unknown {
  if (value instanceof Uint8Array) return Array.from(value);
  if (Array.isArray(value)) return value.map(normalize);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalize(v)]));
  }
  return value;
}
