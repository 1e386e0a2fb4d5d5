/** Small builders for partition updates in tests. */

import { liveCell, cellTombstone } from '../../src/storage/model/cell.js';
import type { Row } from '../../src/storage/model/row.js';
import type { WriteMutation } from '../../src/storage/storage-engine.js';

export const text = (s: string): Uint8Array => new TextEncoder().encode(s);
export const decode = (b: Uint8Array | null | undefined): string | null => (b == null ? null : new TextDecoder().decode(b));

export function row(clustering: Uint8Array, values: Record<number, string | null>, timestamp: bigint, nowSeconds = 1_000): Row {
  const cells = Object.entries(values).map(([column, value]) =>
    value === null ? cellTombstone(Number(column), timestamp, nowSeconds) : liveCell(Number(column), text(value), timestamp),
  );
  return { clustering, liveness: null, deletion: null, cells };
}

export function mutation(tableId: number, key: string, rows: Row[], extra: Partial<WriteMutation> = {}): WriteMutation {
  return { tableId, key: text(key), deletion: null, rangeTombstones: [], staticRow: null, rows, ...extra };
}
