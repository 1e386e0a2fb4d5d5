/**
 * One entry of the partition index: where a partition's record lies in the Data component,
 * plus a row index when the partition is wide. Entries are grouped in index pages of
 * limits.sstableSummaryInterval entries; each page is a checksummed frame (Index component)
 * and the Summary holds each page's first key.
 *
 *   IndexPage   u32 entryCount | IndexEntry*
 *   IndexEntry  i64 token | u16 keyLength key | u8 kind (1 small, 2 wide)
 *               | u64 blockPosition | u32 offsetInBlock | u32 frameLength
 *               [u32 rowIndexBytes | u32 chunkCount | Chunk*]            (wide only)
 *   Chunk       u16 length first | u16 length last | u64 position | u32 frameLength
 *               | u32 rowCount
 *
 * blockPosition is the file offset of the data block holding the partition's (header) record,
 * offsetInBlock where that record's frame starts in the block frame; frameLength its framed
 * length, so a point read is one read of exactly the record. A chunk's position is the file
 * offset of its RowChunk record frame. rowIndexBytes lets a page scan skip wide entries.
 */

import type { ByteReader } from '../../lib/bytes/byte-reader.js';
import type { ByteWriter } from '../../lib/bytes/byte-writer.js';
import { compareByteRanges } from '../model/byte-order.js';
import { compareTokenWords, tokenHigh, tokenLow } from '../memtable/token-words.js';
import { readU64, writeU64 } from './sstable-format.js';

export const IndexEntryKind = { small: 1, wide: 2 } as const;

export interface RowIndexChunk {
  readonly first: Uint8Array;
  readonly last: Uint8Array;
  readonly position: number;
  readonly frameLength: number;
  readonly rowCount: number;
}

export interface IndexEntry {
  readonly token: bigint;
  readonly key: Uint8Array;
  readonly blockPosition: number;
  readonly offsetInBlock: number;
  readonly frameLength: number;
  /** The row index of a wide partition; null for a small one. */
  readonly chunks: readonly RowIndexChunk[] | null;
}

export function recordPosition(entry: IndexEntry): number {
  return entry.blockPosition + entry.offsetInBlock;
}

/**
 * The entry of a small partition, from the token's words and the key as a range of `keyBytes`:
 * the same bytes writeIndexEntry writes, without an entry object or a bigint (flush's path).
 */
export function writeSmallIndexEntry(
  writer: ByteWriter,
  tokenHigh: number,
  tokenLow: number,
  keyBytes: Uint8Array,
  keyOffset: number,
  keyLength: number,
  blockPosition: number,
  offsetInBlock: number,
  frameLength: number,
): void {
  writer.i64Words(tokenHigh, tokenLow >>> 0);
  writer.u16(keyLength);
  writer.rawRange(keyBytes, keyOffset, keyLength);
  writer.u8(IndexEntryKind.small);
  writeU64(writer, blockPosition);
  writer.u32(offsetInBlock);
  writer.u32(frameLength);
}

export function writeIndexEntry(writer: ByteWriter, entry: IndexEntry): void {
  writer.i64(entry.token);
  writer.shortBytes(entry.key);
  writer.u8(entry.chunks === null ? IndexEntryKind.small : IndexEntryKind.wide);
  writeU64(writer, entry.blockPosition);
  writer.u32(entry.offsetInBlock);
  writer.u32(entry.frameLength);
  if (entry.chunks === null) return;
  const lengthAt = writer.position;
  writer.u32(0);
  writer.u32(entry.chunks.length);
  for (const chunk of entry.chunks) {
    writer.shortBytes(chunk.first);
    writer.shortBytes(chunk.last);
    writeU64(writer, chunk.position);
    writer.u32(chunk.frameLength);
    writer.u32(chunk.rowCount);
  }
  writer.patchU32(lengthAt, writer.position - lengthAt - 4);
}

export function readIndexEntry(reader: ByteReader): IndexEntry {
  const token = reader.i64();
  const key = reader.shortBytes(true);
  return readEntryTail(reader, token, key);
}

function readEntryTail(reader: ByteReader, token: bigint, key: Uint8Array): IndexEntry {
  const kind = reader.u8();
  if (kind !== IndexEntryKind.small && kind !== IndexEntryKind.wide) throw new RangeError(`bad index entry kind ${kind}`);
  const blockPosition = readU64(reader);
  const offsetInBlock = reader.u32();
  const frameLength = reader.u32();
  if (kind === IndexEntryKind.small) return { token, key, blockPosition, offsetInBlock, frameLength, chunks: null };
  const rowIndexBytes = reader.u32();
  const end = reader.position + rowIndexBytes;
  const count = reader.u32();
  const chunks: RowIndexChunk[] = [];
  for (let i = 0; i < count; i++) {
    const first = reader.shortBytes(true);
    const last = reader.shortBytes(true);
    const position = readU64(reader);
    const chunkFrameLength = reader.u32();
    chunks.push({ first, last, position, frameLength: chunkFrameLength, rowCount: reader.u32() });
  }
  if (reader.position !== end) throw new RangeError(`row index is ${rowIndexBytes} bytes but parsed to ${end - reader.position}`);
  return { token, key, blockPosition, offsetInBlock, frameLength, chunks };
}

/**
 * Finds the entry for (token, key) in a verified page body without decoding the others: it
 * compares tokens (as two 32-bit words: a bigint per entry was an allocation) and keys in place
 * and skips the rest of each entry. Null when absent.
 */
export function lookupInPage(reader: ByteReader, token: bigint, key: Uint8Array): IndexEntry | null {
  const high = tokenHigh(token);
  const low = tokenLow(token);
  const count = reader.u32();
  for (let i = 0; i < count; i++) {
    const entryHigh = reader.i32();
    const entryLow = reader.u32();
    const keyLength = reader.u16();
    const keyAt = reader.position;
    reader.position += keyLength;
    const tokenOrder = compareTokenWords(entryHigh, entryLow, high, low);
    if (tokenOrder > 0) return null;
    if (tokenOrder === 0) {
      const order = compareByteRanges(reader.bytes, keyAt, keyLength, key, 0, key.length);
      // The entry's key is the caller's key, byte for byte: no copy of it.
      if (order === 0) return readEntryTail(reader, token, key);
      if (order > 0) return null;
    }
    const kind = reader.u8();
    reader.position += 16;
    if (kind === IndexEntryKind.wide) reader.position += reader.u32();
  }
  return null;
}

export function readIndexPage(reader: ByteReader): IndexEntry[] {
  const count = reader.u32();
  const entries: IndexEntry[] = [];
  for (let i = 0; i < count; i++) entries.push(readIndexEntry(reader));
  return entries;
}
