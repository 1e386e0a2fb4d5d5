/**
 * The one column of a SELECT JSON row, named "[json]": an object of the selected columns in
 * selection order, each under its column name or alias (quoted inside the key when not all
 * lower case: {"\"Foo\"": 1}) with its value's JSON (to-json.ts), null for null.
 */

import type { CqlType } from '../types/cql-type.js';
import { jsonName, toJson } from './to-json.js';

export interface JsonColumn {
  readonly name: string;
  readonly type: CqlType;
}

/** The name of SELECT JSON's result column. */
export const JSON_COLUMN_NAME = '[json]';

export function rowToJson(columns: readonly JsonColumn[], values: readonly unknown[]): string {
  const entries = columns.map((column, i) => `${jsonName(column.name)}: ${toJson(column.type, values[i])}`);
  return `{${entries.join(', ')}}`;
}
