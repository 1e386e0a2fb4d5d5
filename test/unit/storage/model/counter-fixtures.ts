/** Counter-cell builders for tests: node ids as counter ids, shards as [node, clock, value]. */

import type { Cell } from '../../../../src/storage/model/cell.js';
import { counterCell } from '../../../../src/storage/model/cell.js';
import { counterContextTotal, encodeCounterContext } from '../../../../src/storage/model/counter-context.js';

/** A 16-byte counter id whose last byte is `node`. */
export const counterId = (node: number): Uint8Array => Uint8Array.from({ length: 16 }, (_, i) => (i === 15 ? node : 0));

export type ShardSpec = readonly [node: number, clock: bigint, value: bigint];

export function counterOf(column: number, timestamp: bigint, ...shards: ShardSpec[]): Cell {
  const context = encodeCounterContext(shards.map(([node, clock, value]) => ({ counterId: counterId(node), clock, value })));
  return counterCell(column, context, timestamp);
}

/** The counter's value, or null for a tombstone or an absent cell. */
export const totalOf = (cell: Cell | undefined): bigint | null =>
  cell === undefined || cell.value === null ? null : counterContextTotal(cell.value);
