/**
 * The Summary component: the first key of every index page (one page per
 * limits.sstableSummaryInterval partitions), kept in memory so a point read costs one index
 * page read and one data record read. Metadata component payload (sstable-format.ts):
 *
 *   u64 indexBytes | u32 pageCount | Page*
 *   Page  i64 firstToken | u16 length firstKey | u64 pageOffset | u32 pageFrameLength
 *
 * indexBytes is the Index component's size, checked at open, so a truncated index is caught
 * before a read wanders past its end.
 */

import { assert } from '../../lib/assert.js';
import type { ByteReader } from '../../lib/bytes/byte-reader.js';
import type { ByteWriter } from '../../lib/bytes/byte-writer.js';
import { compareBytes } from '../model/byte-order.js';
import { readU64, writeU64 } from './sstable-format.js';

export class SSTableSummary {
  private readonly tokens: BigInt64Array;

  constructor(
    readonly indexBytes: number,
    tokens: readonly bigint[],
    private readonly keys: readonly Uint8Array[],
    private readonly offsets: readonly number[],
    private readonly frameLengths: readonly number[],
  ) {
    assert(tokens.length === keys.length && keys.length === offsets.length && offsets.length === frameLengths.length);
    this.tokens = BigInt64Array.from(tokens);
  }

  pageCount(): number {
    return this.tokens.length;
  }

  pageOffset(page: number): number {
    return this.offsets[page]!;
  }

  pageFrameLength(page: number): number {
    return this.frameLengths[page]!;
  }

  /** The page that would hold (token, key): the last whose first key is <= it, or -1. */
  lookupPage(token: bigint, key: Uint8Array): number {
    let low = 0;
    let high = this.tokens.length - 1;
    let found = -1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const pageToken = this.tokens[middle]!;
      const order = pageToken !== token ? (pageToken < token ? -1 : 1) : compareBytes(this.keys[middle]!, key);
      if (order <= 0) {
        found = middle;
        low = middle + 1;
      } else {
        high = middle - 1;
      }
    }
    return found;
  }

  /** The first page that may hold a token > `token`: the last page starting at or below it. */
  lookupPageAfterToken(token: bigint): number {
    let low = 0;
    let high = this.tokens.length - 1;
    let found = 0;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      if (this.tokens[middle]! <= token) {
        found = middle;
        low = middle + 1;
      } else {
        high = middle - 1;
      }
    }
    return found;
  }
}

export interface SummaryPage {
  readonly firstToken: bigint;
  readonly firstKey: Uint8Array;
  readonly offset: number;
  readonly frameLength: number;
}

export function writeSummary(writer: ByteWriter, indexBytes: number, pages: readonly SummaryPage[]): void {
  writeU64(writer, indexBytes);
  writer.u32(pages.length);
  for (const page of pages) {
    writer.i64(page.firstToken);
    writer.shortBytes(page.firstKey);
    writeU64(writer, page.offset);
    writer.u32(page.frameLength);
  }
}

export function readSummary(reader: ByteReader): SSTableSummary {
  const indexBytes = readU64(reader);
  const count = reader.u32();
  const tokens: bigint[] = [];
  const keys: Uint8Array[] = [];
  const offsets: number[] = [];
  const frameLengths: number[] = [];
  for (let i = 0; i < count; i++) {
    tokens.push(reader.i64());
    keys.push(reader.shortBytes(true));
    offsets.push(readU64(reader));
    frameLengths.push(reader.u32());
  }
  return new SSTableSummary(indexBytes, tokens, keys, offsets, frameLengths);
}
