/**
 * Writes of one column within a row, with Cassandra's semantics per kind of column:
 * a simple or frozen column is one cell; a multi-cell collection or UDT set as a whole clears
 * what was there (a complex deletion just before the write) and writes one cell per element;
 * adding to or removing from it touches only the elements named (blind writes, no read).
 */

import type { ColumnMetadata } from '../schema/column-metadata.js';
import { isMultiCell } from '../schema/resolve-type.js';
import { serializeValue } from '../types/value-codec.js';
import { isPlainObject } from '../types/is-plain-object.js';
import { elementPath, fieldPath, nextListPath } from './cell-paths.js';
import type { RowWrite } from './partition-write.js';
import { InvalidRequestError } from '../../lib/errors.js';

/** `c = value` (INSERT or UPDATE SET); null deletes the column. */
export function writeColumn(row: RowWrite, column: ColumnMetadata, value: unknown, nowMicros: bigint): void {
  const type = column.type;
  if (!isMultiCell(type)) {
    row.setValue(column, value);
    return;
  }
  if (value === null) {
    row.clearColumn(column, false);
    return;
  }
  row.clearColumn(column, true);
  addElements(row, column, value, nowMicros);
}

/** `c = c + value` for a list (append), set or map (put); `prepend` for `c = value + c`. */
export function addElements(row: RowWrite, column: ColumnMetadata, value: unknown, nowMicros: bigint, prepend = false): void {
  const type = column.type;
  switch (type.kind) {
    case 'list': {
      const elements = asArray(value, column);
      // Prepending [a, b] must read a, b: take paths from the nearest to the list's start outwards.
      const ordered = prepend ? [...elements].reverse() : elements;
      for (const element of ordered) row.setCell(column, serializeValue(type.element, element), nextListPath(nowMicros, prepend));
      return;
    }
    case 'set':
      for (const element of asArray(value, column)) row.setCell(column, new Uint8Array(0), elementPath(type.element, element));
      return;
    case 'map':
      for (const [key, element] of mapEntries(value, column)) {
        row.setCell(column, element === null ? null : serializeValue(type.value, element), elementPath(type.key, key));
      }
      return;
    case 'udt': {
      const fields = isPlainObject(value) ? (value as Record<string, unknown>) : null;
      if (fields === null) throw new InvalidRequestError(`Invalid value for user type column ${column.name}`);
      type.fields.forEach((field, index) => {
        const fieldValue = fields[field.name];
        if (fieldValue === undefined) return;
        row.setCell(column, fieldValue === null ? null : serializeValue(field.type, fieldValue), fieldPath(index));
      });
      return;
    }
    default:
      throw new InvalidRequestError(`Invalid operation for non-collection column ${column.name}`);
  }
}

/** `c = c - value` for a set (elements) or map (keys); lists need their paths (list-operations). */
export function removeElements(row: RowWrite, column: ColumnMetadata, value: unknown): void {
  const type = column.type;
  if (type.kind === 'set') {
    for (const element of asArray(value, column)) row.setCell(column, null, elementPath(type.element, element));
  } else if (type.kind === 'map') {
    for (const key of asArray(value, column)) row.setCell(column, null, elementPath(type.key, key));
  } else {
    throw new InvalidRequestError(`Invalid operation (${column.name} = ${column.name} - ?) for non-collection column ${column.name}`);
  }
}

/** `c[key] = value` on a map, or `DELETE c[key]` (value null). */
export function putMapEntry(row: RowWrite, column: ColumnMetadata, key: unknown, value: unknown): void {
  const type = column.type;
  if (type.kind !== 'map') throw new InvalidRequestError(`Invalid operation for non-map column ${column.name}`);
  row.setCell(column, value === null ? null : serializeValue(type.value, value), elementPath(type.key, key));
}

/** `c.field = value` on a non-frozen UDT, or `DELETE c.field`. */
export function setField(row: RowWrite, column: ColumnMetadata, field: string, value: unknown): void {
  const type = column.type;
  if (type.kind !== 'udt' || type.frozen) throw new InvalidRequestError(`Invalid field selection: ${column.name} is not a non-frozen user type`);
  const index = type.fields.findIndex((f) => f.name === field);
  if (index < 0) throw new InvalidRequestError(`Unknown field '${field}' in user type ${type.name}`);
  row.setCell(column, value === null ? null : serializeValue(type.fields[index]!.type, value), fieldPath(index));
}

function asArray(value: unknown, column: ColumnMetadata): readonly unknown[] {
  if (Array.isArray(value)) return value;
  if (value instanceof Set) return [...value];
  throw new InvalidRequestError(`Invalid value for collection column ${column.name}: expected a list`);
}

function mapEntries(value: unknown, column: ColumnMetadata): Array<[unknown, unknown]> {
  if (value instanceof Map) return [...value.entries()];
  if (isPlainObject(value)) return Object.entries(value as Record<string, unknown>);
  throw new InvalidRequestError(`Invalid value for map column ${column.name}`);
}
