/**
 * Writes the notations of native protocol v4 section 3 (and v5's [inetaddr]) into a growable
 * buffer (src/lib/bytes/byte-writer.ts). The server writes a whole frame into one writer, the
 * header first with its length patched at the end (frame/frame-writer.ts), so a response is
 * one allocation (two if it outgrows the initial capacity and doubles).
 *
 * What we write is ours, so an out-of-range input is a programmer error (an assertion), not a
 * protocol error: a [short] above 65,535, a [string] over 65,535 UTF-8 bytes, a 5-byte address.
 * Strings are encoded straight into the buffer (TextEncoder.encodeInto), never via a copy.
 */

import { assert } from '../../lib/assert.js';
import { ByteWriter } from '../../lib/bytes/byte-writer.js';
import { consistencyLevelCode, type ConsistencyLevel } from '../../cluster/consistency/consistency-level.js';
import { inetAddressBytes, type InetSocketAddress } from './inet-socket-address.js';
import { UNSET, type WireValue } from './wire-value.js';

const utf8 = new TextEncoder();
const SHORT_MAX = 0xffff;

export class BodyWriter {
  private readonly out: ByteWriter;

  constructor(initialCapacity = 256) {
    assert(initialCapacity > 0, 'a writer starts with some capacity (it grows by doubling)');
    this.out = new ByteWriter(initialCapacity);
  }

  get position(): number {
    return this.out.position;
  }

  /** Bytes the writer holds (what it grew to), so a reused one can be dropped when large. */
  get capacity(): number {
    return this.out.buffer().length;
  }

  /** Empties the writer for reuse (its buffer stays). */
  reset(): void {
    this.out.reset();
  }

  /** Drops what was written after `position` (a frame abandoned part way). */
  rewind(position: number): void {
    if (!(position >= 0 && position <= this.out.position)) assert(false, `rewind to ${position} of ${this.out.position}`);
    this.out.position = position;
  }

  /** A view of what was written: valid until the next write (which may grow the buffer). */
  written(): Uint8Array {
    return this.out.written();
  }

  byte(value: number): void {
    if (!(Number.isInteger(value) && value >= 0 && value <= 0xff)) assert(false, `[byte] out of range: ${value}`);
    this.out.u8(value);
  }

  short(value: number): void {
    if (!(Number.isInteger(value) && value >= 0 && value <= SHORT_MAX)) assert(false, `[short] out of range: ${value}`);
    this.out.u16(value);
  }

  int(value: number): void {
    if (!(Number.isInteger(value) && value >= -0x80000000 && value <= 0x7fffffff)) assert(false, `[int] out of range: ${value}`);
    this.out.i32(value);
  }

  long(value: bigint): void {
    if (value !== BigInt.asIntN(64, value)) assert(false, `[long] out of range: ${value}`);
    this.out.i64(value);
  }

  /** Overwrites an [int] written earlier (a count or length known only afterwards). */
  patchInt(at: number, value: number): void {
    if (!(at >= 0 && at + 4 <= this.out.position)) assert(false, `patch at ${at} outside what was written`);
    this.out.patchU32(at, value >>> 0);
  }

  string(value: string): void {
    this.utf8(value, 2);
  }

  longString(value: string): void {
    this.utf8(value, 4);
  }

  uuid(bytes: Uint8Array): void {
    if (bytes.length !== 16) assert(false, `a [uuid] has 16 bytes, not ${bytes.length}`);
    this.out.raw(bytes);
  }

  stringList(values: readonly string[]): void {
    this.short(values.length);
    for (const value of values) this.string(value);
  }

  bytes(value: Uint8Array | null): void {
    if (value === null) {
      this.out.i32(-1);
      return;
    }
    this.out.i32(value.length);
    this.out.raw(value);
  }

  value(value: WireValue): void {
    if (value === UNSET) this.out.i32(-2);
    else this.bytes(value);
  }

  shortBytes(value: Uint8Array): void {
    this.short(value.length);
    this.out.raw(value);
  }

  /** The id of an [option]; the caller writes the id-dependent rest. */
  optionId(id: number): void {
    this.short(id);
  }

  inet(value: InetSocketAddress): void {
    this.inetAddr(value.address);
    this.int(value.port);
  }

  inetAddr(address: string): void {
    const bytes = inetAddressBytes(address);
    this.out.u8(bytes.length);
    this.out.raw(bytes);
  }

  consistency(level: ConsistencyLevel): void {
    this.out.u16(consistencyLevelCode(level));
  }

  stringMap(map: ReadonlyMap<string, string>): void {
    this.short(map.size);
    for (const [key, value] of map) {
      this.string(key);
      this.string(value);
    }
  }

  stringMultimap(map: ReadonlyMap<string, readonly string[]>): void {
    this.short(map.size);
    for (const [key, values] of map) {
      this.string(key);
      this.stringList(values);
    }
  }

  bytesMap(map: ReadonlyMap<string, Uint8Array | null>): void {
    this.short(map.size);
    for (const [key, value] of map) {
      this.string(key);
      this.bytes(value);
    }
  }

  /** Raw bytes with no length (a frame header, a body encoded elsewhere). */
  raw(bytes: Uint8Array): void {
    this.out.raw(bytes);
  }

  /** UTF-8 of `value` after a [short] (2) or [int] (4) length, encoded in place. */
  private utf8(value: string, lengthBytes: 2 | 4): void {
    // Three bytes per UTF-16 unit is the worst case (a surrogate pair is four for two units).
    this.out.ensure(lengthBytes + value.length * 3);
    const start = this.out.position;
    const target = this.out.buffer().subarray(start + lengthBytes);
    const { written } = utf8.encodeInto(value, target);
    if (lengthBytes === 2) {
      if (written > SHORT_MAX) assert(false, `a [string] holds at most ${SHORT_MAX} UTF-8 bytes, not ${written}`);
      this.out.patchU16(start, written);
    } else {
      this.out.patchU32(start, written);
    }
    this.out.position = start + lengthBytes + written;
  }
}
