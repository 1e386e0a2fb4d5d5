/** inet: the 4 bytes of an IPv4 or the 16 bytes of an IPv6 address. Decodes to InetAddress. */

import { isIPv4, isIPv6 } from 'node:net';
import { codecErrors } from './codec-errors.js';
import { driverTypes, type InetAddress } from './driver-values.js';

export function serializeInet(value: unknown): Buffer {
  if (value instanceof driverTypes.InetAddress) return Buffer.from((value as InetAddress).getBuffer());
  const bytes = typeof value === 'string' ? parseInet(value) : null;
  if (bytes === null) throw codecErrors.invalidValue('inet', value, 'expected an InetAddress or an IPv4/IPv6 address string');
  return bytes;
}

export function deserializeInet(bytes: Uint8Array): InetAddress {
  if (bytes.length !== 4 && bytes.length !== 16) {
    throw codecErrors.invalidBytes(`Expected 4 or 16 byte inet address (${bytes.length})`);
  }
  return new driverTypes.InetAddress(Buffer.from(bytes));
}

/** Strict parsing (node:net validates first): the driver's parser accepts 300.1.1.1 and wraps it. */
function parseInet(text: string): Buffer | null {
  if (isIPv4(text)) return Buffer.from(text.split('.').map(Number));
  if (!isIPv6(text) || text.includes('%')) return null;
  const [head = '', tail] = text.split('::');
  const headWords = ipv6Words(head);
  const tailWords = tail === undefined ? [] : ipv6Words(tail);
  const zeros = new Array<number>(8 - headWords.length - tailWords.length).fill(0);
  const bytes = Buffer.alloc(16);
  [...headWords, ...zeros, ...tailWords].forEach((word, i) => bytes.writeUInt16BE(word, i * 2));
  return bytes;
}

/** Colon-separated hex groups; a trailing dotted IPv4 part counts as two groups. */
function ipv6Words(part: string): number[] {
  if (part === '') return [];
  return part.split(':').flatMap((group) => {
    if (!group.includes('.')) return [parseInt(group, 16)];
    const [a = 0, b = 0, c = 0, d = 0] = group.split('.').map(Number);
    return [(a << 8) | b, (c << 8) | d];
  });
}
