/**
 * Which receivers a constant may be assigned to (Constants.Literal.testAssignment):
 *
 *   exact  the receiver is the constant's preferred type: ascii (or text if not ASCII) for a
 *          string; int, bigint or varint, the smallest that holds an integer; double, or
 *          decimal if a double would round it, for a float; timeuuid (version 1) or uuid for
 *          a uuid; boolean; blob; duration
 *   weak   string     -> ascii text inet date time timestamp
 *          integer    -> bigint counter date decimal double duration float int smallint
 *                        time timestamp tinyint varint
 *          uuid       -> uuid timeuuid;  float -> decimal double float
 *          boolean    -> boolean;  blob -> blob;  duration -> duration
 *   no     anything else, and every collection, tuple or user type receiver
 *
 * NULL fits every receiver but a counter (weakly).
 */

import type { Literal, LiteralType } from '../ast/literal.js';
import { isNativeCqlType, type CqlType, type NativeCqlTypeKind } from '../types/cql-type.js';
import { parseJavaBigDecimal } from './java-number-parsing.js';

export type AssignmentResult = 'exact' | 'weak' | 'no';

const weaklyAssignable: Readonly<Record<Exclude<LiteralType, 'null'>, readonly NativeCqlTypeKind[]>> = Object.freeze({
  string: ['ascii', 'text', 'inet', 'date', 'time', 'timestamp'],
  integer: ['bigint', 'counter', 'date', 'decimal', 'double', 'duration', 'float', 'int', 'smallint', 'time', 'timestamp', 'tinyint', 'varint'],
  uuid: ['uuid', 'timeuuid'],
  float: ['decimal', 'double', 'float'],
  boolean: ['boolean'],
  blob: ['blob'],
  duration: ['duration'],
});

export function testLiteralAssignment(literal: Literal, receiver: CqlType): AssignmentResult {
  if (literal.type === 'null') return receiver.kind === 'counter' ? 'no' : 'weak';
  if (!isNativeCqlType(receiver)) return 'no';
  if (preferredType(literal) === receiver.kind) return 'exact';
  return weaklyAssignable[literal.type].includes(receiver.kind) ? 'weak' : 'no';
}

/** Constants.Type.getPreferedTypeFor. */
function preferredType(literal: Literal): NativeCqlTypeKind | null {
  switch (literal.type) {
    case 'string':
      return /^[\x00-\x7f]*$/.test(literal.text) ? 'ascii' : 'text';
    case 'integer': {
      const value = BigInt(literal.text);
      if (value === BigInt.asIntN(32, value)) return 'int';
      return value === BigInt.asIntN(64, value) ? 'bigint' : 'varint';
    }
    case 'uuid':
      return literal.text.charAt(14) === '1' ? 'timeuuid' : 'uuid';
    case 'float':
      return floatPreference(literal.text);
    case 'boolean':
      return 'boolean';
    case 'blob':
      return 'blob';
    case 'duration':
      return 'duration';
    case 'null':
      return null;
  }
}

/** double when the text reads back exactly from a double, else decimal. */
function floatPreference(text: string): NativeCqlTypeKind {
  if (/^-?(NaN|Infinity)$/.test(text)) return 'double';
  const parts = parseJavaBigDecimal(text);
  const asDouble = parseJavaBigDecimal(String(Number(text)));
  if (parts === null || asDouble === null) return 'decimal';
  return sameDecimalValue(parts, asDouble) ? 'double' : 'decimal';
}

function sameDecimalValue(a: { unscaled: bigint; scale: number }, b: { unscaled: bigint; scale: number }): boolean {
  const scale = Math.max(a.scale, b.scale);
  return a.unscaled * 10n ** BigInt(scale - a.scale) === b.unscaled * 10n ** BigInt(scale - b.scale);
}
