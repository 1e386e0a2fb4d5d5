/**
 * User-defined types: the fields in declaration order, each as [int length][bytes], length -1
 * for null. Values are plain objects by field name; an absent field is null. Bytes may end
 * before the last fields (written before ALTER TYPE ... ADD): those decode to null.
 */

import { codecErrors } from './codec-errors.js';
import { formatCqlType, type UdtCqlType } from './cql-type.js';
import { isPlainObject } from './is-plain-object.js';
import { joinLengthPrefixed, LengthPrefixedReader } from './length-prefixed.js';
import type { NestedCodec } from './nested-codec.js';

export function serializeUdt(type: UdtCqlType, value: unknown, codec: NestedCodec): Buffer {
  if (!isPlainObject(value)) throw codecErrors.invalidValue(formatCqlType(type), value, 'expected a plain object');
  for (const name of Object.keys(value)) {
    if (!type.fields.some((field) => field.name === name)) {
      throw codecErrors.invalidValue(formatCqlType(type), value, `unknown field '${name}'`);
    }
  }
  const parts = type.fields.map((field) => {
    const element = Object.hasOwn(value, field.name) ? value[field.name] : undefined;
    return element === null || element === undefined ? null : codec.serialize(field.type, element);
  });
  return joinLengthPrefixed(null, parts);
}

export function deserializeUdt(type: UdtCqlType, bytes: Uint8Array, codec: NestedCodec): Record<string, unknown> {
  const reader = new LengthPrefixedReader(bytes, `value of user type ${type.name}`);
  const result: Record<string, unknown> = {};
  for (const field of type.fields) {
    const element = reader.atEnd() ? null : reader.value();
    const decoded = element === null ? null : codec.deserialize(field.type, element);
    Object.defineProperty(result, field.name, { value: decoded, enumerable: true, writable: true, configurable: true });
  }
  reader.expectEnd();
  return result;
}
