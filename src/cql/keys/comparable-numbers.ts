/**
 * varint and decimal made byte-comparable by numeric value (Cassandra's IntegerType and
 * DecimalType compare by value). Both layouts are self-delimiting:
 *
 *   varint   >= 0:  0x02 | u32 BE length n | n magnitude bytes (BE, minimal; 0 has n = 0)
 *            <  0:  0x01 | ~(u32 BE n)     | ~(magnitude bytes of |v|)
 *
 *   decimal  = 0:   0x02
 *            > 0:   0x03 | i64 exponent E, sign bit flipped | digits as 0x01..0x0a | 0x00
 *            < 0:   0x01 | ~(the same)                      | ~(digits)          | 0xff
 *
 * A decimal is first normalized (trailing zeros stripped from the unscaled value), then
 * written as 0.d1d2...dk x 10^E with d1 != 0 and dk != 0. Because DecimalType compares with
 * BigDecimal.compareTo, 1.0 and 1.00 are the same clustering in Cassandra; here they also
 * have the same bytes, and decode returns the normalized form (1.0 and 1.00 both decode as 1).
 */

import { bigDecimalOf, integerFromBigInt } from '../types/driver-values.js';
import type { BigDecimal, Integer } from '../types/driver-values.js';
import type { ComparableReader } from './comparable-reader.js';
import { keyErrors } from './key-errors.js';

const int32Min = -(2 ** 31);
const signBit64 = 1n << 63n;

export function writeComparableVarint(value: bigint, out: number[]): void {
  const negative = value < 0n;
  const magnitude = negative ? -value : value;
  const bytes = magnitude === 0n ? [] : hexBytes(magnitude.toString(16));
  const flip = negative ? 0xff : 0;
  out.push(negative ? 0x01 : 0x02);
  const n = bytes.length;
  out.push(((n >>> 24) & 0xff) ^ flip, ((n >>> 16) & 0xff) ^ flip, ((n >>> 8) & 0xff) ^ flip, (n & 0xff) ^ flip);
  for (const byte of bytes) out.push(byte ^ flip);
}

export function readComparableVarint(reader: ComparableReader): Integer {
  const header = reader.next();
  if (header !== 0x01 && header !== 0x02) throw keyErrors.malformed('varint clustering value');
  const flip = header === 0x01 ? 0xff : 0;
  let n = 0;
  for (let i = 0; i < 4; i++) n = n * 256 + (reader.next() ^ flip);
  let magnitude = 0n;
  for (let i = 0; i < n; i++) magnitude = (magnitude << 8n) | BigInt(reader.next() ^ flip);
  return integerFromBigInt(header === 0x01 ? -magnitude : magnitude);
}

export function writeComparableDecimal(unscaled: bigint, scale: number, out: number[]): void {
  if (unscaled === 0n) {
    out.push(0x02);
    return;
  }
  const negative = unscaled < 0n;
  let magnitude = negative ? -unscaled : unscaled;
  let exponentScale = BigInt(scale);
  while (magnitude % 10n === 0n) {
    magnitude /= 10n;
    exponentScale -= 1n;
  }
  const digits = magnitude.toString();
  const exponent = BigInt.asUintN(64, BigInt(digits.length) - exponentScale) ^ signBit64;
  const flip = negative ? 0xff : 0;
  out.push(negative ? 0x01 : 0x03);
  for (let shift = 56n; shift >= 0n; shift -= 8n) out.push(Number((exponent >> shift) & 0xffn) ^ flip);
  for (let i = 0; i < digits.length; i++) out.push((digits.charCodeAt(i) - 0x2f) ^ flip);
  out.push(flip);
}

export function readComparableDecimal(reader: ComparableReader): BigDecimal {
  const header = reader.next();
  if (header === 0x02) return bigDecimalOf(0n, 0);
  if (header !== 0x01 && header !== 0x03) throw keyErrors.malformed('decimal clustering value');
  const flip = header === 0x01 ? 0xff : 0;
  let exponent = 0n;
  for (let i = 0; i < 8; i++) exponent = (exponent << 8n) | BigInt(reader.next() ^ flip);
  exponent = BigInt.asIntN(64, exponent ^ signBit64);
  let digits = '';
  for (let byte = reader.next() ^ flip; byte !== 0; byte = reader.next() ^ flip) {
    if (byte > 10) throw keyErrors.malformed('decimal clustering value');
    digits += String.fromCharCode(byte + 0x2f);
  }
  let magnitude = BigInt(digits);
  let scale = BigInt(digits.length) - exponent;
  // Normalizing may have pushed the scale below int32's range; widen the unscaled value back.
  if (scale < BigInt(int32Min)) {
    magnitude *= 10n ** (BigInt(int32Min) - scale);
    scale = BigInt(int32Min);
  }
  return bigDecimalOf(header === 0x01 ? -magnitude : magnitude, Number(scale));
}

function hexBytes(hex: string): number[] {
  const even = hex.length % 2 === 0 ? hex : `0${hex}`;
  const bytes: number[] = [];
  for (let i = 0; i < even.length; i += 2) bytes.push(parseInt(even.slice(i, i + 2), 16));
  return bytes;
}
