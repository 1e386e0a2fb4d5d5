/**
 * The [inet] notation's content: an IP address and a port (spec section 3). Addresses travel
 * as text in Sibyl ('127.0.0.2', '::1') and as 4 or 16 bytes on the wire; the conversions reuse
 * the inet value codec (src/cql/types/inet-codec.ts), which parses strictly.
 */

import { assert } from '../../lib/assert.js';
import { serializeInet } from '../../cql/types/inet-codec.js';

export interface InetSocketAddress {
  readonly address: string;
  readonly port: number;
}

/** The 4 or 16 bytes of an address we send: an unparsable address is our bug, not the client's. */
export function inetAddressBytes(address: string): Uint8Array {
  let bytes: Uint8Array;
  try {
    bytes = serializeInet(address);
  } catch {
    assert(false, `not an IP address: ${address}`);
  }
  return bytes;
}

/**
 * The text of 4 or 16 address bytes (the caller checked the size). IPv6 in RFC 5952's form:
 * lower-case hex groups, the longest run of two or more zero groups (the first if tied) as
 * `::`. (The driver's InetAddress.toString drops groups in some addresses: 0:0:100:0:100::.)
 */
export function inetAddressText(bytes: Uint8Array): string {
  assert(bytes.length === 4 || bytes.length === 16, `an inet address has 4 or 16 bytes, not ${bytes.length}`);
  if (bytes.length === 4) return bytes.join('.');
  const groups = Array.from({ length: 8 }, (_, i) => (bytes[2 * i]! << 8) | bytes[2 * i + 1]!);
  const run = longestZeroRun(groups);
  const hexOf = (from: number, to: number): string => groups.slice(from, to).map((g) => g.toString(16)).join(':');
  if (run.length < 2) return hexOf(0, 8);
  return `${hexOf(0, run.start)}::${hexOf(run.start + run.length, 8)}`;
}

function longestZeroRun(groups: readonly number[]): { start: number; length: number } {
  let best = { start: -1, length: 0 };
  let start = -1;
  for (let i = 0; i <= groups.length; i++) {
    if (i < groups.length && groups[i] === 0) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      if (i - start > best.length) best = { start, length: i - start };
      start = -1;
    }
  }
  return best;
}
