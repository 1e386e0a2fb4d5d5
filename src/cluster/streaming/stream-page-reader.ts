/**
 * The sender's side of a page: the table's unfiltered partitions (canonical form, tombstones
 * included, as a replica answers a read) in what is left of a range, encoded as one write
 * batch, up to a number of partitions or bytes.
 *
 * A page always ends at a token boundary: past its limits it still takes every partition with
 * the last partition's token, then stops before the next token. The receiver resumes after
 * that token (the range (resumeAfter, right]), so two keys sharing one 64-bit token never
 * straddle two pages and none is lost, whatever the page size.
 */

import { ByteWriter } from '../../lib/bytes/byte-writer.js';
import type { StorageEngine } from '../../storage/storage-engine.js';
import { BATCH_HEADER_BYTES, beginBatch, finishBatch, VNodeMessageType, writeBatchRecord } from '../../storage/vnode/vnode-wire.js';
import type { TokenRange } from '../ring/token-range.js';
import { scanUnfilteredRange } from './range-scan.js';
import type { StreamPage } from './stream-messages.js';

export interface PageLimits {
  readonly maxPartitions: number;
  readonly maxBytes: number;
}

/** The engine's own scan page: the partitions needed and one more to see the next token. */
const ENGINE_PAGE_MAX = 1000;

export async function readStreamPage(engine: StorageEngine, tableId: number, range: TokenRange, limits: PageLimits): Promise<StreamPage> {
  const writer = new ByteWriter(64 * 1024);
  beginBatch(writer, VNodeMessageType.write);
  let partitions = 0;
  let lastToken: bigint | null = null;
  let full = false;
  const pageSize = Math.min(ENGINE_PAGE_MAX, limits.maxPartitions + 1);
  for await (const partition of scanUnfilteredRange(engine, tableId, range, pageSize)) {
    if (full && partition.token !== lastToken) {
      // More follows: resume after the last token taken (which is never the range's right end
      // here, since a later token of the range came after it).
      return page(writer, partitions, lastToken);
    }
    writeBatchRecord(writer, partition);
    partitions++;
    lastToken = partition.token;
    full = partitions >= limits.maxPartitions || writer.position >= limits.maxBytes;
  }
  return page(writer, partitions, null);
}

function page(writer: ByteWriter, partitions: number, resumeAfter: bigint | null): StreamPage {
  if (partitions === 0) return { batch: null, partitions: 0, bytes: 0, resumeAfter: null };
  const batch = finishBatch(writer, partitions).slice();
  // What the partitions weigh: the batch less its header and each record's u32 length.
  const bytes = batch.length - BATCH_HEADER_BYTES - 4 * partitions;
  return { batch, partitions, bytes, resumeAfter };
}
