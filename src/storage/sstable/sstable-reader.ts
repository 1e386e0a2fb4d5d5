/**
 * Reads one SSTable synchronously (readers run on worker threads; port.read blocks cheaply).
 *
 * Point read: token range check, then the in-memory Summary names the index page that would
 * hold the key; the page (checksum verified on first use; the whole index is read once and kept
 * when it has at most INDEX_PAGE_CACHE_PAGES pages, else pages go through a bounded cache) is
 * scanned in place; its entry gives the exact position and length of the partition's record
 * frame, which is read and verified in one more read. The bloom filter is NOT consulted there:
 * callers ask mayContain first (table-store does), and a miss costs one index page read.
 *
 * Every byte handed out has passed a checksum: a record's own frame on point and slice reads,
 * the whole block's frame on scans. A mismatch is a CorruptionError naming the file and the
 * offset of the frame; other blocks and records stay readable.
 *
 * Returned partitions are views into buffers allocated for that read and never reused, so
 * they stay valid after later reads (and keep that buffer alive while they are held).
 */

import { assert } from '../../lib/assert.js';
import { ByteReader } from '../../lib/bytes/byte-reader.js';
import { CorruptionError } from '../../lib/errors.js';
import type { StoragePort } from '../../lib/storage-port.js';
import { bytesEqual, compareByteRanges } from '../model/byte-order.js';
import { tokenHigh, tokenLow } from '../memtable/token-words.js';
import type { ByteWriter } from '../../lib/bytes/byte-writer.js';
import type { ClusteringSlice } from '../model/clustering-slice.js';
import { isInSlice } from '../model/clustering-slice.js';
import { readPartition } from '../model/partition-codec.js';
import type { PartitionUpdate } from '../model/partition-update.js';
import type { Row } from '../model/row.js';
import { BoundedCache } from './bounded-cache.js';
import { EncodedPartitionSummary } from './encoded-partition-summary.js';
import { FRAME_OVERHEAD_BYTES, frameAt, frameLengthAt, verifiedFrameEnd } from './checksummed-frame.js';
import { DataRecordKind, readRecordKind, readRowChunk, readWideHeader } from './data-record.js';
import type { SSTableDescriptor } from './descriptor.js';
import { componentPath, SSTABLE_COMPONENTS } from './descriptor.js';
import type { IndexEntry, RowIndexChunk } from './index-entry.js';
import { lookupInPage, readIndexPage, recordPosition } from './index-entry.js';
import { chunkMayIntersect, tombstoneMayIntersect } from './slice-bounds.js';
import { SSTableBloomFilter } from './sstable-bloom-filter.js';
import { checkComponentHeader, COMPONENT_HEADER_BYTES, decodeMetadataComponent, SSTABLE_FORMAT_VERSION } from './sstable-format.js';
import type { SSTableStats } from './sstable-stats.js';
import { readStats } from './sstable-stats.js';
import type { SSTableSummary } from './sstable-summary.js';
import { readSummary } from './sstable-summary.js';
import { checkToc } from './sstable-toc.js';

/**
 * Verified index pages kept per reader: 8,192 pages of 16 entries cover 131k partitions, the
 * whole index of a 1M-row node split over 16 vnodes, so random point reads pay one data read
 * each instead of two. A page of small partitions is under 1 KiB: ~6 MiB per reader at most
 * for such tables (STCS keeps few large SSTables; small ones have few pages to cache).
 */
export const INDEX_PAGE_CACHE_PAGES = 8192;

/**
 * A partition met by SSTableReader.scanStored: a small one as its stored bytes (bytes[start,
 * end), partition-codec layout) with `decoded` null, or a wide one decoded.
 */
export interface ScannedPartition {
  bytes: Uint8Array;
  start: number;
  end: number;
  decoded: PartitionUpdate | null;
}

const EMPTY_BYTES = new Uint8Array(0);

/** Bytes a scan reads at once: many blocks per read. */
const SCAN_READ_BYTES = 256 * 1024;

/** A scan's last read: `bytes` hold the Data file from `position`. Never reused once replaced. */
interface ReadAhead {
  bytes: Uint8Array;
  position: number;
}

/** What readPlainInto did. */
export const PlainRead = { absent: 0, appended: 1, needsMerge: 2 } as const;
export type PlainRead = (typeof PlainRead)[keyof typeof PlainRead];

/**
 * The record buffer of readPlainInto, one per thread (readers are synchronous): its bytes are
 * copied into the caller's writer before it is reused.
 */
let recordScratch = new Uint8Array(4096);
let recordScratchView = new DataView(recordScratch.buffer);

export class SSTableReader {
  private dataFd: number | null;
  private indexFd: number | null;
  private readonly dataFile: string;
  private readonly indexFile: string;
  private readonly pageCache = new BoundedCache<number, Uint8Array>(INDEX_PAGE_CACHE_PAGES);
  /** The whole Index once loaded, if it is small enough (loadIndex). */
  private residentIndex: { bytes: Uint8Array; fileOffset: number; verified: Uint8Array; reader: ByteReader } | null = null;
  private indexLoaded = false;
  private readonly plainCheck = new EncodedPartitionSummary();

  private constructor(
    private readonly port: StoragePort,
    readonly descriptor: SSTableDescriptor,
    readonly stats: SSTableStats,
    private readonly summary: SSTableSummary,
    private readonly filter: SSTableBloomFilter,
    dataFd: number,
    indexFd: number,
  ) {
    this.dataFd = dataFd;
    this.indexFd = indexFd;
    this.dataFile = componentPath(descriptor, 'Data');
    this.indexFile = componentPath(descriptor, 'Index');
  }

  /** Opens a complete SSTable, verifying TOC, Statistics, Summary, Filter and the file sizes. */
  static open(port: StoragePort, d: SSTableDescriptor): SSTableReader {
    const tocFile = componentPath(d, 'TOC');
    checkToc(port.readFile(tocFile), tocFile);
    const statsFile = componentPath(d, 'Statistics');
    const stats = decodeMetadataComponent(port.readFile(statsFile), 'Statistics', statsFile, readStats);
    if (stats.formatVersion !== SSTABLE_FORMAT_VERSION) {
      throw new CorruptionError(statsFile, COMPONENT_HEADER_BYTES + 4, `format version ${stats.formatVersion}`);
    }
    const summaryFile = componentPath(d, 'Summary');
    const summary = decodeMetadataComponent(port.readFile(summaryFile), 'Summary', summaryFile, readSummary);
    const filterFile = componentPath(d, 'Filter');
    const filter = decodeMetadataComponent(port.readFile(filterFile), 'Filter', filterFile, SSTableBloomFilter.read);
    const dataFd = openChecked(port, componentPath(d, 'Data'), 'Data', stats.dataBytes);
    let indexFd: number;
    try {
      indexFd = openChecked(port, componentPath(d, 'Index'), 'Index', summary.indexBytes);
    } catch (error) {
      port.close(dataFd);
      throw error;
    }
    return new SSTableReader(port, d, stats, summary, filter, dataFd, indexFd);
  }

  /** False when the partition is certainly absent: outside the token range, or not in the filter. */
  mayContain(token: bigint, key: Uint8Array): boolean {
    if (token < this.stats.minToken || token > this.stats.maxToken) return false;
    return this.filter.mayContain(token, key);
  }

  readPartition(token: bigint, key: Uint8Array): PartitionUpdate | null {
    const entry = this.lookupEntry(token, key);
    if (entry === null) return null;
    if (entry.chunks === null) return this.readSmall(entry);
    const header = this.readWideHeader(entry);
    const rows: Row[] = [];
    for (const chunk of entry.chunks) this.readChunk(chunk, rows);
    return { ...header, rows };
  }

  /**
   * Appends to `out` the stored bytes of a partition (partition-codec layout, checksum
   * verified) when it is a small partition that reads back exactly as stored
   * (EncodedPartitionSummary.isPlain): a single-source full read then hands them on without
   * decoding. The record is read into a buffer kept for the purpose, so the read allocates
   * nothing of its own. `absent` when this SSTable does not hold the key; `needsMerge`, with
   * nothing appended, when it does but the partition needs the decoding path.
   */
  readPlainInto(token: bigint, key: Uint8Array, out: ByteWriter): PlainRead {
    const entry = this.lookupEntry(token, key);
    if (entry === null) return PlainRead.absent;
    if (entry.chunks !== null) return PlainRead.needsMerge;
    assert(this.dataFd !== null, 'read from a closed SSTable');
    const at = recordPosition(entry);
    const length = entry.frameLength;
    if (recordScratch.length < length) {
      recordScratch = new Uint8Array(Math.max(length, recordScratch.length * 2));
      recordScratchView = new DataView(recordScratch.buffer);
    }
    const bytes = recordScratch;
    this.readInto(this.dataFd, this.dataFile, bytes, at, length);
    const end = this.verifiedRecordEnd(bytes, at, length);
    if (length < FRAME_OVERHEAD_BYTES + 1 || bytes[4] !== DataRecordKind.partition) {
      throw new CorruptionError(this.dataFile, at, 'expected a partition record');
    }
    const start = 5;
    const summary = this.plainCheck;
    try {
      summary.summarize(bytes, start, end - start);
    } catch (error) {
      throw this.asCorruption(error, this.dataFile, at);
    }
    const sameToken = summary.tokenHigh === tokenHigh(token) && summary.tokenLow === tokenLow(token);
    if (!sameToken || compareByteRanges(bytes, summary.keyOffset, summary.keyLength, key, 0, key.length) !== 0) {
      throw new CorruptionError(this.dataFile, at, 'record key disagrees with the index');
    }
    if (!summary.isPlain()) return PlainRead.needsMerge;
    out.rawRangeFrom(bytes, recordScratchView, start, end - start);
    return PlainRead.appended;
  }

  /**
   * The rows of one partition in a slice, with its static row, partition deletion and the
   * range tombstones that may intersect the slice. Rows come back in ascending clustering order
   * (a PartitionUpdate, ready to merge); the limit keeps the rows nearest the slice's start, or
   * nearest its end when the slice is reversed. A wide partition reads only the row chunks the
   * slice needs, walking them from the slice's starting side until the limit is met.
   */
  readSlice(token: bigint, key: Uint8Array, slice: ClusteringSlice): PartitionUpdate | null {
    if (slice.limit < 0) assert(false, `slice limit ${slice.limit}`);
    const entry = this.lookupEntry(token, key);
    if (entry === null) return null;
    const whole = entry.chunks === null ? this.readSmall(entry) : this.readWideHeader(entry);
    const rangeTombstones = whole.rangeTombstones.filter((t) => tombstoneMayIntersect(t, slice));
    const selected: Row[] = [];
    const take = (rows: readonly Row[]): void => {
      if (slice.reversed) {
        for (let i = rows.length - 1; i >= 0 && selected.length < slice.limit; i--) {
          if (isInSlice(rows[i]!.clustering, slice)) selected.push(rows[i]!);
        }
      } else {
        for (let i = 0; i < rows.length && selected.length < slice.limit; i++) {
          if (isInSlice(rows[i]!.clustering, slice)) selected.push(rows[i]!);
        }
      }
    };
    if (entry.chunks === null) {
      take(whole.rows);
    } else {
      const chunks = entry.chunks;
      for (let n = 0; n < chunks.length && selected.length < slice.limit; n++) {
        const chunk = chunks[slice.reversed ? chunks.length - 1 - n : n]!;
        if (!chunkMayIntersect(chunk.first, chunk.last, slice)) continue;
        const rows: Row[] = [];
        this.readChunk(chunk, rows);
        take(rows);
      }
    }
    if (slice.reversed) selected.reverse();
    return { ...whole, rangeTombstones, rows: selected };
  }

  /**
   * Partitions with tokens in (startToken, endToken], ascending, as Cassandra ranges; an
   * undefined bound is unbounded. A wrapping range (start >= end) must be split by the caller
   * (Cassandra's Range.unwrap). Reads whole blocks in file order, each checksum verified.
   */
  *scan(startToken?: bigint, endToken?: bigint): IterableIterator<PartitionUpdate> {
    for (const scanned of this.scanRecords(startToken, endToken, false)) yield scanned.decoded!;
  }

  /**
   * The whole SSTable as scan() reads it, but a small partition comes as its stored bytes
   * (bytes[start, end), partition-codec layout, inside a verified block) instead of decoded:
   * a compaction copies those as they are when nothing in them can change. Wide partitions
   * come decoded. The yielded object is reused: read it before the next step (the bytes stay
   * valid as long as they are held).
   */
  scanStored(): IterableIterator<ScannedPartition> {
    return this.scanRecords(undefined, undefined, true);
  }

  private *scanRecords(startToken: bigint | undefined, endToken: bigint | undefined, keepStored: boolean): IterableIterator<ScannedPartition> {
    assert(
      startToken === undefined || endToken === undefined || startToken < endToken,
      `wrapping range (${startToken}, ${endToken}] must be unwrapped by the caller`,
    );
    if (this.stats.partitionCount === 0) return;
    const scanned: ScannedPartition = { bytes: EMPTY_BYTES, start: 0, end: 0, decoded: null };
    let position = COMPONENT_HEADER_BYTES;
    let offsetInBlock = 4;
    if (startToken !== undefined) {
      const first = this.firstEntryAfter(startToken);
      if (first === null) return;
      position = first.blockPosition;
      offsetInBlock = first.offsetInBlock;
    }
    let wide: { header: PartitionUpdate; chunksLeft: number; rows: Row[] } | null = null;
    const readAhead: ReadAhead = { bytes: EMPTY_BYTES, position: 0 };
    while (position < this.stats.dataBytes) {
      const block = this.readBlock(position, readAhead);
      let at = block.start + offsetInBlock;
      while (at < block.end) {
        const recordLength = frameLengthAt(block.bytes, at);
        const recordAt = position + at - block.start;
        const bodyStart = at + 4;
        const bodyEnd = at + recordLength - 4;
        at += recordLength;
        if (at > block.end) throw new CorruptionError(this.dataFile, recordAt, 'record overruns its block');
        if (keepStored && wide === null && recordLength > FRAME_OVERHEAD_BYTES && block.bytes[bodyStart] === DataRecordKind.partition) {
          // Compactions scan whole SSTables: no end token to check.
          scanned.bytes = block.bytes;
          scanned.start = bodyStart + 1;
          scanned.end = bodyEnd;
          scanned.decoded = null;
          yield scanned;
          continue;
        }
        const record = this.decodeScanned(new ByteReader(block.bytes, bodyStart, bodyEnd), recordAt, wide);
        if (record.kind === 'partition') {
          if (endToken !== undefined && record.partition.token > endToken) return;
          wide = null;
          scanned.decoded = record.partition;
          yield scanned;
        } else if (record.kind === 'wideStart') {
          if (endToken !== undefined && record.header.token > endToken) return;
          wide = { header: record.header, chunksLeft: record.chunkCount, rows: [] };
        } else {
          assert(wide !== null, 'chunk decoded outside a wide partition');
          wide.chunksLeft--;
          if (wide.chunksLeft === 0) {
            scanned.decoded = { ...wide.header, rows: wide.rows };
            wide = null;
            yield scanned;
          }
        }
      }
      position += block.frameLength;
      offsetInBlock = 4;
    }
    if (wide !== null) throw new CorruptionError(this.dataFile, position, 'data ends inside a wide partition');
  }

  private decodeScanned(
    reader: ByteReader,
    recordAt: number,
    wide: { rows: Row[] } | null,
  ):
    | { kind: 'partition'; partition: PartitionUpdate }
    | { kind: 'wideStart'; header: PartitionUpdate; chunkCount: number }
    | { kind: 'chunk' } {
    try {
      const kind = readRecordKind(reader);
      if (kind === DataRecordKind.rowChunk) {
        if (wide === null) throw new RangeError('row chunk outside a wide partition');
        readRowChunk(reader, false, wide.rows);
        checkConsumed(reader);
        return { kind: 'chunk' };
      }
      if (wide !== null) throw new RangeError('wide partition cut short by another partition');
      if (kind === DataRecordKind.partition) {
        const partition = readPartition(reader, false);
        checkConsumed(reader);
        return { kind: 'partition', partition };
      }
      const { chunkCount, header } = readWideHeader(reader, false);
      checkConsumed(reader);
      return { kind: 'wideStart', header, chunkCount };
    } catch (error) {
      throw this.asCorruption(error, this.dataFile, recordAt);
    }
  }

  /** Every component's path, for snapshots (hard links) and deletion. */
  componentPaths(): string[] {
    return SSTABLE_COMPONENTS.map((c) => componentPath(this.descriptor, c));
  }

  sizeOnDisk(): number {
    let total = 0;
    for (const path of this.componentPaths()) total += this.port.fileSize(path);
    return total;
  }

  close(): void {
    const fds = [this.dataFd, this.indexFd];
    this.dataFd = null;
    this.indexFd = null;
    this.pageCache.clear();
    this.residentIndex = null;
    for (const fd of fds) if (fd !== null) this.port.close(fd);
  }

  // ---- index -------------------------------------------------------------------------------

  private lookupEntry(token: bigint, key: Uint8Array): IndexEntry | null {
    if (token < this.stats.minToken || token > this.stats.maxToken) return null;
    if (!this.indexLoaded) this.loadIndex();
    const page = this.summary.lookupPage(token, key);
    if (page < 0) return null;
    const reader = this.indexPage(page);
    try {
      return lookupInPage(reader, token, key);
    } catch (error) {
      throw this.asCorruption(error, this.indexFile, this.summary.pageOffset(page));
    }
  }

  private firstEntryAfter(token: bigint): IndexEntry | null {
    for (let page = this.summary.lookupPageAfterToken(token); page < this.summary.pageCount(); page++) {
      const reader = this.indexPage(page);
      let entries: IndexEntry[];
      try {
        entries = readIndexPage(reader);
      } catch (error) {
        throw this.asCorruption(error, this.indexFile, this.summary.pageOffset(page));
      }
      for (const entry of entries) if (entry.token > token) return entry;
    }
    return null;
  }

  /**
   * Reads an index of at most INDEX_PAGE_CACHE_PAGES pages whole, in one read, and keeps it:
   * random reads then pay one data read each from the start, instead of one more read per page
   * until a cache fills (thousands of reads of ~1 KiB). Pages are verified on first use, so
   * loading does not pay for the whole index's checksums. A larger index stays on demand,
   * through the bounded page cache. Done on the first point read, or earlier by a caller that
   * expects reads (a compaction's output; LevelDB and RocksDB load a table's index block when
   * they open it), so the reads do not pay for faulting in its memory (~13 us per 4 KiB page
   * on this project's VM). SSTables never read (flushed ones, soon compacted) never pay it.
   */
  loadIndex(): void {
    if (this.indexLoaded) return;
    this.indexLoaded = true;
    const pages = this.summary.pageCount();
    if (pages === 0 || pages > INDEX_PAGE_CACHE_PAGES) return;
    assert(this.indexFd !== null, 'read from a closed SSTable');
    const start = this.summary.pageOffset(0);
    const end = this.summary.pageOffset(pages - 1) + this.summary.pageFrameLength(pages - 1);
    const bytes = this.readExactly(this.indexFd, this.indexFile, start, end - start);
    this.residentIndex = { bytes, fileOffset: start, verified: new Uint8Array(pages), reader: new ByteReader(bytes) };
  }

  /** A reader over the body of a verified index page. */
  private indexPage(page: number): ByteReader {
    const offset = this.summary.pageOffset(page);
    const length = this.summary.pageFrameLength(page);
    const resident = this.residentIndex;
    if (resident !== null) {
      const at = offset - resident.fileOffset;
      // A damaged page throws here, each time it is needed: only reads that need it fail.
      if (resident.verified[page] !== 1) verifyIndexPage(resident.bytes, at, length, this.indexFile, resident.fileOffset);
      resident.verified[page] = 1;
      // One reader re-aimed per lookup; callers are done with a page before asking for the next.
      return resident.reader.range(at + 4, at + length - 4);
    }
    let bytes = this.pageCache.get(page);
    if (bytes === undefined) {
      assert(this.indexFd !== null, 'read from a closed SSTable');
      bytes = this.readExactly(this.indexFd, this.indexFile, offset, length);
      verifyIndexPage(bytes, 0, length, this.indexFile, offset);
      this.pageCache.set(page, bytes);
    }
    return new ByteReader(bytes, 4, bytes.length - 4);
  }

  // ---- data --------------------------------------------------------------------------------

  private readSmall(entry: IndexEntry): PartitionUpdate {
    const at = recordPosition(entry);
    const reader = this.readRecord(at, entry.frameLength);
    try {
      if (readRecordKind(reader) !== DataRecordKind.partition) throw new RangeError('expected a partition record');
      const partition = readPartition(reader, false);
      checkConsumed(reader);
      checkKey(partition, entry);
      return partition;
    } catch (error) {
      throw this.asCorruption(error, this.dataFile, at);
    }
  }

  private readWideHeader(entry: IndexEntry): PartitionUpdate {
    assert(entry.chunks !== null, 'wide read of a small partition');
    const at = recordPosition(entry);
    const reader = this.readRecord(at, entry.frameLength);
    try {
      if (readRecordKind(reader) !== DataRecordKind.wideHeader) throw new RangeError('expected a wide partition header');
      const { chunkCount, header } = readWideHeader(reader, false);
      checkConsumed(reader);
      checkKey(header, entry);
      if (chunkCount !== entry.chunks.length) throw new RangeError(`header has ${chunkCount} chunks, index ${entry.chunks.length}`);
      return header;
    } catch (error) {
      throw this.asCorruption(error, this.dataFile, at);
    }
  }

  private readChunk(chunk: RowIndexChunk, into: Row[]): void {
    const reader = this.readRecord(chunk.position, chunk.frameLength);
    try {
      if (readRecordKind(reader) !== DataRecordKind.rowChunk) throw new RangeError('expected a row chunk');
      const from = into.length;
      const count = readRowChunk(reader, false, into);
      checkConsumed(reader);
      const ok =
        count === chunk.rowCount &&
        count > 0 &&
        bytesEqual(into[from]!.clustering, chunk.first) &&
        bytesEqual(into[into.length - 1]!.clustering, chunk.last);
      if (!ok) throw new RangeError('row chunk disagrees with the row index');
    } catch (error) {
      throw this.asCorruption(error, this.dataFile, chunk.position);
    }
  }

  /** One record frame, read alone and verified; a reader over its body. */
  private readRecord(position: number, frameLength: number): ByteReader {
    assert(this.dataFd !== null, 'read from a closed SSTable');
    const bytes = this.readExactly(this.dataFd, this.dataFile, position, frameLength);
    return new ByteReader(bytes, 4, this.verifiedRecordEnd(bytes, position, frameLength));
  }

  /** Verifies a record frame read alone into bytes[0, frameLength) from `position`; its body's end. */
  private verifiedRecordEnd(bytes: Uint8Array, position: number, frameLength: number): number {
    const end = verifiedFrameEnd(bytes, 0, frameLength, this.dataFile, position);
    if (end + 4 !== frameLength) throw new CorruptionError(this.dataFile, position, 'record length disagrees with the index');
    return end;
  }

  /**
   * The data block at `position`, verified, from the scan's read-ahead: blocks are read
   * SCAN_READ_BYTES at a time (a block per read, of twice a block's size to be sure of holding
   * it, read every byte twice), and a block that runs past the read-ahead starts the next one.
   * Answers where the block's frame starts and its body ends in `bytes`.
   */
  private readBlock(position: number, ahead: ReadAhead): { bytes: Uint8Array; start: number; end: number; frameLength: number } {
    assert(this.dataFd !== null, 'read from a closed SSTable');
    const available = this.stats.dataBytes - position;
    let at = position - ahead.position;
    const held = (length: number): boolean => at >= 0 && at + length <= ahead.bytes.length;
    if (!held(FRAME_OVERHEAD_BYTES) || !held(frameLengthAt(ahead.bytes, at))) {
      ahead.bytes = this.readExactly(this.dataFd, this.dataFile, position, Math.min(available, SCAN_READ_BYTES));
      ahead.position = position;
      at = 0;
      if (ahead.bytes.length < FRAME_OVERHEAD_BYTES) throw new CorruptionError(this.dataFile, position, 'truncated block');
      // A block longer than the read-ahead gets a read of its own (one past the file fails below).
      const wanted = frameLengthAt(ahead.bytes, 0);
      if (wanted > ahead.bytes.length && wanted <= available) ahead.bytes = this.readExactly(this.dataFd, this.dataFile, position, wanted);
    }
    const frameLength = frameLengthAt(ahead.bytes, at);
    if (frameLength > available) throw new CorruptionError(this.dataFile, position, `block length ${frameLength} overruns the file`);
    const end = verifiedFrameEnd(ahead.bytes, at, at + frameLength, this.dataFile, ahead.position);
    return { bytes: ahead.bytes, start: at, end, frameLength };
  }

  private readExactly(fd: number, file: string, position: number, length: number): Uint8Array {
    // Not zero-filled (the read overwrites it) and never reused: results may keep views into it.
    const buffer = Buffer.allocUnsafe(length);
    const bytes = new Uint8Array(buffer.buffer, buffer.byteOffset, length);
    this.readInto(fd, file, bytes, position, length);
    return bytes;
  }

  /** Fills bytes[0, length) from `position`; a short read is a truncated file. */
  private readInto(fd: number, file: string, bytes: Uint8Array, position: number, length: number): void {
    const read = this.port.read(fd, bytes, 0, length, position);
    if (read !== length) throw new CorruptionError(file, position, `read ${read} of ${length} bytes: file truncated`);
  }

  private asCorruption(error: unknown, file: string, offset: number): unknown {
    if (error instanceof RangeError) return new CorruptionError(file, offset, error.message);
    return error;
  }
}

/**
 * Checks the index page frame of `length` bytes at `bytes[at]` (whose byte 0 lies at
 * `fileOffset` in the Index) against its checksum and the summary's length.
 */
function verifyIndexPage(bytes: Uint8Array, at: number, length: number, file: string, fileOffset: number): void {
  const body = frameAt(bytes, at, file, fileOffset);
  if (body.end + 4 !== at + length) throw new CorruptionError(file, fileOffset + at, 'index page length disagrees with the summary');
}

function openChecked(port: StoragePort, file: string, component: 'Data' | 'Index', expectedBytes: number): number {
  const fd = port.open(file, 'read');
  try {
    const size = port.size(fd);
    if (size !== expectedBytes) throw new CorruptionError(file, Math.min(size, expectedBytes), `size ${size}, expected ${expectedBytes}`);
    const header = new Uint8Array(COMPONENT_HEADER_BYTES);
    port.read(fd, header, 0, COMPONENT_HEADER_BYTES, 0);
    checkComponentHeader(header, component, file);
    return fd;
  } catch (error) {
    port.close(fd);
    throw error;
  }
}

function checkConsumed(reader: ByteReader): void {
  if (reader.remaining() !== 0) throw new RangeError(`${reader.remaining()} unread bytes at the end of a record`);
}

function checkKey(partition: PartitionUpdate, entry: IndexEntry): void {
  if (partition.token !== entry.token || !bytesEqual(partition.key, entry.key)) {
    throw new RangeError('record holds another partition than its index entry');
  }
}
