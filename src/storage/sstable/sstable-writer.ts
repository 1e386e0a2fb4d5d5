/**
 * Writes one SSTable from partitions given in token order (a memtable flush or a compaction).
 *
 *   append(p) --> Data: records packed into checksummed blocks of ~limits.sstableBlockBytes,
 *                 built in place in the output buffer (a flush encodes each partition there
 *                 straight from the memtable: no scratch copy, no allocation per partition)
 *             --> Index: one entry per partition, pages of limits.sstableSummaryInterval
 *             --> Filter (bloom) and Statistics, in memory until finish
 *   finish()  --> flush the last block and page; fsync Data and Index; write Summary, Filter,
 *                 Statistics (fsynced); fsync the folder; then the TOC, atomically, LAST.
 *
 * Until the TOC exists the SSTable does not exist: a crash at any earlier point leaves files
 * that listSSTables deletes. If append or finish throws (disk full), call abort(), which
 * removes every component written so far. Formats: docs/formats/sstable.md.
 */

import { assert } from '../../lib/assert.js';
import { ByteWriter } from '../../lib/bytes/byte-writer.js';
import type { StoragePort } from '../../lib/storage-port.js';
import { limits } from '../../config/limits.js';
import { compareByteRanges, compareBytes } from '../model/byte-order.js';
import { compareTokenWords, tokenFromHighLow, tokenHigh, tokenLow } from '../memtable/token-words.js';
import type { EncodedPartitionSource } from '../model/encoded-partition-source.js';
import type { PartitionUpdate } from '../model/partition-update.js';
import { decodePartition, writeRow } from '../model/partition-codec.js';
import { beginFrame, endFrame, FRAME_OVERHEAD_BYTES } from './checksummed-frame.js';
import { DataRecordKind, writePartitionRecord, writeRowChunkRecord, writeWideHeaderRecord } from './data-record.js';
import { EncodedPartitionSummary } from './encoded-partition-summary.js';
import type { SSTableDescriptor } from './descriptor.js';
import { componentPath, SSTABLE_COMPONENTS } from './descriptor.js';
import type { IndexEntry, RowIndexChunk } from './index-entry.js';
import { writeIndexEntry, writeSmallIndexEntry } from './index-entry.js';
import { BloomHashFunction, SSTableBloomFilter } from './sstable-bloom-filter.js';
import { COMPONENT_HEADER_BYTES, encodeMetadataComponent, writeComponentHeader } from './sstable-format.js';
import type { SSTableStats } from './sstable-stats.js';
import { writeStats } from './sstable-stats.js';
import type { SummaryPage } from './sstable-summary.js';
import { writeSummary } from './sstable-summary.js';
import { encodeToc } from './sstable-toc.js';
import { StatsCollector } from './stats-collector.js';

export interface SSTableWriterOptions {
  readonly bloomFilterFpChance: number;
  readonly expectedPartitions: number;
  readonly level: number;
  readonly createdAtMs: number;
}

type WriterState = 'open' | 'finished' | 'aborted';

interface Placement {
  readonly blockPosition: number;
  readonly offsetInBlock: number;
}

export class SSTableWriter {
  private state: WriterState = 'open';
  private dataFd: number | null;
  private indexFd: number | null;
  /**
   * Data bytes not yet written to the file: finished blocks, then the open block (a frame
   * begun at blockStart, holding whole record frames), which records are encoded into in place.
   */
  private readonly dataOut = new ByteWriter(OUTPUT_BUFFER_BYTES + limits.sstableBlockBytes * 2);
  /** The Data file offset of dataOut's first byte. */
  private dataOutFileOffset = COMPONENT_HEADER_BYTES;
  /** Where the open block's frame starts in dataOut; NO_BLOCK when none is open. */
  private blockStart = NO_BLOCK;
  /** Scratch for one record frame of the decoded path, or one moved to the next block. */
  private readonly record = new ByteWriter(limits.sstableBlockBytes * 2);
  private readonly page = new ByteWriter(4096);
  private readonly indexOut = new ByteWriter(OUTPUT_BUFFER_BYTES + 64 * 1024);
  private pageEntries = 0;
  private pageFirst: { token: bigint; key: Uint8Array } | null = null;
  private indexPosition = COMPONENT_HEADER_BYTES;
  private readonly summaryPages: SummaryPage[] = [];
  private readonly stats = new StatsCollector();
  private readonly filter: SSTableBloomFilter;
  /** The last partition appended, for the order check: token words and a copy of its key. */
  private hasLast = false;
  private lastHigh = 0;
  private lastLow = 0;
  private lastKey = new Uint8Array(64);
  private lastKeyLength = 0;
  private readonly summary = new EncodedPartitionSummary();

  private constructor(
    private readonly port: StoragePort,
    readonly descriptor: SSTableDescriptor,
    private readonly options: SSTableWriterOptions,
    dataFd: number,
    indexFd: number,
  ) {
    this.dataFd = dataFd;
    this.indexFd = indexFd;
    this.filter = SSTableBloomFilter.create(
      Math.max(1, options.expectedPartitions),
      options.bloomFilterFpChance,
      BloomHashFunction.token,
    );
  }

  static create(port: StoragePort, d: SSTableDescriptor, options: SSTableWriterOptions): SSTableWriter {
    assert(options.bloomFilterFpChance > 0 && options.bloomFilterFpChance < 1, 'fp chance must be in (0, 1)');
    assert(Number.isSafeInteger(options.expectedPartitions) && options.expectedPartitions >= 0, 'bad expectedPartitions');
    assert(Number.isSafeInteger(options.level) && options.level >= 0, 'bad level');
    assert(Number.isSafeInteger(options.createdAtMs) && options.createdAtMs >= 0, 'bad createdAtMs');
    assert(!port.exists(componentPath(d, 'TOC')), `SSTable generation ${d.generation} already exists`);
    const header = new ByteWriter(COMPONENT_HEADER_BYTES);
    const dataFd = port.open(componentPath(d, 'Data'), 'write-new');
    let indexFd: number;
    try {
      writeComponentHeader(header, 'Data');
      port.write(dataFd, header.written(), 0, COMPONENT_HEADER_BYTES, 0);
      indexFd = port.open(componentPath(d, 'Index'), 'write-new');
    } catch (error) {
      port.close(dataFd);
      port.unlink(componentPath(d, 'Data'));
      throw error;
    }
    const writer = new SSTableWriter(port, d, options, dataFd, indexFd);
    try {
      header.reset();
      writeComponentHeader(header, 'Index');
      port.write(indexFd, header.written(), 0, COMPONENT_HEADER_BYTES, 0);
    } catch (error) {
      writer.abort();
      throw error;
    }
    return writer;
  }

  append(partition: PartitionUpdate): void {
    if (this.state !== 'open') assert(false, `append to a ${this.state} SSTable writer`);
    const high = tokenHigh(partition.token);
    const low = tokenLow(partition.token);
    this.checkOrderAndRemember(high, low, partition.key, 0, partition.key.length);
    assertRowsAscending(partition);
    this.stats.add(partition);
    this.filter.add(partition.token, partition.key);

    this.record.reset();
    const start = beginFrame(this.record);
    writePartitionRecord(this.record, partition);
    endFrame(this.record, start);
    if (this.record.position - FRAME_OVERHEAD_BYTES <= limits.sstableRowIndexBytes || partition.rows.length < 2) {
      const placement = this.place(this.record.written());
      this.addIndexEntry({ token: partition.token, key: partition.key, ...placement, frameLength: this.record.position, chunks: null });
    } else {
      this.appendWide(partition);
    }
  }

  /**
   * Appends one partition given in the partition-codec layout (as a memtable holds it), without
   * decoding it: the record body is those bytes. A partition large enough to need a row index
   * takes the decoding path. `bytes` may be reused by the caller after the call.
   */
  appendEncoded(bytes: Uint8Array): void {
    this.appendEncodedRange(bytes, 0, bytes.length);
  }

  /** appendEncoded of bytes[start, end), without a view of them. */
  appendEncodedRange(bytes: Uint8Array, start: number, end: number): void {
    const recordStart = this.beginEncodedRecord();
    this.dataOut.rawRange(bytes, start, end - start);
    this.endEncodedRecord(recordStart, null, EMPTY_BYTES);
  }

  /**
   * appendEncodedRange of a partition the caller has walked already (`summary` was summarized
   * over exactly bytes[start, end)): a compaction checks each stored partition before it copies
   * it, and the walk is not repeated. `bytes` must stay as they are during the call.
   */
  appendSummarized(bytes: Uint8Array, start: number, end: number, summary: EncodedPartitionSummary): void {
    const recordStart = this.beginEncodedRecord();
    this.dataOut.rawRange(bytes, start, end - start);
    this.endEncodedRecord(recordStart, summary, bytes);
  }

  /**
   * Appends the next partition of `source`, which encodes it (partition-codec layout) straight
   * into the open data block; false, with nothing appended, once the source is exhausted.
   */
  appendNextEncoded(source: EncodedPartitionSource): boolean {
    const recordStart = this.beginEncodedRecord();
    if (!source.next(this.dataOut)) {
      this.dropRecord(recordStart);
      return false;
    }
    this.endEncodedRecord(recordStart, null, EMPTY_BYTES);
    return true;
  }

  /** Opens a block if none is, begins a partition record frame in it; returns the frame's start. */
  private beginEncodedRecord(): number {
    if (this.state !== 'open') assert(false, `append to a ${this.state} SSTable writer`);
    if (this.blockStart === NO_BLOCK) this.blockStart = beginFrame(this.dataOut);
    const recordStart = beginFrame(this.dataOut);
    this.dataOut.u8(DataRecordKind.partition);
    return recordStart;
  }

  /** Takes back a record begun at `recordStart`, and its block if the record was the block's first. */
  private dropRecord(recordStart: number): void {
    this.dataOut.position = recordStart;
    if (recordStart === this.blockStart + 4) {
      this.dataOut.position = this.blockStart;
      this.blockStart = NO_BLOCK;
    }
  }

  /**
   * Checks and indexes the partition just encoded after the record header at `recordStart`
   * (walking it, unless the caller gave its walk), ends its frame, and moves it to a new block if
   * it overflowed the open one (the same layout as placing it after ending the block first).
   */
  private endEncodedRecord(recordStart: number, given: EncodedPartitionSummary | null, givenBytes: Uint8Array): void {
    const out = this.dataOut;
    const bodyStart = recordStart + 5;
    const bodyLength = out.position - bodyStart;
    // The walk's offsets point into `bytes`: the output buffer, or the caller's when it walked.
    let bytes = givenBytes;
    let summary = given;
    if (summary === null) {
      bytes = out.buffer();
      summary = this.summary;
      summary.summarize(bytes, bodyStart, bodyLength);
    }
    if (bodyLength + 1 > limits.sstableRowIndexBytes && summary.rowCount >= 2) {
      const wide = out.buffer().slice(bodyStart, out.position);
      this.dropRecord(recordStart);
      this.append(decodePartition(wide, true));
      return;
    }
    if (!summary.rowsAscending) assert(false, 'rows out of clustering order');
    const high = summary.tokenHigh;
    const low = summary.tokenLow;
    this.checkOrderAndRemember(high, low, bytes, summary.keyOffset, summary.keyLength);
    this.stats.addSummary(summary, bytes);
    this.filter.addWords(high, low, bytes, summary.keyOffset, summary.keyLength);
    endFrame(out, recordStart);
    const frameLength = out.position - recordStart;
    let at = recordStart;
    if (at > this.blockStart + 4 && out.position - this.blockStart + 4 > limits.sstableBlockBytes) {
      this.record.reset();
      // The buffer again: ending the frame may have grown it.
      this.record.rawRange(out.buffer(), recordStart, frameLength);
      out.position = recordStart;
      this.flushBlock();
      this.blockStart = beginFrame(out);
      at = out.position;
      out.raw(this.record.written());
    }
    this.beginIndexEntry(high, low);
    writeSmallIndexEntry(
      this.page,
      high,
      low,
      this.lastKey,
      0,
      this.lastKeyLength,
      this.dataOutFileOffset + this.blockStart,
      at - this.blockStart,
      frameLength,
    );
    this.endIndexEntry();
    if (out.position - this.blockStart + 4 >= limits.sstableBlockBytes) this.flushBlock();
  }

  /**
   * Asserts the partition sorts after the last one appended (token, then key bytes) and
   * remembers it. The message is built only on failure: a template literal would cost every append.
   */
  private checkOrderAndRemember(high: number, low: number, bytes: Uint8Array, keyOffset: number, keyLength: number): void {
    if (this.hasLast) {
      const order =
        compareTokenWords(high, low, this.lastHigh, this.lastLow) ||
        compareByteRanges(bytes, keyOffset, keyLength, this.lastKey, 0, this.lastKeyLength);
      if (order <= 0) {
        const token = tokenFromHighLow(high, low);
        assert(false, `partitions out of order: token ${token} after ${tokenFromHighLow(this.lastHigh, this.lastLow)}`);
      }
    }
    this.hasLast = true;
    this.lastHigh = high;
    this.lastLow = low;
    if (this.lastKey.length < keyLength) this.lastKey = new Uint8Array(Math.max(keyLength, this.lastKey.length * 2));
    for (let i = 0; i < keyLength; i++) this.lastKey[i] = bytes[keyOffset + i]!;
    this.lastKeyLength = keyLength;
  }

  /**
   * A wide partition: a header record, then its rows in chunks of about a block each, every
   * chunk listed in the row index with its first and last clustering (data-record.ts).
   */
  private appendWide(partition: PartitionUpdate): void {
    const boundaries = chunkBoundaries(partition, this.record);
    this.record.reset();
    const start = beginFrame(this.record);
    writeWideHeaderRecord(this.record, partition, boundaries.length - 1);
    endFrame(this.record, start);
    const header = this.place(this.record.written());
    const headerFrameLength = this.record.position;
    const chunks: RowIndexChunk[] = [];
    for (let i = 0; i + 1 < boundaries.length; i++) {
      const from = boundaries[i]!;
      const to = boundaries[i + 1]!;
      this.record.reset();
      const chunkStart = beginFrame(this.record);
      writeRowChunkRecord(this.record, partition.rows, from, to);
      endFrame(this.record, chunkStart);
      const placement = this.place(this.record.written());
      chunks.push({
        first: partition.rows[from]!.clustering,
        last: partition.rows[to - 1]!.clustering,
        position: placement.blockPosition + placement.offsetInBlock,
        frameLength: this.record.position,
        rowCount: to - from,
      });
    }
    this.addIndexEntry({ token: partition.token, key: partition.key, ...header, frameLength: headerFrameLength, chunks });
  }

  /** Puts one record frame in the open block, ending that block first if it would overflow. */
  private place(frame: Uint8Array): Placement {
    const out = this.dataOut;
    const blockHasRecords = this.blockStart !== NO_BLOCK && out.position > this.blockStart + 4;
    if (blockHasRecords && out.position - this.blockStart + frame.length + 4 > limits.sstableBlockBytes) this.flushBlock();
    if (this.blockStart === NO_BLOCK) this.blockStart = beginFrame(out);
    const placement = { blockPosition: this.dataOutFileOffset + this.blockStart, offsetInBlock: out.position - this.blockStart };
    out.raw(frame);
    if (out.position - this.blockStart + 4 >= limits.sstableBlockBytes) this.flushBlock();
    return placement;
  }

  /** Ends the open block's frame; drains dataOut once it holds enough whole blocks. */
  private flushBlock(): void {
    if (this.blockStart === NO_BLOCK) return;
    endFrame(this.dataOut, this.blockStart);
    this.blockStart = NO_BLOCK;
    if (this.dataOut.position >= OUTPUT_BUFFER_BYTES) this.drainData();
  }

  /** Blocks leave in writes of ~256 KiB: a 16 KiB write each cost a syscall. Only between blocks. */
  private drainData(): void {
    assert(this.dataFd !== null, 'data file closed');
    assert(this.blockStart === NO_BLOCK, 'drain with a block open');
    const bytes = this.dataOut.written();
    this.port.write(this.dataFd, bytes, 0, bytes.length, this.dataOutFileOffset);
    this.dataOutFileOffset += bytes.length;
    this.dataOut.reset();
  }

  private drainIndex(): void {
    assert(this.indexFd !== null, 'index file closed');
    const bytes = this.indexOut.written();
    this.port.write(this.indexFd, bytes, 0, bytes.length, this.indexPosition - bytes.length);
    this.indexOut.reset();
  }

  private addIndexEntry(entry: IndexEntry): void {
    this.beginIndexEntry(tokenHigh(entry.token), tokenLow(entry.token));
    writeIndexEntry(this.page, entry);
    this.endIndexEntry();
  }

  /** Starts an index page if none is open; its first key is the last partition remembered. */
  private beginIndexEntry(high: number, low: number): void {
    if (this.pageEntries > 0) return;
    this.page.reset();
    beginFrame(this.page);
    this.page.u32(0);
    this.pageFirst = { token: tokenFromHighLow(high, low), key: this.lastKey.slice(0, this.lastKeyLength) };
  }

  private endIndexEntry(): void {
    this.pageEntries++;
    if (this.pageEntries === limits.sstableSummaryInterval) this.flushIndexPage();
  }

  private flushIndexPage(): void {
    if (this.pageEntries === 0) return;
    assert(this.indexFd !== null && this.pageFirst !== null, 'index page without a file or a first key');
    this.page.patchU32(4, this.pageEntries);
    endFrame(this.page, 0);
    const bytes = this.page.written();
    this.indexOut.raw(bytes);
    this.summaryPages.push({
      firstToken: this.pageFirst.token,
      firstKey: this.pageFirst.key,
      offset: this.indexPosition,
      frameLength: bytes.length,
    });
    this.indexPosition += bytes.length;
    this.pageEntries = 0;
    this.pageFirst = null;
    if (this.indexOut.position >= OUTPUT_BUFFER_BYTES) this.drainIndex();
  }

  /** Data bytes so far, including the block still in memory: compaction splits outputs on it. */
  bytesWritten(): number {
    return this.dataOutFileOffset + this.dataOut.position;
  }

  finish(): SSTableStats {
    assert(this.state === 'open', `finish of a ${this.state} SSTable writer`);
    assert(this.dataFd !== null && this.indexFd !== null, 'files closed before finish');
    this.flushBlock();
    this.flushIndexPage();
    this.drainData();
    this.drainIndex();
    const dataBytes = this.dataOutFileOffset;
    const indexBytes = this.indexPosition;
    this.port.sync(this.dataFd);
    this.port.sync(this.indexFd);
    this.closeFiles();
    const stats = this.stats.finish(dataBytes, this.options.level, this.options.createdAtMs);
    const summary = encodeMetadataComponent('Summary', (w) => writeSummary(w, indexBytes, this.summaryPages));
    this.writeComponent('Summary', summary);
    this.writeComponent('Filter', encodeMetadataComponent('Filter', (w) => this.filter.write(w)));
    this.writeComponent('Statistics', encodeMetadataComponent('Statistics', (w) => writeStats(w, stats)));
    this.port.syncDirectory(this.descriptor.directory);
    // The TOC goes last and atomically (temporary file, fsync, rename, fsync of the folder):
    // from this instant the SSTable exists.
    this.port.writeFileDurably(componentPath(this.descriptor, 'TOC'), encodeToc());
    this.state = 'finished';
    return stats;
  }

  private writeComponent(component: 'Summary' | 'Filter' | 'Statistics', bytes: Uint8Array): void {
    const fd = this.port.open(componentPath(this.descriptor, component), 'write-new');
    try {
      this.port.write(fd, bytes, 0, bytes.length, 0);
      this.port.sync(fd);
    } finally {
      this.port.close(fd);
    }
  }

  /** Removes every component written so far. Safe to call after a failed append or finish. */
  abort(): void {
    assert(this.state !== 'finished', 'abort of a finished SSTable: delete it through its reader');
    if (this.state === 'aborted') return;
    this.state = 'aborted';
    this.closeFiles();
    for (const component of SSTABLE_COMPONENTS) {
      for (const path of [componentPath(this.descriptor, component), `${componentPath(this.descriptor, component)}.tmp`]) {
        if (this.port.exists(path)) this.port.unlink(path);
      }
    }
  }

  private closeFiles(): void {
    const fds = [this.dataFd, this.indexFd];
    this.dataFd = null;
    this.indexFd = null;
    for (const fd of fds) if (fd !== null) this.port.close(fd);
  }
}

const OUTPUT_BUFFER_BYTES = 256 * 1024;
const NO_BLOCK = -1;
const EMPTY_BYTES = new Uint8Array(0);

function assertRowsAscending(partition: PartitionUpdate): void {
  const rows = partition.rows;
  for (let i = 1; i < rows.length; i++) {
    assert(compareBytes(rows[i - 1]!.clustering, rows[i]!.clustering) < 0, 'rows out of clustering order');
  }
}

/**
 * Row indices where chunks start, plus rows.length at the end: rows are grouped while their
 * encoded size stays within one block (a single larger row gets a chunk of its own).
 */
function chunkBoundaries(partition: PartitionUpdate, scratch: ByteWriter): number[] {
  const targetBytes = limits.sstableBlockBytes - 64;
  const boundaries = [0];
  let chunkBytes = 0;
  for (let i = 0; i < partition.rows.length; i++) {
    scratch.reset();
    writeRow(scratch, partition.rows[i]!);
    if (chunkBytes > 0 && chunkBytes + scratch.position > targetBytes) {
      boundaries.push(i);
      chunkBytes = 0;
    }
    chunkBytes += scratch.position;
  }
  boundaries.push(partition.rows.length);
  return boundaries;
}
