/**
 * Unsigned lexicographic byte comparison. Partition keys (on token ties) and clustering keys
 * are ordered by their bytes: the CQL layer encodes clustering values byte-comparably (ADR 0003),
 * so storage never needs a column type to sort. A plain loop is 6-7x faster than Buffer.compare
 * on subarray views (PERF-NOTES.md).
 */

export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const length = a.length < b.length ? a.length : b.length;
  for (let i = 0; i < length; i++) {
    const difference = a[i]! - b[i]!;
    if (difference !== 0) return difference;
  }
  return a.length - b.length;
}

/** compareBytes of a[aOffset, aOffset + aLength) and b[bOffset, bOffset + bLength), without views. */
export function compareByteRanges(
  a: Uint8Array,
  aOffset: number,
  aLength: number,
  b: Uint8Array,
  bOffset: number,
  bLength: number,
): number {
  const length = aLength < bLength ? aLength : bLength;
  for (let i = 0; i < length; i++) {
    const difference = a[aOffset + i]! - b[bOffset + i]!;
    if (difference !== 0) return difference;
  }
  return aLength - bLength;
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function startsWith(bytes: Uint8Array, prefix: Uint8Array): boolean {
  if (bytes.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[i] !== prefix[i]) return false;
  return true;
}
