/**
 * INSERT ... JSON '<object>' (Cassandra's Json.parseJson): the object's keys name columns,
 * lower-cased unless written with double quotes inside the key ("\"Name\""), and each value is
 * read for its column's type. The result has an entry for every column: its value (null for an
 * explicit JSON null) or undefined when the object does not mention it, for the executor to
 * apply DEFAULT UNSET (leave the column alone) or DEFAULT NULL (write a null).
 *
 *   not JSON, not an object   "Could not decode JSON string as a map: <parser error>. (String was: <text>)"
 *   the JSON null             "Got null for INSERT JSON values"
 *   a bad value               "Error decoding JSON value for <column>: <reason>"
 *   an unknown key            "JSON values map contains unrecognized column: <key>"
 */

import type { Clock } from '../../lib/clock.js';
import { InvalidRequestError } from '../../lib/errors.js';
import type { ColumnMetadata } from '../schema/column-metadata.js';
import { fromJson } from './from-json-text.js';
import { unquoteNames } from './from-json.js';
import { JsonParseError, parseJson } from './json-parser.js';
import { javaClassName, type JsonValue } from './json-value.js';

export function parseInsertJson(text: string, columns: readonly ColumnMetadata[], clock: Clock): Map<ColumnMetadata, unknown> {
  const parsed = parseObject(text);
  const byName = unquoteNames(parsed);
  const values = new Map<ColumnMetadata, unknown>();
  for (const column of columns) {
    if (!byName.has(column.name)) {
      values.set(column, undefined);
      continue;
    }
    values.set(column, fromJson(column.type, byName.get(column.name), column.name, clock));
    byName.delete(column.name);
  }
  const unknown = byName.keys().next();
  if (unknown.done !== true) throw new InvalidRequestError(`JSON values map contains unrecognized column: ${unknown.value}`);
  return values;
}

function parseObject(text: string): ReadonlyMap<string, JsonValue> {
  let parsed: JsonValue;
  try {
    parsed = parseJson(text);
  } catch (error) {
    if (error instanceof JsonParseError) throw notAMap(`com.fasterxml.jackson.core.JsonParseException: ${error.message}`, text);
    throw error;
  }
  if (parsed === null) throw new InvalidRequestError('Got null for INSERT JSON values');
  if (!(parsed instanceof Map)) {
    const mismatch = `Cannot deserialize instance of \`java.util.LinkedHashMap\` out of ${jacksonToken(parsed)} token`;
    throw notAMap(`com.fasterxml.jackson.databind.exc.MismatchedInputException: ${mismatch}`, text);
  }
  return parsed as ReadonlyMap<string, JsonValue>;
}

/** Jackson's name for the first token of a JSON value that is not an object. */
function jacksonToken(value: JsonValue): string {
  if (Array.isArray(value)) return 'START_ARRAY';
  if (typeof value === 'string') return 'VALUE_STRING';
  if (typeof value === 'boolean') return `VALUE_${String(value).toUpperCase()}`;
  return javaClassName(value) === 'Double' ? 'VALUE_NUMBER_FLOAT' : 'VALUE_NUMBER_INT';
}

function notAMap(detail: string, text: string): InvalidRequestError {
  return new InvalidRequestError(`Could not decode JSON string as a map: ${detail}. (String was: ${text})`);
}
