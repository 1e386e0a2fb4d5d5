/**
 * A value of `source` type re-read as the value-compatible `receiver` type (see
 * type-compatibility.ts), as Cassandra does by reusing the bytes: a timestamp assigned to a
 * bigint column becomes its millisecond count, anything assigned to a blob its bytes.
 */

import { assert } from '../../lib/assert.js';
import type { CqlType } from '../types/cql-type.js';
import { serializeValue } from '../types/value-codec.js';
import { deserializeValue } from '../types/value-codec.js';
import { normalizeValue } from './normalize-value.js';
import { isValueCompatible, sameType } from './type-compatibility.js';

export function convertCompatibleValue(receiver: CqlType, source: CqlType, value: unknown): unknown {
  assert(isValueCompatible(receiver, source), 'conversion between incompatible types');
  if (value === null || value === undefined || sameType(receiver, source, true)) return value ?? null;
  return normalizeValue(receiver, deserializeValue(receiver, serializeValue(source, value)));
}
