/**
 * The DataStax Node.js driver's value classes (Long, Integer, BigDecimal, Uuid, ...), so the
 * values we hand out look exactly like the ones a driver user gets. The helpers below convert
 * between them and plain JS bigints; they cover the few constructors and fields the driver
 * supports at runtime but leaves out of its index.d.ts (checked against cassandra-driver 4.10).
 */

import cassandra from 'cassandra-driver';

export const driverTypes = cassandra.types;

export type Long = cassandra.types.Long;
export type Integer = cassandra.types.Integer;
export type BigDecimal = cassandra.types.BigDecimal;
export type Uuid = cassandra.types.Uuid;
export type TimeUuid = cassandra.types.TimeUuid;
export type InetAddress = cassandra.types.InetAddress;
export type LocalDate = cassandra.types.LocalDate;
export type LocalTime = cassandra.types.LocalTime;
export type Duration = cassandra.types.Duration;
export type Tuple = cassandra.types.Tuple;

const { Long: LongClass, Integer: IntegerClass, BigDecimal: BigDecimalClass, LocalDate: LocalDateClass } = driverTypes;

export function longFromBigInt(value: bigint): Long {
  return LongClass.fromBits(Number(BigInt.asIntN(32, value)), Number(BigInt.asIntN(32, value >> 32n))) as Long;
}

export function longToBigInt(value: Long): bigint {
  return (BigInt(value.high) << 32n) | BigInt(value.low >>> 0);
}

/** Integer.fromBits takes little-endian 32-bit words and reads the sign from the top word. */
export function integerFromBigInt(value: bigint): Integer {
  const words: number[] = [];
  let rest = value;
  do {
    words.push(Number(BigInt.asIntN(32, rest)));
    rest >>= 32n;
  } while (!(rest === 0n && words[words.length - 1]! >= 0) && !(rest === -1n && words[words.length - 1]! < 0));
  return IntegerClass.fromBits(words);
}

export function integerToBigInt(value: Integer): bigint {
  return BigInt(value.toString());
}

/** BigDecimal keeps its unscaled Integer and scale in fields its typings do not declare. */
interface BigDecimalFields {
  readonly _intVal: Integer;
  readonly _scale: number;
}

export function bigDecimalOf(unscaled: bigint, scale: number): BigDecimal {
  const Constructor = BigDecimalClass as unknown as new (unscaled: Integer, scale: number) => BigDecimal;
  return new Constructor(integerFromBigInt(unscaled), scale);
}

export function bigDecimalParts(value: BigDecimal): { readonly unscaled: bigint; readonly scale: number } {
  const fields = value as unknown as BigDecimalFields;
  return { unscaled: integerToBigInt(fields._intVal), scale: fields._scale };
}

/** LocalDate also accepts a single argument, days since the epoch, covering the whole int32 range. */
export function localDateFromDays(days: number): LocalDate {
  const Constructor = LocalDateClass as unknown as new (days: number) => LocalDate;
  return new Constructor(days);
}
