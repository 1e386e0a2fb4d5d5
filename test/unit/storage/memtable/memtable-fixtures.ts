/**
 * Builders shared by the memtable tests: small partitions for behaviour tests, and batches of
 * the cassandra-stress shape (one row per partition, 10-byte key, 5 cells of 34 bytes) encoded
 * back to back, as a VNodeActor receives them.
 */
import { ByteWriter } from '../../../../src/lib/bytes/byte-writer.js';
import type { Random } from '../../../../src/lib/random.js';
import { liveCell } from '../../../../src/storage/model/cell.js';
import type { Cell } from '../../../../src/storage/model/cell.js';
import { livenessInfo } from '../../../../src/storage/model/liveness-info.js';
import { writePartition } from '../../../../src/storage/model/partition-codec.js';
import type { PartitionUpdate } from '../../../../src/storage/model/partition-update.js';
import type { Row } from '../../../../src/storage/model/row.js';

export const TABLE_ID = 7;

export const text = (s: string): Uint8Array => new TextEncoder().encode(s);
export const bytes = (...values: number[]): Uint8Array => Uint8Array.from(values);

export function row(clustering: Uint8Array, cells: readonly Cell[], extra: Partial<Row> = {}): Row {
  return { clustering, liveness: null, deletion: null, cells, ...extra };
}

export function partition(token: bigint, key: Uint8Array, rows: readonly Row[], extra: Partial<PartitionUpdate> = {}): PartitionUpdate {
  return { tableId: TABLE_ID, token, key, deletion: null, rangeTombstones: [], staticRow: null, rows, ...extra };
}

/** A random signed 64-bit token. */
export function randomToken(random: Random): bigint {
  const high = BigInt(random.int(0x1_0000_0000)) << 32n;
  return BigInt.asIntN(64, high | BigInt(random.int(0x1_0000_0000)));
}

export interface EncodedBatch {
  readonly bytes: Uint8Array;
  readonly offsets: Int32Array;
  readonly lengths: Int32Array;
}

/** `count` stress-shaped partition updates with random tokens, encoded into one buffer. */
export function stressBatch(random: Random, count: number, timestamp = 1_700_000_000_000_000n): EncodedBatch {
  const writer = new ByteWriter(count * 300);
  const offsets = new Int32Array(count);
  const lengths = new Int32Array(count);
  const value = new Uint8Array(34);
  const key = new Uint8Array(10);
  for (let i = 0; i < count; i++) {
    for (let b = 0; b < key.length; b++) key[b] = random.int(256);
    for (let b = 0; b < value.length; b++) value[b] = random.int(256);
    const cells: Cell[] = [];
    for (let column = 0; column < 5; column++) cells.push(liveCell(column, value, timestamp));
    const update = partition(randomToken(random), key, [
      row(new Uint8Array(0), cells, { liveness: livenessInfo(timestamp) }),
    ]);
    offsets[i] = writer.position;
    writePartition(writer, update);
    lengths[i] = writer.position - offsets[i]!;
  }
  return { bytes: writer.toBytes(), offsets, lengths };
}
