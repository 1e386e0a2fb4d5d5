/**
 * decimal: [int scale][varint unscaled value], value = unscaled * 10^-scale (Java BigDecimal).
 * Decodes to the driver's BigDecimal.
 */

import { codecErrors } from './codec-errors.js';
import { bufferView } from './buffer-view.js';
import { bigDecimalOf, bigDecimalParts, driverTypes, type BigDecimal } from './driver-values.js';
import { varintBytes, varintFromBytes } from './varint-codec.js';

interface DecimalParts {
  readonly unscaled: bigint;
  readonly scale: number;
}

export function serializeDecimal(value: unknown): Buffer {
  const parts = decimalParts(value);
  const scale = Buffer.allocUnsafe(4);
  scale.writeInt32BE(parts.scale, 0);
  return Buffer.concat([scale, varintBytes(parts.unscaled)]);
}

export function deserializeDecimal(bytes: Uint8Array): BigDecimal {
  // Four bytes of scale and at least one of unscaled value (Java rejects a zero-length BigInteger).
  if (bytes.length < 5) throw codecErrors.invalidBytes(`Expected 0 or at least 5 bytes for a decimal (${bytes.length})`);
  return bigDecimalOf(varintFromBytes(bytes.subarray(4)), bufferView(bytes).readInt32BE(0));
}

function decimalParts(value: unknown): DecimalParts {
  if (value instanceof driverTypes.BigDecimal) return bigDecimalParts(value as BigDecimal);
  if (typeof value === 'number' && Number.isFinite(value)) return numberParts(value);
  throw codecErrors.invalidValue('decimal', value, 'expected a BigDecimal or a finite number');
}

/**
 * The digits JS prints for the number (its shortest round-trip form, as Java's
 * BigDecimal.valueOf(double) does), so 0.1 is 1 with scale 1. Numbers JS prints in exponent
 * form are read exactly; the driver instead pads them to 20 decimals, see README.
 */
function numberParts(value: number): DecimalParts {
  const match = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(value));
  if (match === null) throw codecErrors.invalidValue('decimal', value);
  const [, sign = '', whole = '', fraction = '', exponent = '0'] = match;
  const unscaled = BigInt(`${sign}${whole}${fraction}`);
  const scale = fraction.length - Number(exponent);
  return scale >= 0 ? { unscaled, scale } : { unscaled: unscaled * 10n ** BigInt(-scale), scale: 0 };
}
