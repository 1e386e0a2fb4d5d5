/**
 * CastFcts (Cassandra 4): the functions behind CAST(x AS type), named castAs<Type>
 * ('castAsInt'), one per (input, output) pair Cassandra declares:
 *
 *   numeric (tinyint smallint int bigint float double decimal counter varint)
 *       -> every other numeric type but counter, by Java's Number conversions; decimal from
 *          float or double goes through BigDecimal.valueOf(double) (so a float 5.2 becomes
 *          5.199999809265137, Cassandra 4's known result), varint by way of longValue()
 *   numeric, inet, boolean, timeuuid, timestamp, date, time, uuid -> ascii, text
 *   ascii -> text; timeuuid -> date, timestamp; timestamp -> date; date -> timestamp
 *
 * Casting to ascii/text prints the value as Cassandra's serializer does (serializer-text.ts).
 * A cast to the argument's own type is no function at all: the selection keeps the argument.
 */

import { InvalidRequestError } from '../../lib/errors.js';
import { nativeCqlType, type CqlType, type NativeCqlType, type NativeCqlTypeKind } from '../types/cql-type.js';
import { bigDecimalOf, integerFromBigInt, longFromBigInt } from '../types/driver-values.js';
import { parseJavaBigDecimal } from '../values/java-number-parsing.js';
import { javaDoubleToString } from '../values/java-number-text.js';
import { serializerText } from '../values/serializer-text.js';
import { javaDoubleValue, javaIntegerValue, javaNumberOf, type JavaNumber } from './java-number.js';
import { unaryFunction, type ScalarFunction } from './native-function.js';
import { temporalConversions } from './time-functions.js';

const numericInputs = ['tinyint', 'smallint', 'int', 'bigint', 'float', 'double', 'decimal', 'counter', 'varint'] as const;
const numericOutputs = ['tinyint', 'smallint', 'int', 'bigint', 'float', 'double', 'decimal', 'varint'] as const;
type NumericOutput = (typeof numericOutputs)[number];

const type = (kind: NativeCqlTypeKind): NativeCqlType => nativeCqlType(kind)!;

/** 'castAsInt': the prefix, then the type's name capitalized (WordUtils.capitalize). */
export function castFunctionName(target: CqlType): string {
  return `castAs${target.kind.charAt(0).toUpperCase()}${target.kind.slice(1)}`;
}

function castFunction(input: NativeCqlType, output: NativeCqlType, convert: (value: unknown) => unknown): ScalarFunction {
  return unaryFunction(castFunctionName(output), output, input, convert, ([arg]) => `cast(${arg} as ${output.kind})`);
}

function numericCast(input: NativeCqlType, output: NumericOutput): ScalarFunction {
  return castFunction(input, type(output), (value) => convertNumber(javaNumberOf(input, value), output));
}

function convertNumber(number: JavaNumber, output: NumericOutput): unknown {
  switch (output) {
    case 'tinyint':
      return Number(javaIntegerValue(number, 8));
    case 'smallint':
      return Number(javaIntegerValue(number, 16));
    case 'int':
      return Number(javaIntegerValue(number, 32));
    case 'bigint':
      return longFromBigInt(javaIntegerValue(number, 64));
    case 'float':
      return Math.fround(javaDoubleValue(number));
    case 'double':
      return javaDoubleValue(number);
    case 'varint':
      return integerFromBigInt(javaIntegerValue(number, 64));
    case 'decimal':
      return decimalOf(number);
  }
}

function decimalOf(number: JavaNumber): unknown {
  if (number.kind === 'integral') return bigDecimalOf(number.value, 0);
  if (number.kind === 'decimal') return bigDecimalOf(number.unscaled, number.scale);
  const text = javaDoubleToString(number.value);
  const parts = parseJavaBigDecimal(text);
  // new BigDecimal("NaN") throws in Java; Cassandra lets that NumberFormatException through.
  if (parts === null) throw new InvalidRequestError(`Character ${text} is neither a decimal digit number, decimal point, nor "e" notation exponential mark.`);
  return bigDecimalOf(parts.unscaled, parts.scale);
}

function textCasts(input: NativeCqlType): ScalarFunction[] {
  return [type('ascii'), type('text')].map((output) => castFunction(input, output, (value) => serializerText(input, value)));
}

/** CassandraFunctionWrapper: a cast that runs an existing conversion (toDate, toTimestamp). */
function wrap(input: NativeCqlType, delegate: ScalarFunction): ScalarFunction {
  // The temporal conversions read neither clock nor random source: they get no context.
  return castFunction(input, delegate.returnType as NativeCqlType, (value) => delegate.apply([value], undefined as never));
}

export const castFunctions: readonly ScalarFunction[] = Object.freeze([
  ...numericInputs.flatMap((input) => [
    ...numericOutputs.filter((output) => output !== input).map((output) => numericCast(type(input), output)),
    ...textCasts(type(input)),
  ]),
  castFunction(type('ascii'), type('text'), (value) => value),
  ...textCasts(type('inet')),
  ...textCasts(type('boolean')),
  wrap(type('timeuuid'), temporalConversions.toDate(type('timeuuid'))),
  wrap(type('timeuuid'), temporalConversions.toTimestamp(type('timeuuid'))),
  ...textCasts(type('timeuuid')),
  wrap(type('timestamp'), temporalConversions.toDate(type('timestamp'))),
  ...textCasts(type('timestamp')),
  wrap(type('date'), temporalConversions.toTimestamp(type('date'))),
  ...textCasts(type('date')),
  ...textCasts(type('time')),
  ...textCasts(type('uuid')),
]);
