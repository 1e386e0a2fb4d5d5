/**
 * YCSB's 64-bit FNV hash of a long (Utils.fnvhash64: FNV-1a over its 8 bytes, low first, sign
 * dropped), which scrambles key numbers into key names and zipfian ranks into items.
 */

const FNV_OFFSET_BASIS_64 = 0xcbf29ce484222325n;
const FNV_PRIME_64 = 1099511628211n;

export function fnvHash64(value: number): bigint {
  let rest = BigInt(value);
  let hash = BigInt.asIntN(64, FNV_OFFSET_BASIS_64);
  for (let i = 0; i < 8; i++) {
    const octet = rest & 0xffn;
    rest >>= 8n;
    hash = BigInt.asIntN(64, (hash ^ octet) * FNV_PRIME_64);
  }
  return hash < 0n ? -hash : hash;
}
