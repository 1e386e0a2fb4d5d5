/**
 * A column's value rebuilt from its cells: one cell for a
 * simple or frozen column, the live element cells of a multi-cell one (in path order, which
 * is CQL's element order). An empty collection reads as null, as in Cassandra.
 */

import type { Cell } from '../../storage/model/cell.js';
import { counterContextTotal } from '../../storage/model/counter-context.js';
import type { ColumnMetadata } from '../schema/column-metadata.js';
import { driverTypes } from '../types/driver-values.js';
import { deserializeValue } from '../types/value-codec.js';
import { elementFromPath, fieldIndexOfPath } from './cell-paths.js';

export function columnValue(column: ColumnMetadata, cells: readonly Cell[] | undefined): unknown {
  if (cells === undefined || cells.length === 0) return null;
  const type = column.type;
  switch (type.kind) {
    case 'list':
      if (type.frozen) break;
      return cells.map((cell) => deserializeValue(type.element, cell.value!));
    case 'set':
      if (type.frozen) break;
      return cells.map((cell) => elementFromPath(type.element, cell.path!));
    case 'map': {
      if (type.frozen) break;
      const result: Record<string, unknown> = {};
      for (const cell of cells) {
        const key = String(elementFromPath(type.key, cell.path!));
        Object.defineProperty(result, key, { value: deserializeValue(type.value, cell.value!), enumerable: true, writable: true, configurable: true });
      }
      return result;
    }
    case 'udt': {
      if (type.frozen) break;
      const result: Record<string, unknown> = Object.fromEntries(type.fields.map((field) => [field.name, null]));
      for (const cell of cells) {
        const field = type.fields[fieldIndexOfPath(cell.path!)];
        if (field !== undefined) result[field.name] = deserializeValue(field.type, cell.value!);
      }
      return result;
    }
    default:
  }
  // A counter cell holds a counter context (storage/model/counter-context.ts): its total is the value.
  if (type.kind === 'counter') return longOf(counterContextTotal(cells[0]!.value!));
  return deserializeValue(type, cells[0]!.value!);
}

/** A simple column's cell, for writetime() and ttl(). */
export function simpleCell(cells: readonly Cell[] | undefined): Cell | null {
  return cells?.[0] ?? null;
}

/** The driver's Long for a bigint (writetime is a bigint column). */
export function longOf(value: bigint): unknown {
  return driverTypes.Long.fromString(value.toString());
}
