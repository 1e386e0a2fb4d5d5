/**
 * inet values from text (InetAddress.getByName, without name lookups: an IPv4 or IPv6
 * literal, brackets allowed around IPv6, and 'localhost') and back (getHostAddress: dotted
 * IPv4, or eight lower-case hex groups without '::' compression, as Java prints IPv6).
 * Java turns an IPv4-mapped IPv6 address (::ffff:a.b.c.d) into the IPv4 address; so do we.
 */

import { isIP } from 'node:net';
import { driverTypes, type InetAddress } from '../types/driver-values.js';
import { serializeValue } from '../types/value-codec.js';
import { nativeCqlType } from '../types/cql-type.js';
import { MarshalError } from './marshal-error.js';

const inetType = nativeCqlType('inet')!;

export function parseInetText(source: string): InetAddress {
  const text = source === 'localhost' ? '127.0.0.1' : source.startsWith('[') && source.endsWith(']') ? source.slice(1, -1) : source;
  if (isIP(text) === 0 || text.includes('%')) throw new MarshalError(`Unable to make inet address from '${source}'`);
  const bytes = Buffer.from(serializeValue(inetType, text));
  return new driverTypes.InetAddress(isIpv4Mapped(bytes) ? bytes.subarray(12) : bytes);
}

/** Java's InetAddress.getHostAddress() of 4 or 16 address bytes. */
export function formatInetBytes(bytes: Uint8Array): string {
  if (bytes.length === 4) return [...bytes].join('.');
  if (isIpv4Mapped(bytes)) return [...bytes.subarray(12)].join('.');
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i]! << 8) | bytes[i + 1]!).toString(16));
  return groups.join(':');
}

function isIpv4Mapped(bytes: Uint8Array): boolean {
  if (bytes.length !== 16) return false;
  for (let i = 0; i < 10; i++) if (bytes[i] !== 0) return false;
  return bytes[10] === 0xff && bytes[11] === 0xff;
}
