/**
 * A CqlType as the DataStax driver describes a result column's type: `{ code, info }` with
 * the protocol's type codes (driver `types.dataTypes`), info the element type of a list or
 * set, [key, value] of a map, the element types of a tuple, { keyspace, name, fields } of a UDT.
 */

import { cqlTypeOptionId, isNativeCqlType, type CqlType } from '../cql/types/cql-type.js';

export interface DriverColumnType {
  readonly code: number;
  readonly info: unknown;
}

export function driverColumnType(type: CqlType): DriverColumnType {
  const code = cqlTypeOptionId(type);
  if (isNativeCqlType(type)) return { code, info: null };
  switch (type.kind) {
    case 'list':
    case 'set':
      return { code, info: driverColumnType(type.element) };
    case 'map':
      return { code, info: [driverColumnType(type.key), driverColumnType(type.value)] };
    case 'tuple':
      return { code, info: type.elements.map(driverColumnType) };
    case 'udt':
      return { code, info: { keyspace: type.keyspace, name: type.name, fields: type.fields.map((f) => ({ name: f.name, type: driverColumnType(f.type) })) } };
  }
}
