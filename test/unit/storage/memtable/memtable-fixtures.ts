/**
 * Builders shared by the memtable tests: small partitions for behaviour tests; random tokens
 * and stress-shaped batches come from the throughput fixture, which also runs in a worker.
 */
import type { Cell } from '../../../../src/storage/model/cell.js';
import type { PartitionUpdate } from '../../../../src/storage/model/partition-update.js';
import type { Row } from '../../../../src/storage/model/row.js';

export const TABLE_ID = 7;

export const text = (s: string): Uint8Array => new TextEncoder().encode(s);
export const bytes = (...values: number[]): Uint8Array => Uint8Array.from(values);

export function row(clustering: Uint8Array, cells: readonly Cell[], extra: Partial<Row> = {}): Row {
  return { clustering, liveness: null, deletion: null, cells, ...extra };
}

export function partition(
  token: bigint,
  key: Uint8Array,
  rows: readonly Row[],
  extra: Partial<PartitionUpdate> = {},
): PartitionUpdate {
  const empty = { deletion: null, rangeTombstones: [], staticRow: null };
  return { tableId: TABLE_ID, token, key, ...empty, rows, ...extra };
}

export {
  randomToken,
  stressBatch,
  type EncodedBatch,
} from '../../../fixtures/memtable-throughput.js';
