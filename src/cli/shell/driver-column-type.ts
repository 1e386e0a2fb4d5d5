/**
 * A result column's type as the DataStax driver describes it (`{ code, info }`, codes from
 * `types.dataTypes`): list and set carry their element type in `info`, map `[key, value]`,
 * tuple the element types, udt `{ keyspace, name, fields: [{ name, type }] }`, custom the
 * class name. The shell formats values by it, as cqlsh does by the column's CQL type.
 */

import cassandra from 'cassandra-driver';

export interface DriverColumnType {
  readonly code: number;
  readonly info?: unknown;
}

export const dataTypes = cassandra.types.dataTypes;

/** Protocol v4 sends duration as this custom type. */
export const DURATION_CLASS = 'org.apache.cassandra.db.marshal.DurationType';

export function elementTypeOf(type: DriverColumnType): DriverColumnType | null {
  return isDriverColumnType(type.info) ? type.info : null;
}

export function typeListOf(type: DriverColumnType): readonly (DriverColumnType | null)[] {
  return Array.isArray(type.info) ? type.info.map((t: unknown) => (isDriverColumnType(t) ? t : null)) : [];
}

export function udtFieldsOf(type: DriverColumnType): readonly { readonly name: string; readonly type: DriverColumnType | null }[] {
  const fields = (type.info as { fields?: unknown } | null | undefined)?.fields;
  if (!Array.isArray(fields)) return [];
  return fields.map((field: { name?: unknown; type?: unknown }) => ({
    name: String(field.name),
    type: isDriverColumnType(field.type) ? field.type : null,
  }));
}

function isDriverColumnType(value: unknown): value is DriverColumnType {
  return typeof value === 'object' && value !== null && typeof (value as { code?: unknown }).code === 'number';
}
