/**
 * A parsed JSON value as a value of a type, per Cassandra's fromJSONObject for the type, with
 * its messages ("Expected an int value, but got a Double: 1.5"). The Java class in a message
 * is the one Jackson would have built (json-value.ts), so 2147483648 "is a Long" for an int.
 *
 *   strings           every native type reads a JSON string with fromString (native-from-string)
 *   int               a number that Jackson makes an Integer; bigint/counter an Integer or Long
 *   smallint, tinyint any number or string, read as text ("Unable to make short from '1.5'")
 *   varint, decimal   anything whose Java text parses (Double text for JSON floats)
 *   float, double     any number; boolean: true/false; timestamp: a Long (not an Integer,
 *                     Cassandra's quirk) or a date string
 *   blob              a string "0x..." only
 *   list, set         JSON arrays (no null elements; sets sorted, duplicates dropped)
 *   map               JSON objects: keys are strings read by the key type, null values refused
 *   tuple             an array of exactly the tuple's size, nulls allowed
 *   udt               an object; keys lower-cased unless double-quoted ("\"Name\""); missing
 *                     fields are null, unknown ones refused
 *   collections, tuples and UDTs also accept their JSON as a string and decode it
 *
 * Errors are MarshalErrors (the caller rewords them), except duration's Invalid errors.
 */

import type { Clock } from '../../lib/clock.js';
import { assertNever } from '../../lib/assert.js';
import { isNativeCqlType, type CqlType, type NativeCqlType } from '../types/cql-type.js';
import { bigDecimalOf, integerFromBigInt, longFromBigInt } from '../types/driver-values.js';
import { parseJavaBigDecimal, parseJavaBigInteger } from '../values/java-number-parsing.js';
import { MarshalError } from '../values/marshal-error.js';
import { timestampValue } from '../values/timestamp-text.js';
import { blobFromHex, nativeFromString } from '../values/native-from-string.js';
import { sortedMap, sortedSet, udtObject } from '../values/normalize-value.js';
import { driverTypes } from '../types/driver-values.js';
import { JsonParseError, parseJson } from './json-parser.js';
import { javaClassName, javaText, JsonNumber, type JsonObject, type JsonValue } from './json-value.js';

export function fromJsonValue(type: CqlType, json: JsonValue, clock: Clock): unknown {
  if (json === null) return null;
  if (isNativeCqlType(type)) return nativeFromJson(type, json, clock);
  const decoded = typeof json === 'string' ? decodeNested(json) : json;
  switch (type.kind) {
    case 'list':
    case 'set': {
      const noun = type.kind === 'list' ? 'a list' : 'a list (representing a set)';
      if (!Array.isArray(decoded)) throw expected(noun, decoded);
      const elements = (decoded as readonly JsonValue[]).map((element) => {
        if (element === null) throw new MarshalError(`Invalid null element in ${type.kind}`);
        return fromJsonValue(type.element, element, clock);
      });
      return type.kind === 'list' ? elements : sortedSet(type.element, elements);
    }
    case 'map': {
      if (!isObject(decoded)) throw expected('a map', decoded);
      const entries = [...decoded].map(([key, element]) => {
        if (element === null) throw new MarshalError('Invalid null value in map');
        return [fromJsonValue(type.key, key, clock), fromJsonValue(type.value, element, clock)] as const;
      });
      return sortedMap(type, entries);
    }
    case 'tuple': {
      if (!Array.isArray(decoded)) throw expected('a list representation of a tuple', decoded);
      const elements = decoded as readonly JsonValue[];
      if (elements.length > type.elements.length) {
        throw new MarshalError(`Tuple contains extra items (expected ${type.elements.length}): ${javaText(decoded)}`);
      }
      if (elements.length < type.elements.length) {
        throw new MarshalError(`Tuple is missing items (expected ${type.elements.length}): ${javaText(decoded)}`);
      }
      return driverTypes.Tuple.fromArray(elements.map((element, i) => fromJsonValue(type.elements[i]!, element, clock)));
    }
    case 'udt': {
      if (!isObject(decoded)) throw expected('a map', decoded);
      const byName = unquoteNames(decoded);
      for (const name of byName.keys()) {
        if (!type.fields.some((field) => field.name === name)) {
          throw new MarshalError(`Unknown field '${name}' in value of user defined type ${type.name}`);
        }
      }
      return udtObject(type.fields.map((field) => [field.name, fromJsonValue(field.type, byName.get(field.name) ?? null, clock)] as const));
    }
    default:
      return assertNever(type, 'CQL type');
  }
}

/** Json.handleCaseSensitivity: "\"Name\"" keeps its case without the quotes, other keys are lower-cased. */
export function unquoteNames(object: JsonObject): Map<string, JsonValue> {
  const result = new Map<string, JsonValue>();
  for (const [key, value] of object) {
    const quoted = key.length >= 2 && key.startsWith('"') && key.endsWith('"');
    result.set(quoted ? key.slice(1, -1) : key.toLowerCase(), value);
  }
  return result;
}

function nativeFromJson(type: NativeCqlType, json: JsonValue, clock: Clock): unknown {
  const text = typeof json === 'string' ? json : null;
  const number = json instanceof JsonNumber ? json : null;
  switch (type.kind) {
    case 'ascii':
      if (text === null) throw expected('an ascii string', json);
      return nativeFromString(type, text, clock);
    case 'text':
      if (text === null) throw expected('a UTF-8 string', json);
      return text;
    case 'int':
      if (text !== null) return nativeFromString(type, text, clock);
      if (number?.javaClass() !== 'Integer') throw expected('an int value', json);
      return Number(number.text);
    case 'bigint':
    case 'counter':
      if (text !== null) return nativeFromString(type, text, clock);
      if (number === null || (number.javaClass() !== 'Integer' && number.javaClass() !== 'Long')) throw expected('a bigint value', json);
      return longFromBigInt(BigInt(number.text));
    case 'smallint':
    case 'tinyint':
      if (text === null && number === null) throw expected(type.kind === 'smallint' ? 'a short value' : 'a byte value', json);
      return nativeFromString(type, text ?? javaText(json), clock);
    case 'varint': {
      const value = parseJavaBigInteger(javaText(json));
      if (value === null) throw new MarshalError(`Value '${javaText(json)}' is not a valid representation of a varint value`);
      return integerFromBigInt(value);
    }
    case 'decimal': {
      const parts = parseJavaBigDecimal(javaText(json));
      if (parts === null) throw new MarshalError(`Value '${javaText(json)}' is not a valid representation of a decimal value`);
      return bigDecimalOf(parts.unscaled, parts.scale);
    }
    case 'float':
    case 'double':
      if (text !== null) return nativeFromString(type, text, clock);
      if (number === null) throw expected(`a ${type.kind} value`, json);
      return type.kind === 'float' ? Math.fround(number.toNumber()) : number.toNumber();
    case 'boolean':
      if (text !== null) return nativeFromString(type, text, clock);
      if (typeof json !== 'boolean') throw expected('a boolean value', json);
      return json;
    case 'timestamp':
      if (number?.javaClass() === 'Long') return timestampValue(BigInt(number.text));
      if (text === null) throw expected('a long or a datestring representation of a timestamp value', json);
      return nativeFromString(type, text, clock);
    case 'blob':
      return blobFromJson(json);
    case 'uuid':
    case 'timeuuid':
    case 'date':
    case 'time':
    case 'inet':
    case 'duration': {
      const noun = { uuid: 'a uuid', timeuuid: 'a timeuuid', date: 'a date value', time: 'a time value', inet: 'an inet value', duration: 'a duration' }[type.kind];
      if (text === null) throw expected(`a string representation of ${noun}`, json);
      return nativeFromString(type, text, clock);
    }
    default:
      return assertNever(type.kind, 'native CQL type');
  }
}

function blobFromJson(json: JsonValue): Buffer {
  const refuse = (cause: string): MarshalError => new MarshalError(`Value '${javaText(json)}' is not a valid blob representation: ${cause}`);
  if (typeof json !== 'string') {
    const javaClass = javaClassName(json);
    const qualified = `${javaClass === 'BigInteger' ? 'java.math' : javaClass === 'ArrayList' || javaClass === 'LinkedHashMap' ? 'java.util' : 'java.lang'}.${javaClass}`;
    throw refuse(`class ${qualified} cannot be cast to class java.lang.String`);
  }
  if (!json.startsWith('0x')) throw refuse(`String representation of blob is missing 0x prefix: ${json}`);
  try {
    return blobFromHex(json.slice(2));
  } catch (error) {
    throw refuse((error as Error).message);
  }
}

/** Json.decodeJson: a collection, tuple or UDT given as a JSON string holding its JSON. */
function decodeNested(text: string): JsonValue {
  try {
    return parseJson(text);
  } catch (error) {
    if (error instanceof JsonParseError) throw new MarshalError(`Error decoding JSON string: ${error.message}`);
    throw error;
  }
}

function isObject(value: JsonValue): value is JsonObject {
  return value instanceof Map;
}

function expected(what: string, json: JsonValue): MarshalError {
  return new MarshalError(`Expected ${what}, but got a ${javaClassName(json)}: ${javaText(json)}`);
}
