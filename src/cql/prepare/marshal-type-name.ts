/**
 * A type as Cassandra's AbstractType.toString() writes it: the Java class of its marshal type
 * with its parameters, `org.apache.cassandra.db.marshal.ListType(org.apache.cassandra.db.marshal.Int32Type)`.
 * Result metadata ids hash this text (ResultSet.ResultMetadata.computeResultMetadataId).
 *
 *   frozen collections and UDTs   FrozenType(...) around them, except inside another frozen
 *                                 type or a tuple, which print their parameters ignoring
 *                                 freezing (ListType/MapType/SetType/UserType.toString(boolean))
 *   tuples                        never wrapped; components ignore freezing (TupleType.toString)
 *   UDTs                          UserType(keyspace,hex(name),hex(field):type,...)
 *   descending clustering column  ReversedType(base) (the column's own type)
 */

import { assertNever } from '../../lib/assert.js';
import { isNativeCqlType, type CqlType, type NativeCqlTypeKind } from '../types/cql-type.js';

const PACKAGE = 'org.apache.cassandra.db.marshal.';

const NATIVE_CLASSES: Readonly<Record<NativeCqlTypeKind, string>> = {
  ascii: 'AsciiType',
  bigint: 'LongType',
  blob: 'BytesType',
  boolean: 'BooleanType',
  counter: 'CounterColumnType',
  date: 'SimpleDateType',
  decimal: 'DecimalType',
  double: 'DoubleType',
  duration: 'DurationType',
  float: 'FloatType',
  inet: 'InetAddressType',
  int: 'Int32Type',
  smallint: 'ShortType',
  text: 'UTF8Type',
  time: 'TimeType',
  timestamp: 'TimestampType',
  timeuuid: 'TimeUUIDType',
  tinyint: 'ByteType',
  uuid: 'UUIDType',
  varint: 'IntegerType',
};

export function marshalTypeName(type: CqlType, options: { readonly reversed?: boolean } = {}): string {
  const name = typeName(type, false);
  return options.reversed === true ? `${PACKAGE}ReversedType(${name})` : name;
}

function typeName(type: CqlType, ignoreFreezing: boolean): string {
  if (isNativeCqlType(type)) return PACKAGE + NATIVE_CLASSES[type.kind];
  switch (type.kind) {
    case 'list':
      return wrapped(type.frozen, ignoreFreezing, 'ListType', [type.element]);
    case 'set':
      return wrapped(type.frozen, ignoreFreezing, 'SetType', [type.element]);
    case 'map':
      return wrapped(type.frozen, ignoreFreezing, 'MapType', [type.key, type.value]);
    case 'tuple':
      return `${PACKAGE}TupleType(${type.elements.map((e) => typeName(e, true)).join(',')})`;
    case 'udt': {
      const fields = type.fields.map((f) => `,${hex(f.name)}:${typeName(f.type, ignoreFreezing || type.frozen)}`).join('');
      return frozenIf(type.frozen && !ignoreFreezing, `${PACKAGE}UserType(${type.keyspace},${hex(type.name)}${fields})`);
    }
    default:
      return assertNever(type, 'CQL type');
  }
}

function wrapped(frozen: boolean, ignoreFreezing: boolean, className: string, parameters: readonly CqlType[]): string {
  const inner = `${PACKAGE}${className}(${parameters.map((p) => typeName(p, ignoreFreezing || frozen)).join(',')})`;
  return frozenIf(frozen && !ignoreFreezing, inner);
}

function frozenIf(frozen: boolean, text: string): string {
  return frozen ? `${PACKAGE}FrozenType(${text})` : text;
}

function hex(name: string): string {
  return Buffer.from(name, 'utf8').toString('hex');
}
