/**
 * The batch a coordinator sends to a replica: mutations already encoded in the engine's own
 * write layout (vnode-wire.ts), which the replica's StorageEngine.writeEncodedBatch copies
 * record by record into its threads' batches, with no decode on either side:
 *
 *   u8 1 (write) | u32 count | (u32 length | PartitionUpdate) * count   (model/partition-codec.ts)
 *
 * Each record carries its table id, token and key, so one batch may hold any mix of tables
 * and partitions; the replica routes each by its token. Records are encoded once for every
 * replica of a group: EncodedBatchBuilder takes mutations (add) and rows from a RowBatchWriter
 * (rowSink), the bulk path with no objects per row.
 *
 * Table ids are node-local (docs/adr/0012): a batch carries the coordinator's, and
 * retargetTableIds rewrites them in place to a replica's before it writes the batch.
 */

import { murmur3TokenParts } from '../../cluster/ring/murmur3.js';
import { assert } from '../../lib/assert.js';
import { ByteWriter } from '../../lib/bytes/byte-writer.js';
import { InvalidRequestError } from '../../lib/errors.js';
import { PartitionHeaderLayout } from '../model/partition-codec.js';
import type { PartitionUpdate } from '../model/partition-update.js';
import { validateEncodedSize, validateMutationShape } from '../mutation-validator.js';
import type { RowBatchSink } from '../row-batch-writer.js';
import { BATCH_HEADER_BYTES, beginBatch, finishBatch, VNodeMessageType, writeBatchRecordWithTokenParts } from './vnode-wire.js';

const INITIAL_BYTES = 4096;

export class EncodedBatchBuilder {
  private readonly writer: ByteWriter;
  private records = 0;
  private readonly tokenParts = new Int32Array(2);
  private readonly sink: RowBatchSink;

  constructor(initialBytes = INITIAL_BYTES) {
    this.writer = new ByteWriter(initialBytes);
    beginBatch(this.writer, VNodeMessageType.write);
    this.sink = {
      writerFor: () => this.writer,
      recordDone: () => {
        this.records++;
      },
    };
  }

  /** Records added since the last finish(). */
  get count(): number {
    return this.records;
  }

  /** Bytes of the batch so far (header included). */
  get byteLength(): number {
    return this.writer.position;
  }

  /**
   * Encodes one mutation, checked as StorageEngine.write checks it (sizes, key) except for its
   * table, which only the replica knows. A refused mutation leaves the batch as it was.
   */
  add(mutation: Omit<PartitionUpdate, 'token'>): void {
    validateMutationShape(mutation);
    murmur3TokenParts(mutation.key, this.tokenParts);
    const before = this.writer.position;
    writeBatchRecordWithTokenParts(this.writer, mutation, this.tokenParts[0]!, this.tokenParts[1]!);
    try {
      validateEncodedSize(this.writer.position - before - 4);
    } catch (error) {
      this.writer.position = before;
      throw error;
    }
    this.records++;
  }

  /**
   * A sink for a RowBatchWriter (row-batch-writer.ts) that writes every row into this batch:
   * `new RowBatchWriter(tableId, builder.rowSink(), murmur3TokenPartsOfRange, parts)`. A sink
   * that spreads rows over several builders (one per replica group) may call each builder's
   * sink in turn.
   */
  rowSink(): RowBatchSink {
    return this.sink;
  }

  /** The batch as bytes of its own (safe to send); the builder starts again empty. */
  finish(): Uint8Array {
    const bytes = finishBatch(this.writer, this.records).slice();
    this.restart();
    return bytes;
  }

  /**
   * finish(), as a Buffer: a small batch is carved from Node's shared pool instead of getting
   * an ArrayBuffer of its own (an allocation that cost microseconds on the hot path), and it
   * travels as MessagePack bin (a plain Uint8Array goes as msgpackr's typed-array extension,
   * which the receiver copies). Mind that Buffer's slice() is a view, not a copy.
   */
  finishAsBuffer(): Buffer {
    const written = finishBatch(this.writer, this.records);
    const bytes = Buffer.allocUnsafe(written.length);
    bytes.set(written);
    this.restart();
    return bytes;
  }

  private restart(): void {
    beginBatch(this.writer, VNodeMessageType.write);
    this.records = 0;
  }
}

/**
 * Rewrites the table id of every record of an encoded batch in place, from the sender's
 * numbering to the receiver's. `tableIdFor` throws (or returns the id unchanged) for a table
 * the receiver does not know; writeEncodedBatch refuses unknown ids anyway.
 */
export function retargetTableIds(batch: Uint8Array, tableIdFor: (tableId: number) => number): void {
  const view = new DataView(batch.buffer, batch.byteOffset, batch.byteLength);
  if (batch.length < BATCH_HEADER_BYTES || batch[0] !== VNodeMessageType.write) throw new InvalidRequestError('not an encoded write batch');
  const count = view.getUint32(1);
  let offset = BATCH_HEADER_BYTES;
  for (let i = 0; i < count; i++) {
    if (offset + 4 + PartitionHeaderLayout.token > batch.length) throw new InvalidRequestError(`encoded write batch truncated at record ${i} of ${count}`);
    const length = view.getUint32(offset);
    const at = offset + 4 + PartitionHeaderLayout.tableId;
    const tableId = tableIdFor(view.getUint32(at));
    assert(Number.isInteger(tableId) && tableId >= 0 && tableId <= 0xffffffff, `table id ${tableId}`);
    view.setUint32(at, tableId);
    offset += 4 + length;
  }
}
