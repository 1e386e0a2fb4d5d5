/**
 * A CQL value of a column's type made from a value number and a size, the same for the same
 * inputs: text and blob values of `size` characters or bytes (slices of one seeded pool), and
 * numbers, dates, uuids and addresses spread over their type from the value number. Values are
 * the driver's types (Long, Uuid, TimeUuid, InetAddress, LocalDate...), which both backends take.
 */

import cassandra from 'cassandra-driver';
import { SeededRandom } from '../../../lib/random.js';
import { StressUsageError } from '../options/stress-usage-error.js';
import { DerivedRandom } from './derived-random.js';

const { Long, Uuid, TimeUuid, InetAddress, LocalDate, BigDecimal, Integer } = cassandra.types;

const POOL_BYTES = 1 << 20;
/** Text and blob values longer than this are refused (the pool must hold them). */
export const VALUE_SIZE_MAX = 64 * 1024;
/** Timestamps fall in the 20 years from 2010-01-01. */
const TIMESTAMP_BASE_MS = Date.UTC(2010, 0, 1);
const TIMESTAMP_SPAN_MS = 20 * 365 * 86_400_000;

export type ValueMaker = (valueNumber: number, size: number) => unknown;

export class ColumnValues {
  private readonly bytes: Buffer;
  private readonly text: string;
  private readonly draw = new DerivedRandom();

  constructor(seed: number) {
    const random = new SeededRandom(seed);
    this.bytes = Buffer.allocUnsafe(POOL_BYTES);
    for (let at = 0; at < POOL_BYTES; at += 4) this.bytes.writeUInt32LE(Math.floor(random.next() * 0x1_0000_0000), at);
    // Letters and digits only: any text type (ascii too) takes them.
    const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
    this.text = Array.from(this.bytes.subarray(0, POOL_BYTES / 4), (b) => alphabet[b % alphabet.length]).join('');
  }

  /** The maker for a CQL type as system_schema.columns names it; unsupported types are a usage error. */
  makerFor(type: string, column: string): ValueMaker {
    const draw = this.draw;
    switch (type) {
      case 'text':
      case 'varchar':
      case 'ascii':
        return (n, size) => this.textOf(n, size);
      case 'blob':
        return (n, size) => this.bytesOf(n, size);
      case 'int':
        return (n) => draw.reset(n).nextUint32() | 0;
      case 'smallint':
        return (n) => (draw.reset(n).nextUint32() & 0xffff) - 0x8000;
      case 'tinyint':
        return (n) => (draw.reset(n).nextUint32() & 0xff) - 0x80;
      case 'bigint':
      case 'counter':
        return (n) => Long.fromBits(draw.reset(n).nextUint32() | 0, draw.nextUint32() | 0);
      case 'varint':
        return (n) => Integer.fromInt(draw.reset(n).nextUint32() | 0);
      case 'float':
        return (n) => Math.fround(draw.reset(n).next() * 1e6);
      case 'double':
        return (n) => draw.reset(n).next() * 1e9;
      case 'decimal':
        return (n) => BigDecimal.fromNumber(Math.round(draw.reset(n).next() * 1e8) / 100);
      case 'boolean':
        return (n) => (draw.reset(n).nextUint32() & 1) === 1;
      case 'timestamp':
        return (n) => new Date(TIMESTAMP_BASE_MS + Math.floor(draw.reset(n).next() * TIMESTAMP_SPAN_MS));
      case 'date':
        return (n) => LocalDate.fromDate(new Date(TIMESTAMP_BASE_MS + Math.floor(draw.reset(n).next() * TIMESTAMP_SPAN_MS)));
      case 'uuid':
        return (n) => new Uuid(this.uuidBytes(n, 0x40));
      case 'timeuuid':
        return (n) => {
          const node = this.bytesOf(n, 8);
          return TimeUuid.fromDate(new Date(TIMESTAMP_BASE_MS + Math.floor(draw.reset(n).next() * TIMESTAMP_SPAN_MS)), draw.int(10_000), node.subarray(0, 6), node.subarray(6, 8));
        };
      case 'inet':
        return (n) => {
          const address = Buffer.allocUnsafe(4);
          address.writeUInt32BE(draw.reset(n).nextUint32());
          return new InetAddress(address);
        };
      default:
        throw new StressUsageError(`column ${column} is of type ${type}, which stress cannot generate (text, blob, numbers, boolean, timestamp, date, uuid, timeuuid, inet)`);
    }
  }

  private textOf(valueNumber: number, size: number): string {
    const at = this.draw.reset(valueNumber).int(this.text.length - size);
    return this.text.slice(at, at + size);
  }

  /** A view (no copy) of `size` pool bytes. */
  private bytesOf(valueNumber: number, size: number): Buffer {
    const at = this.draw.reset(valueNumber, 1).int(POOL_BYTES - size);
    return this.bytes.subarray(at, at + size);
  }

  /** 16 bytes with the version nibble and the RFC 4122 variant set. */
  private uuidBytes(valueNumber: number, version: number): Buffer {
    const bytes = Buffer.from(this.bytesOf(valueNumber, 16));
    bytes[6] = (bytes[6]! & 0x0f) | version;
    bytes[8] = (bytes[8]! & 0x3f) | 0x80;
    return bytes;
  }
}
