/**
 * Where JS values meet protocol bytes: a row's cells for RESULT Rows, and bound [value]s back
 * to JS values. The value codecs are src/cql/types' (serializeValue / deserializeValue); this
 * file only decides what null and unset become.
 *
 *   JS null / undefined  ->  null cell ([bytes] length -1)
 *   [value] null         ->  null
 *   [value] unset        ->  undefined (the driver's own spelling of unset; Database treats an
 *                            undefined bound value as "leave the column alone")
 */

import { assert } from '../../lib/assert.js';
import { InvalidRequestError } from '../../lib/errors.js';
import type { CqlType } from '../../cql/types/cql-type.js';
import { deserializeValue, valueBytes } from '../../cql/types/value-codec.js';
import { UNSET, type WireValue } from '../wire/wire-value.js';

export type Cell = Uint8Array | null;

/**
 * One row's cells, in column order. A wrong JS value throws the codec's InvalidRequestError.
 * The cells are written into a frame at once (which copies them): valueBytes, so a blob's own
 * bytes serve as its cell.
 */
export function rowCells(types: readonly CqlType[], values: readonly unknown[]): Cell[] {
  if (values.length !== types.length) assert(false, `a row of ${values.length} values for ${types.length} columns`);
  const cells = new Array<Cell>(types.length);
  for (let i = 0; i < types.length; i++) {
    const value = values[i];
    const type = types[i]!;
    cells[i] = value === null || value === undefined ? null : valueBytes(type, value);
  }
  return cells;
}

/** Bound values as JS values (unset is undefined). A wrong count or malformed bytes throw InvalidRequestError. */
export function boundValues(types: readonly CqlType[], values: readonly WireValue[]): unknown[] {
  if (values.length !== types.length) {
    // Cassandra's wording (QueryProcessor / ExecuteMessage).
    throw new InvalidRequestError(`There were ${types.length} markers(?) in CQL but ${values.length} bound variables`);
  }
  return values.map((value, i) => {
    if (value === UNSET) return undefined;
    return value === null ? null : deserializeValue(types[i]!, value);
  });
}
