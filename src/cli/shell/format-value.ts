/**
 * One value as cqlsh prints it (cqlshlib/formatting.py), by its column type:
 *
 *   text, ascii     raw, backslashes doubled, control characters escaped (\n, \x07)
 *   inside a collection, UDT or tuple, strings, inets and timestamps are quoted: 'it''s'
 *   numbers         integers as written; float and double with 5 significant digits past the
 *                   point (1.5, 1.2346e+06); decimal as Python's Decimal
 *   blob            0x0102      boolean  True / False     null  null
 *   timestamp       2024-01-02 03:04:05.000000+0000 (UTC)
 *   date, time      2024-01-02, 03:04:05.000000000        uuid, inet, duration as text
 *   list [1, 2]     set {1, 2}     map {'k': 1}     udt {street: 'x', zip: null}     tuple (1, 'a')
 *
 * Values are the DataStax driver's JS values; a map may be a Map or a plain object (keys then
 * are strings). One difference from cqlsh: a null inside a tuple prints null, where cqlsh's
 * Python prints None.
 */

import { bigDecimalParts, driverTypes } from '../../cql/types/driver-values.js';
import { DURATION_CLASS, dataTypes, elementTypeOf, typeListOf, udtFieldsOf, type DriverColumnType } from './driver-column-type.js';
import { cqlshFloatText, pythonDecimalText } from './python-number-text.js';

export const NULL_TEXT = 'null';

export function formatValue(value: unknown, type: DriverColumnType | null, quote = false): string {
  if (value === null || value === undefined) return NULL_TEXT;
  switch (type?.code) {
    case dataTypes.ascii:
    case dataTypes.text:
    case dataTypes.varchar:
      return textValue(String(value), quote);
    case dataTypes.boolean:
      return value === true ? 'True' : 'False';
    case dataTypes.float:
    case dataTypes.double:
      return typeof value === 'number' ? cqlshFloatText(value) : String(value);
    case dataTypes.decimal:
      return decimalText(value);
    case dataTypes.blob:
      return blobText(value);
    case dataTypes.timestamp:
      return quoteIf(quote, value instanceof Date ? timestampText(value) : String(value));
    case dataTypes.inet:
      return quoteIf(quote, String(value));
    case dataTypes.time:
      return timeText(value);
    case dataTypes.list:
      return `[${elementsOf(value).map((e) => formatValue(e, elementTypeOf(type), true)).join(', ')}]`;
    case dataTypes.set:
      return `{${elementsOf(value).map((e) => formatValue(e, elementTypeOf(type), true)).join(', ')}}`;
    case dataTypes.map:
      return mapText(value, typeListOf(type));
    case dataTypes.udt:
      return udtText(value, type);
    case dataTypes.tuple:
      return tupleText(value, typeListOf(type));
    case dataTypes.custom:
      return type.info === DURATION_CLASS ? String(value) : untypedText(value, quote);
    case undefined:
      return untypedText(value, quote);
    default:
      // Integers (Long, Integer, number), uuids, dates, durations: their driver text is cqlsh's.
      return String(value);
  }
}

/** Text as cqlsh's format_value_text: `\` doubled, control characters as Python escapes. */
export function textValue(text: string, quote: boolean): string {
  let escaped = text.replaceAll('\\', '\\\\');
  if (quote) escaped = escaped.replaceAll("'", "''");
  // eslint-disable-next-line no-control-regex -- these are the characters to escape
  escaped = escaped.replace(/[\x00-\x1f\x7f-\xa0]/g, controlEscape);
  return quote ? `'${escaped}'` : escaped;
}

function controlEscape(char: string): string {
  if (char === '\n') return '\\n';
  if (char === '\t') return '\\t';
  if (char === '\r') return '\\r';
  return `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`;
}

function quoteIf(quote: boolean, text: string): string {
  return quote ? `'${text}'` : text;
}

/** UTC, microseconds and zone as cqlsh's default '%Y-%m-%d %H:%M:%S.%f%z'; milliseconds outside years 1-9999. */
export function timestampText(date: Date): string {
  const year = date.getUTCFullYear();
  if (Number.isNaN(year)) return NULL_TEXT;
  if (year < 1 || year > 9999) return String(date.getTime());
  const two = (n: number): string => String(n).padStart(2, '0');
  const day = `${String(year).padStart(4, '0')}-${two(date.getUTCMonth() + 1)}-${two(date.getUTCDate())}`;
  const clock = `${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())}`;
  return `${day} ${clock}.${String(date.getUTCMilliseconds()).padStart(3, '0')}000+0000`;
}

/** cassandra.util.Time's str: always nine digits of nanoseconds. */
function timeText(value: unknown): string {
  const parts = value as { hour?: unknown; minute?: unknown; second?: unknown; nanosecond?: unknown };
  if (typeof parts.hour !== 'number') return String(value);
  const two = (n: unknown): string => String(n).padStart(2, '0');
  return `${two(parts.hour)}:${two(parts.minute)}:${two(parts.second)}.${String(parts.nanosecond).padStart(9, '0')}`;
}

function decimalText(value: unknown): string {
  if (!(value instanceof driverTypes.BigDecimal)) return String(value);
  const { unscaled, scale } = bigDecimalParts(value);
  return pythonDecimalText(unscaled, scale);
}

function blobText(value: unknown): string {
  return Buffer.isBuffer(value) ? `0x${value.toString('hex')}` : String(value);
}

function elementsOf(value: unknown): readonly unknown[] {
  if (Array.isArray(value)) return value;
  if (value instanceof Set) return [...value];
  return [value];
}

function mapText(value: unknown, [keyType = null, valueType = null]: readonly (DriverColumnType | null)[]): string {
  const entries: [unknown, unknown][] = value instanceof Map ? [...value] : Object.entries(value as object);
  return `{${entries.map(([k, v]) => `${formatValue(k, keyType, true)}: ${formatValue(v, valueType, true)}`).join(', ')}}`;
}

function udtText(value: unknown, type: DriverColumnType): string {
  const record = value as Record<string, unknown>;
  const fields = udtFieldsOf(type);
  const named = fields.length > 0 ? fields : Object.keys(record).map((name) => ({ name, type: null }));
  return `{${named.map((field) => `${textValue(field.name, false)}: ${formatValue(record[field.name], field.type, true)}`).join(', ')}}`;
}

function tupleText(value: unknown, types: readonly (DriverColumnType | null)[]): string {
  const elements = (value as { elements?: unknown }).elements;
  const list = Array.isArray(elements) ? elements : elementsOf(value);
  return `(${list.map((element, i) => formatValue(element, types[i] ?? null, true)).join(', ')})`;
}

/** A value whose column type is unknown: by its JS shape. */
function untypedText(value: unknown, quote: boolean): string {
  if (typeof value === 'string') return textValue(value, quote);
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return cqlshFloatText(value);
  if (Buffer.isBuffer(value)) return blobText(value);
  if (value instanceof Date) return quoteIf(quote, timestampText(value));
  if (Array.isArray(value)) return `[${value.map((e) => untypedText(e, true)).join(', ')}]`;
  return String(value);
}
