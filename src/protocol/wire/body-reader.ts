/**
 * A cursor over one frame body, reading the notations of native protocol v4 section 3 (and
 * v5's [inetaddr]). Every read names the field it reads, and every way a client can get a
 * body wrong is a ProtocolError naming that field: reading past the end, a negative length
 * where none is allowed, a [value] length below -2, invalid UTF-8 in a string, an address of
 * neither 4 nor 16 bytes, an unknown consistency code.
 *
 * Byte ranges ([bytes], [value], [short bytes], [uuid]) are views into the body, not copies:
 * a body belongs to one request, which keeps it alive as long as its values are needed.
 *
 * Counts are never trusted for allocation: a [string list] claiming 65,535 elements in a
 * ten-byte body fails on the first element that runs past the end, having built nothing big.
 */

import { consistencyLevelFromCode, type ConsistencyLevel } from '../../cluster/consistency/consistency-level.js';
import { ProtocolError } from '../protocol-error.js';
import { inetAddressText, type InetSocketAddress } from './inet-socket-address.js';
import { UNSET, type WireValue } from './wire-value.js';

// fatal: invalid UTF-8 throws instead of becoming U+FFFD; ignoreBOM: a leading BOM is content.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export class BodyReader {
  private readonly view: DataView;
  private position = 0;

  constructor(readonly body: Uint8Array) {
    this.view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  }

  get offset(): number {
    return this.position;
  }

  remaining(): number {
    return this.body.length - this.position;
  }

  /** Fails when bytes are left over: a message must be exactly its body (decoders call this last). */
  expectEnd(message: string): void {
    if (this.position !== this.body.length) {
      throw new ProtocolError(`${message} body has ${this.remaining()} unexpected trailing bytes after offset ${this.position}`);
    }
  }

  byte(field: string): number {
    return this.view.getUint8(this.take(1, field, '[byte]'));
  }

  /** [short]: unsigned 16 bits. */
  short(field: string): number {
    return this.view.getUint16(this.take(2, field, '[short]'));
  }

  int(field: string): number {
    return this.view.getInt32(this.take(4, field, '[int]'));
  }

  long(field: string): bigint {
    return this.view.getBigInt64(this.take(8, field, '[long]'));
  }

  string(field: string): string {
    const length = this.short(field);
    return this.utf8(length, field, '[string]');
  }

  longString(field: string): string {
    const length = this.int(field);
    if (length < 0) throw new ProtocolError(`Negative length ${length} for ${field} ([long string])`);
    return this.utf8(length, field, '[long string]');
  }

  uuid(field: string): Uint8Array {
    return this.range(16, field, '[uuid]');
  }

  stringList(field: string): string[] {
    const count = this.short(field);
    const strings: string[] = [];
    for (let i = 0; i < count; i++) strings.push(this.string(field));
    return strings;
  }

  /** [bytes]: any negative length is null. */
  bytes(field: string): Uint8Array | null {
    const length = this.int(field);
    return length < 0 ? null : this.range(length, field, '[bytes]');
  }

  /** [value]: -1 null, -2 unset, below -2 malformed. */
  value(field: string): WireValue {
    const length = this.int(field);
    if (length >= 0) return this.range(length, field, '[value]');
    if (length === -1) return null;
    if (length === -2) return UNSET;
    throw new ProtocolError(`Invalid length ${length} for ${field} ([value] lengths below -2 are not allowed)`);
  }

  shortBytes(field: string): Uint8Array {
    const length = this.short(field);
    return this.range(length, field, '[short bytes]');
  }

  /** The id of an [option]; what follows it depends on the id, so the caller reads the rest. */
  optionId(field: string): number {
    return this.short(field);
  }

  inet(field: string): InetSocketAddress {
    const address = this.inetAddr(field);
    const port = this.int(field);
    return { address, port };
  }

  /** v5's [inetaddr]: an address without a port. */
  inetAddr(field: string): string {
    const size = this.byte(field);
    if (size !== 4 && size !== 16) throw new ProtocolError(`Invalid address size ${size} for ${field} ([inet] addresses have 4 or 16 bytes)`);
    return inetAddressText(this.range(size, field, '[inet]'));
  }

  consistency(field: string): ConsistencyLevel {
    const code = this.short(field);
    const level = consistencyLevelFromCode(code);
    if (level === undefined) throw new ProtocolError(`Unknown consistency level code 0x${code.toString(16).padStart(4, '0')} for ${field}`);
    return level;
  }

  stringMap(field: string): Map<string, string> {
    const count = this.short(field);
    const map = new Map<string, string>();
    for (let i = 0; i < count; i++) {
      const key = this.string(field);
      map.set(key, this.string(field));
    }
    return map;
  }

  stringMultimap(field: string): Map<string, string[]> {
    const count = this.short(field);
    const map = new Map<string, string[]>();
    for (let i = 0; i < count; i++) {
      const key = this.string(field);
      map.set(key, this.stringList(field));
    }
    return map;
  }

  bytesMap(field: string): Map<string, Uint8Array | null> {
    const count = this.short(field);
    const map = new Map<string, Uint8Array | null>();
    for (let i = 0; i < count; i++) {
      const key = this.string(field);
      map.set(key, this.bytes(field));
    }
    return map;
  }

  /** Advances past `count` bytes and returns where they start, or fails naming the field. */
  private take(count: number, field: string, notation: string): number {
    const at = this.position;
    if (count > this.body.length - at) {
      throw new ProtocolError(
        `Not enough bytes to read ${field} (${notation}): ${count} needed at offset ${at}, the body has ${this.body.length - at} left`,
      );
    }
    this.position = at + count;
    return at;
  }

  private range(length: number, field: string, notation: string): Uint8Array {
    const at = this.take(length, field, notation);
    return this.body.subarray(at, at + length);
  }

  private utf8(length: number, field: string, notation: string): string {
    if (length === 0) return '';
    const bytes = this.range(length, field, notation);
    try {
      return utf8.decode(bytes);
    } catch {
      throw new ProtocolError(`Invalid UTF-8 in ${field} (${notation} of ${length} bytes at offset ${this.position - length})`);
    }
  }
}
