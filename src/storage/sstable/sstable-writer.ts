/**
 * Writes one SSTable from partitions given in token order (a memtable flush or a compaction).
 *
 *   append(p) --> Data: records packed into checksummed blocks of ~limits.sstableBlockBytes
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
import { compareBytes } from '../model/byte-order.js';
import type { PartitionUpdate } from '../model/partition-update.js';
import { decodePartition, writeRow } from '../model/partition-codec.js';
import { beginFrame, endFrame, FRAME_OVERHEAD_BYTES } from './checksummed-frame.js';
import { DataRecordKind, writePartitionRecord, writeRowChunkRecord, writeWideHeaderRecord } from './data-record.js';
import { EncodedPartitionSummary } from './encoded-partition-summary.js';
import type { SSTableDescriptor } from './descriptor.js';
import { componentPath, SSTABLE_COMPONENTS } from './descriptor.js';
import type { IndexEntry, RowIndexChunk } from './index-entry.js';
import { writeIndexEntry } from './index-entry.js';
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
  /** The block being filled: a frame begun at 0, holding whole record frames. */
  private readonly block = new ByteWriter(limits.sstableBlockBytes * 2);
  private blockPosition = COMPONENT_HEADER_BYTES;
  /** Scratch for one record frame, so its size is known before it is placed in a block. */
  private readonly record = new ByteWriter(limits.sstableBlockBytes * 2);
  private readonly page = new ByteWriter(4096);
  private readonly dataOut = new ByteWriter(OUTPUT_BUFFER_BYTES + limits.sstableBlockBytes * 2);
  private readonly indexOut = new ByteWriter(OUTPUT_BUFFER_BYTES + 64 * 1024);
  private pageEntries = 0;
  private pageFirst: { token: bigint; key: Uint8Array } | null = null;
  private indexPosition = COMPONENT_HEADER_BYTES;
  private readonly summaryPages: SummaryPage[] = [];
  private readonly stats = new StatsCollector();
  private readonly filter: SSTableBloomFilter;
  /** The last partition appended, for the order check (a copy: encoded input is reused). */
  private lastToken: bigint | null = null;
  private lastKey: Uint8Array = new Uint8Array(0);
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
    this.assertAfterLast(partition.token, partition.key);
    assertRowsAscending(partition);
    this.lastToken = partition.token;
    this.lastKey = partition.key;
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
    if (this.state !== 'open') assert(false, `append to a ${this.state} SSTable writer`);
    const summary = this.summary;
    summary.summarize(bytes, 0, bytes.length);
    if (bytes.length + 1 > limits.sstableRowIndexBytes && summary.rowCount >= 2) {
      this.append(decodePartition(bytes, true));
      return;
    }
    if (!summary.rowsAscending) assert(false, 'rows out of clustering order');
    const key = bytes.subarray(summary.keyOffset, summary.keyOffset + summary.keyLength);
    this.assertAfterLast(summary.token, key);
    this.lastToken = summary.token;
    this.lastKey = key.slice();
    this.stats.addSummary(summary, bytes);
    this.filter.add(summary.token, key);
    // The record frame is built in the block itself: its size is known without a scratch copy.
    const frameLength = FRAME_OVERHEAD_BYTES + 1 + bytes.length;
    this.makeRoom(frameLength);
    const blockPosition = this.blockPosition;
    const offsetInBlock = this.block.position;
    const start = beginFrame(this.block);
    this.block.u8(DataRecordKind.partition);
    this.block.raw(bytes);
    endFrame(this.block, start);
    if (this.block.position + 4 >= limits.sstableBlockBytes) this.flushBlock();
    this.addIndexEntry({ token: summary.token, key: this.lastKey, blockPosition, offsetInBlock, frameLength, chunks: null });
  }

  private assertAfterLast(token: bigint, key: Uint8Array): void {
    const lastToken = this.lastToken;
    if (lastToken === null) return;
    // The message is built only on failure: a template literal here would cost every append.
    if (token < lastToken || (token === lastToken && compareBytes(key, this.lastKey) <= 0)) {
      assert(false, `partitions out of order: token ${token} after ${lastToken}`);
    }
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

  /** Puts one record frame in the current block, starting a new block first if it would overflow. */
  private place(frame: Uint8Array): Placement {
    this.makeRoom(frame.length);
    const placement = { blockPosition: this.blockPosition, offsetInBlock: this.block.position };
    this.block.raw(frame);
    if (this.block.position + 4 >= limits.sstableBlockBytes) this.flushBlock();
    return placement;
  }

  /** Ends the current block if a record frame of `frameLength` would overflow it; begins one if none is open. */
  private makeRoom(frameLength: number): void {
    const blockHasRecords = this.block.position > 4;
    if (blockHasRecords && this.block.position + frameLength + 4 > limits.sstableBlockBytes) this.flushBlock();
    if (this.block.position === 0) beginFrame(this.block);
  }

  private flushBlock(): void {
    if (this.block.position === 0) return;
    endFrame(this.block, 0);
    const bytes = this.block.written();
    this.dataOut.raw(bytes);
    this.blockPosition += bytes.length;
    this.block.reset();
    if (this.dataOut.position >= OUTPUT_BUFFER_BYTES) this.drainData();
  }

  /** Blocks and index pages leave in writes of ~256 KiB: a 16 KiB write each cost a syscall. */
  private drainData(): void {
    assert(this.dataFd !== null, 'data file closed');
    const bytes = this.dataOut.written();
    this.port.write(this.dataFd, bytes, 0, bytes.length, this.blockPosition - bytes.length);
    this.dataOut.reset();
  }

  private drainIndex(): void {
    assert(this.indexFd !== null, 'index file closed');
    const bytes = this.indexOut.written();
    this.port.write(this.indexFd, bytes, 0, bytes.length, this.indexPosition - bytes.length);
    this.indexOut.reset();
  }

  private addIndexEntry(entry: IndexEntry): void {
    if (this.pageEntries === 0) {
      this.page.reset();
      beginFrame(this.page);
      this.page.u32(0);
      this.pageFirst = { token: entry.token, key: entry.key.slice() };
    }
    writeIndexEntry(this.page, entry);
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
    return this.blockPosition + this.block.position;
  }

  finish(): SSTableStats {
    assert(this.state === 'open', `finish of a ${this.state} SSTable writer`);
    assert(this.dataFd !== null && this.indexFd !== null, 'files closed before finish');
    this.flushBlock();
    this.flushIndexPage();
    this.drainData();
    this.drainIndex();
    const dataBytes = this.blockPosition;
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
