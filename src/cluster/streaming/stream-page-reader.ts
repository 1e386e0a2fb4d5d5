/**
 * The sender's side of a page: the table's unfiltered partitions (canonical form, tombstones
 * included, as a replica answers a read) in what is left of a list of ranges, taken in order,
 * encoded as one write batch, up to a number of partitions or bytes. Many small ranges (a
 * repair's differing sub-ranges) share one page.
 *
 * A page always ends at a token boundary: past its limits it still takes every partition with
 * the last partition's token, then stops before the next token (or the next range). The
 * receiver resumes after that token, so two keys sharing one 64-bit token never straddle two
 * pages and none is lost, whatever the page size.
 */

import { ByteWriter } from '../../lib/bytes/byte-writer.js';
import type { NodeStorage } from '../../storage/node-storage.js';
import { BATCH_HEADER_BYTES, beginBatch, finishBatch, VNodeMessageType, writeBatchRecord } from '../../storage/vnode/vnode-wire.js';
import type { TokenRange } from '../ring/token-range.js';
import { scanUnfilteredRange } from './range-scan.js';
import type { StreamPage, StreamResume } from './stream-messages.js';

export interface PageLimits {
  readonly maxPartitions: number;
  readonly maxBytes: number;
}

/** The engine's own scan page: the partitions needed and one more to see the next token. */
const ENGINE_PAGE_MAX = 1000;

export async function readStreamPage(engine: NodeStorage, tableId: number, ranges: readonly TokenRange[], limits: PageLimits): Promise<StreamPage> {
  const writer = new ByteWriter(64 * 1024);
  beginBatch(writer, VNodeMessageType.write);
  let partitions = 0;
  let last: StreamResume | null = null;
  let full = false;
  const pageSize = Math.min(ENGINE_PAGE_MAX, limits.maxPartitions + 1);
  for (let rangeIndex = 0; rangeIndex < ranges.length; rangeIndex++) {
    // Full at a range's end: stop here rather than scan the next range for nothing.
    if (full) return page(writer, partitions, last);
    for await (const partition of scanUnfilteredRange(engine, tableId, ranges[rangeIndex]!, pageSize)) {
      if (full && partition.token !== last!.after) return page(writer, partitions, last);
      writeBatchRecord(writer, partition);
      partitions++;
      last = { rangeIndex, after: partition.token };
      full = partitions >= limits.maxPartitions || writer.position >= limits.maxBytes;
    }
  }
  return page(writer, partitions, null);
}

function page(writer: ByteWriter, partitions: number, resume: StreamResume | null): StreamPage {
  if (partitions === 0) return { batch: null, partitions: 0, bytes: 0, resume: null };
  const batch = finishBatch(writer, partitions).slice();
  // What the partitions weigh: the batch less its header and each record's u32 length.
  const bytes = batch.length - BATCH_HEADER_BYTES - 4 * partitions;
  return { batch, partitions, bytes, resume };
}
