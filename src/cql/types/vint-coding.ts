/**
 * Cassandra's variable-length integers (VIntCoding.java), used by duration. An unsigned vint
 * puts the count of extra bytes in the leading 1-bits of the first byte:
 *
 *   0xxxxxxx                      7 bits
 *   10xxxxxx xxxxxxxx             14 bits
 *   110xxxxx + 2 bytes            21 bits ... 11111111 + 8 bytes   64 bits
 *
 * A signed vint is zigzag-encoded first (0, -1, 1, -2 ... -> 0, 1, 2, 3 ...), so small
 * magnitudes of either sign stay short.
 */

export function zigzag(value: bigint): bigint {
  return BigInt.asUintN(64, (value << 1n) ^ (value >> 63n));
}

export function unzigzag(value: bigint): bigint {
  return BigInt.asIntN(64, (value >> 1n) ^ -(value & 1n));
}

/** `value` must be an unsigned 64-bit integer. */
export function writeUnsignedVint(value: bigint, out: number[]): void {
  let extra = 0;
  while (extra < 8 && value >= 1n << BigInt(7 * (extra + 1))) extra++;
  const firstBits = extra === 8 ? 0n : value >> BigInt(8 * extra);
  out.push(((0xff00 >> extra) & 0xff) | Number(firstBits));
  for (let i = extra - 1; i >= 0; i--) out.push(Number((value >> BigInt(8 * i)) & 0xffn));
}

/** The unsigned vint at `offset` and the offset after it, or null if the bytes end first. */
export function readUnsignedVint(bytes: Uint8Array, offset: number): { readonly value: bigint; readonly next: number } | null {
  const first = bytes[offset];
  if (first === undefined) return null;
  const extra = Math.clz32(~first & 0xff) - 24;
  if (offset + 1 + extra > bytes.length) return null;
  let value = BigInt(first & (0xff >> extra));
  for (let i = 1; i <= extra; i++) value = (value << 8n) | BigInt(bytes[offset + i]!);
  return { value, next: offset + 1 + extra };
}
