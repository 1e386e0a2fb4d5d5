/**
 * A value as the JSON text Cassandra's toJSONString gives for its type (toJson(), SELECT JSON):
 *
 *   int types, varint      JSON numbers ("123", "123123123123123123123")
 *   float, double          Java's Float/Double.toString ("30.0", "1.0E10"); NaN and the
 *                          infinities are null, which JSON cannot say otherwise
 *   decimal                BigDecimal.toString, scientific when small ("-1.23E-12")
 *   boolean                true / false
 *   text, ascii            JSON strings (json-string.ts)
 *   uuid, timeuuid, inet   strings; inet as Java prints it ("0:0:0:0:0:0:0:1")
 *   timestamp              "2024-01-02 03:04:05.000Z" (UTC)
 *   date, time, duration   "2024-01-02", "03:04:05.000000000", "1h30m"
 *   blob                   "0xcafe"
 *   list, set, tuple       [a, b] (a tuple's null components as null)
 *   map                    {"k": v}: keys are JSON strings, a key whose JSON is not a string
 *                          becomes one ({"1": true}, {"[1, 2]": true})
 *   udt                    {"field": v}, a field name with upper case as "\"Name\""
 *
 * Elements are separated by ", " and keys from values by ": ", as Cassandra does.
 */

import { assertNever } from '../../lib/assert.js';
import { isNativeCqlType, type CqlType, type NativeCqlType } from '../types/cql-type.js';
import { bigDecimalParts, type BigDecimal, type Duration } from '../types/driver-values.js';
import { normalizeValue } from '../values/normalize-value.js';
import { formatDateText } from '../values/date-text.js';
import { formatInetBytes } from '../values/inet-text.js';
import { javaBigDecimalToString, javaDoubleToString, javaFloatToString } from '../values/java-number-text.js';
import { serializerText, durationText } from '../values/serializer-text.js';
import { formatTimeText } from '../values/time-text.js';
import { formatTimestampUtc, timestampMillis } from '../values/timestamp-text.js';
import { tupleElementsOf, udtFieldValue } from '../values/value-shapes.js';
import { serializeValue } from '../types/value-codec.js';
import { jsonString } from './json-string.js';

/** The JSON text of `value` (any form normalizeValue accepts); "null" for null. Throws Invalid for a value of the wrong type. */
export function toJson(type: CqlType, value: unknown): string {
  return render(type, normalizeValue(type, value));
}

/** A column or field name as Cassandra writes it in JSON: quoted inside the string when not all lower case. */
export function jsonName(name: string): string {
  return jsonString(name === name.toLowerCase() ? name : `"${name}"`);
}

function render(type: CqlType, value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (isNativeCqlType(type)) return renderNative(type, value);
  switch (type.kind) {
    case 'list':
    case 'set':
      return `[${(value as readonly unknown[]).map((element) => render(type.element, element)).join(', ')}]`;
    case 'map': {
      const entries = [...(value as Map<unknown, unknown>)].map(([key, element]) => {
        const keyJson = render(type.key, key);
        return `${keyJson.startsWith('"') ? keyJson : jsonString(keyJson)}: ${render(type.value, element)}`;
      });
      return `{${entries.join(', ')}}`;
    }
    case 'tuple': {
      const elements = tupleElementsOf(value);
      return `[${type.elements.map((elementType, i) => render(elementType, elements[i])).join(', ')}]`;
    }
    case 'udt':
      return `{${type.fields.map((field) => `${jsonName(field.name)}: ${render(field.type, udtFieldValue(value, field.name))}`).join(', ')}}`;
    default:
      return assertNever(type, 'CQL type');
  }
}

function renderNative(type: NativeCqlType, value: unknown): string {
  switch (type.kind) {
    case 'ascii':
    case 'text':
      return jsonString(value as string);
    case 'int':
    case 'smallint':
    case 'tinyint':
    case 'bigint':
    case 'counter':
    case 'varint':
    case 'boolean':
      return String(value);
    case 'float':
      return Number.isFinite(value) ? javaFloatToString(value as number) : 'null';
    case 'double':
      return Number.isFinite(value) ? javaDoubleToString(value as number) : 'null';
    case 'decimal': {
      const { unscaled, scale } = bigDecimalParts(value as BigDecimal);
      return javaBigDecimalToString(unscaled, scale);
    }
    case 'uuid':
    case 'timeuuid':
      return jsonString(serializerText(type, value));
    case 'timestamp':
      return jsonString(formatTimestampUtc(timestampMillis(value), ' '));
    case 'date':
      return jsonString(formatDateText(Buffer.from(serializeValue(type, value)).readUInt32BE(0) - 2 ** 31));
    case 'time':
      return jsonString(formatTimeText(Buffer.from(serializeValue(type, value)).readBigInt64BE(0)));
    case 'duration':
      return jsonString(durationText(value as Duration));
    case 'blob':
      return jsonString(`0x${Buffer.from(value as Uint8Array).toString('hex')}`);
    case 'inet':
      return jsonString(formatInetBytes(serializeValue(type, value)));
    default:
      return assertNever(type.kind, 'native CQL type');
  }
}
