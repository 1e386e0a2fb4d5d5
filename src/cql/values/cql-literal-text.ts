/**
 * A value written back as a CQL constant that reads as the same value (Cassandra's
 * toCQLLiteral): what DESCRIBE and a shell print, and what a generated statement embeds.
 *
 *   text, ascii, inet, date, time, timestamp   single-quoted, ' doubled ('it''s',
 *                                              '2024-01-02T03:04:05.000Z', '03:04:05.000000000')
 *   numbers, boolean, uuid, duration, blob     bare (1.5, NaN, -Infinity, 1h30m, 0xcafe)
 *   list, set, map, tuple, udt                 [a, b], {a, b}, {k: v}, (a, b), {f: v}
 *   null                                       null
 */

import { assertNever } from '../../lib/assert.js';
import { isNativeCqlType, type CqlType, type NativeCqlType } from '../types/cql-type.js';
import { normalizeValue } from './normalize-value.js';
import { serializerText } from './serializer-text.js';
import { tupleElementsOf, udtFieldValue } from './value-shapes.js';
import { bigDecimalParts, type BigDecimal } from '../types/driver-values.js';
import { javaBigDecimalToString } from './java-number-text.js';

export function formatCqlLiteral(type: CqlType, value: unknown): string {
  return format(type, normalizeValue(type, value));
}

function format(type: CqlType, value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (isNativeCqlType(type)) return formatNative(type, value);
  switch (type.kind) {
    case 'list':
      return `[${(value as readonly unknown[]).map((element) => format(type.element, element)).join(', ')}]`;
    case 'set':
      return `{${(value as readonly unknown[]).map((element) => format(type.element, element)).join(', ')}}`;
    case 'map':
      return `{${[...(value as Map<unknown, unknown>)].map(([k, v]) => `${format(type.key, k)}: ${format(type.value, v)}`).join(', ')}}`;
    case 'tuple': {
      const elements = tupleElementsOf(value);
      return `(${type.elements.map((elementType, i) => format(elementType, elements[i])).join(', ')})`;
    }
    case 'udt':
      return `{${type.fields.map((field) => `${quoteName(field.name)}: ${format(field.type, udtFieldValue(value, field.name))}`).join(', ')}}`;
    default:
      return assertNever(type, 'CQL type');
  }
}

function formatNative(type: NativeCqlType, value: unknown): string {
  switch (type.kind) {
    case 'ascii':
    case 'text':
    case 'inet':
    case 'date':
    case 'time':
    case 'timestamp':
      return `'${serializerText(type, value).replaceAll("'", "''")}'`;
    case 'decimal': {
      const { unscaled, scale } = bigDecimalParts(value as BigDecimal);
      return javaBigDecimalToString(unscaled, scale);
    }
    default:
      return serializerText(type, value);
  }
}

function quoteName(name: string): string {
  return /^[a-z][a-z0-9_]*$/.test(name) ? name : `"${name.replaceAll('"', '""')}"`;
}
