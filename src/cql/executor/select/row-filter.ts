/**
 * The restrictions checked row by row (ALLOW FILTERING, and IN on clustering columns read as
 * one slice): values compare by their order-preserving encoding where the type has one (so
 * -1 < 1 and 'a' < 'b' as CQL orders them), by serialized bytes otherwise (= and != only).
 */

import { InvalidRequestError } from '../../../lib/errors.js';
import type { ColumnMetadata } from '../../schema/column-metadata.js';
import { elementPath } from '../../rows/cell-paths.js';
import type { CqlType } from '../../types/cql-type.js';
import { serializeValue } from '../../types/value-codec.js';
import type { Filter } from '../where/where-clause.js';

export function rowMatches(values: ReadonlyMap<string, unknown>, filters: readonly Filter[]): boolean {
  return filters.every((filter) => matches(values, filter));
}

function matches(values: ReadonlyMap<string, unknown>, filter: Filter): boolean {
  const { column, operator } = filter;
  // A multi-column IN: the row's tuple of clustering values is one of those listed.
  if (Array.isArray(filter.mapKey)) {
    const columns = filter.mapKey as ColumnMetadata[];
    const row = columns.map((c) => key(c.type, values.get(c.name)));
    return filter.values.some((tuple) => (tuple as unknown[]).every((v, i) => key(columns[i]!.type, v) === row[i]));
  }
  let value = values.get(column.name);
  let type = column.type;
  if (filter.mapKey !== null) {
    if (value === null || value === undefined || type.kind !== 'map') return false;
    const wanted = key(type.key, filter.mapKey);
    const entry = Object.entries(value as Record<string, unknown>).find(([k]) => key(type.kind === 'map' ? type.key : type, parseKey(type, k)) === wanted);
    value = entry?.[1] ?? null;
    type = type.value;
  }
  switch (operator) {
    case 'CONTAINS': {
      if (value === null || value === undefined) return false;
      const elementType = type.kind === 'map' ? type.value : type.kind === 'list' || type.kind === 'set' ? type.element : type;
      const elements = type.kind === 'map' ? Object.values(value as Record<string, unknown>) : (value as unknown[]);
      const wanted = key(elementType, filter.values[0]);
      return elements.some((element) => key(elementType, element) === wanted);
    }
    case 'CONTAINS KEY': {
      if (value === null || value === undefined || type.kind !== 'map') return false;
      const wanted = key(type.key, filter.values[0]);
      return Object.keys(value as Record<string, unknown>).some((k) => key(type.kind === 'map' ? type.key : type, parseKey(type, k)) === wanted);
    }
    case 'IN':
    case '=': {
      if (value === null || value === undefined) return false;
      const own = key(type, value);
      return filter.values.some((candidate) => key(type, candidate) === own);
    }
    case '!=':
      return value !== null && value !== undefined && key(type, value) !== key(type, filter.values[0]);
    default: {
      if (value === null || value === undefined) return false;
      const order = Buffer.compare(comparable(type, value, column), comparable(type, filter.values[0], column));
      if (operator === '<') return order < 0;
      if (operator === '<=') return order <= 0;
      if (operator === '>') return order > 0;
      return order >= 0;
    }
  }
}

function key(type: CqlType, value: unknown): string {
  return Buffer.from(serializeValue(type, value)).toString('latin1');
}

function comparable(type: CqlType, value: unknown, column: ColumnMetadata): Buffer {
  if (type.kind === 'list' || type.kind === 'set' || type.kind === 'map' || type.kind === 'udt' || type.kind === 'tuple' || type.kind === 'duration') {
    throw new InvalidRequestError(`Slice restrictions are not supported on column ${column.name} of type ${type.kind}`);
  }
  return Buffer.from(elementPath(type, value));
}

/** Map values decode to objects keyed by String(key); the key's own type is needed back. */
function parseKey(type: CqlType, text: string): unknown {
  if (type.kind !== 'map') return text;
  switch (type.key.kind) {
    case 'int':
    case 'smallint':
    case 'tinyint':
    case 'float':
    case 'double':
      return Number(text);
    default:
      return text;
  }
}
