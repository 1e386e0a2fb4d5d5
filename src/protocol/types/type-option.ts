/**
 * CQL types as the [option] of result metadata (spec 4.2.5.2; ids in cql-compat 1.12):
 *
 *   native       [short] id, nothing else (text is 0x000D; 0x000A, v1's text, is read as text)
 *   duration     v4: custom 0x0000 + [string] org.apache.cassandra.db.marshal.DurationType
 *                v5: 0x0015
 *   list / set   0x0020 / 0x0022 + [option] element
 *   map          0x0021 + [option] key + [option] value
 *   UDT          0x0030 + [string] keyspace, [string] name, [short] n, n x ([string] field, [option])
 *   tuple        0x0031 + [short] n, n x [option]
 *
 * frozen<...> does not change the wire form, so a read type is unfrozen for collections and
 * frozen for tuples and UDTs (the only way a client can hold those in a column).
 */

import { assertNever } from '../../lib/assert.js';
import {
  cqlTypeOptionId,
  isNativeCqlType,
  listType,
  mapType,
  nativeCqlTypeKinds,
  setType,
  tupleType,
  udtType,
  type CqlType,
  type NativeCqlType,
} from '../../cql/types/cql-type.js';
import { PROTOCOL_V5 } from '../frame/protocol-version.js';
import { ProtocolError } from '../protocol-error.js';
import type { BodyReader } from '../wire/body-reader.js';
import type { BodyWriter } from '../wire/body-writer.js';

const CUSTOM = 0x0000;
const LEGACY_TEXT = 0x000a;
const DURATION_CLASS = 'org.apache.cassandra.db.marshal.DurationType';

/** Each native type by its option id (duration's 0x0015 included: v5 sends it). */
const nativeById = new Map<number, NativeCqlType>(
  nativeCqlTypeKinds.map((kind) => {
    const type: NativeCqlType = Object.freeze({ kind });
    return [cqlTypeOptionId(type), type];
  }),
);
nativeById.set(LEGACY_TEXT, nativeById.get(cqlTypeOptionId({ kind: 'text' }))!);

export function writeTypeOption(writer: BodyWriter, type: CqlType, version: number): void {
  if (type.kind === 'duration' && version < PROTOCOL_V5) {
    writer.optionId(CUSTOM);
    writer.string(DURATION_CLASS);
    return;
  }
  writer.optionId(cqlTypeOptionId(type));
  if (isNativeCqlType(type)) return;
  switch (type.kind) {
    case 'list':
    case 'set':
      writeTypeOption(writer, type.element, version);
      return;
    case 'map':
      writeTypeOption(writer, type.key, version);
      writeTypeOption(writer, type.value, version);
      return;
    case 'udt':
      writer.string(type.keyspace);
      writer.string(type.name);
      writer.short(type.fields.length);
      for (const field of type.fields) {
        writer.string(field.name);
        writeTypeOption(writer, field.type, version);
      }
      return;
    case 'tuple':
      writer.short(type.elements.length);
      for (const element of type.elements) writeTypeOption(writer, element, version);
      return;
    default:
      assertNever(type, 'CQL type');
  }
}

/** Nesting deeper than this is refused: a hostile option could otherwise recurse until the stack ends. */
const MAX_OPTION_DEPTH = 64;

export function readTypeOption(reader: BodyReader, field: string, depth = 0): CqlType {
  if (depth > MAX_OPTION_DEPTH) throw new ProtocolError(`Type of ${field} nests deeper than ${MAX_OPTION_DEPTH} levels`);
  const id = reader.optionId(field);
  const native = nativeById.get(id);
  if (native !== undefined) return native;
  const inner = (): CqlType => readTypeOption(reader, field, depth + 1);
  switch (id) {
    case CUSTOM: {
      const className = reader.string(field);
      if (className === DURATION_CLASS) return nativeById.get(cqlTypeOptionId({ kind: 'duration' }))!;
      throw new ProtocolError(`Unsupported custom type ${className} for ${field}`);
    }
    case 0x0020:
      return listType(inner());
    case 0x0022:
      return setType(inner());
    case 0x0021: {
      const key = inner();
      return mapType(key, inner());
    }
    case 0x0030:
      return readUdtOption(reader, field, inner);
    case 0x0031:
      return readTupleOption(reader, field, inner);
    default:
      throw new ProtocolError(`Unknown type option id 0x${id.toString(16).padStart(4, '0')} for ${field}`);
  }
}

function readUdtOption(reader: BodyReader, field: string, inner: () => CqlType): CqlType {
  const keyspace = reader.string(field);
  const name = reader.string(field);
  const count = reader.short(field);
  if (count === 0) throw new ProtocolError(`User type ${keyspace}.${name} of ${field} has no fields`);
  const fields = [];
  for (let i = 0; i < count; i++) {
    const fieldName = reader.string(field);
    fields.push({ name: fieldName, type: inner() });
  }
  return udtType(keyspace, name, fields);
}

function readTupleOption(reader: BodyReader, field: string, inner: () => CqlType): CqlType {
  const count = reader.short(field);
  if (count === 0) throw new ProtocolError(`Tuple type of ${field} has no components`);
  const elements = [];
  for (let i = 0; i < count; i++) elements.push(inner());
  return tupleType(elements);
}
