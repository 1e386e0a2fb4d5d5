/**
 * Builds one read reply (vnode-wire.ts: u32 count, then one answer per command in order) in a
 * buffer kept across batches. A partition stored plainly is appended straight into it (the
 * SSTable's bytes, TableStore.readPlainInto), so a point read neither allocates a buffer of
 * its own nor copies the partition twice; finish() hands out an exact-size copy to transfer.
 *
 * Every command gets exactly one answer, so the count is the batch's command count.
 */

import { ByteWriter } from '../../lib/bytes/byte-writer.js';
import { writePartition } from '../model/partition-codec.js';
import { encodedPartitionDigest, PARTITION_DIGEST_BYTES } from '../model/partition-digest.js';
import type { PartitionUpdate } from '../model/partition-update.js';
import { ReadAnswerStatus, type ReadMode } from './vnode-wire.js';

/** What a replica read's found answer holds ahead of its partition: digest[16] | u32 length. */
const REPLICA_PREFIX_BYTES = PARTITION_DIGEST_BYTES + 4;

function isReplicaMode(mode: ReadMode): boolean {
  return mode === 'replica-data' || mode === 'replica-digest';
}

/** An error message is cut to this many characters (the reply's u16 length must hold its UTF-8). */
const ERROR_MESSAGE_CHARS_MAX = 4000;
const encoder = new TextEncoder();

export class ReadReplyWriter {
  private readonly writer = new ByteWriter(64 * 1024);

  begin(): void {
    this.writer.reset();
    this.writer.u32(0);
  }

  /** Where the next answer starts, to rewind to if it cannot be completed. */
  mark(): number {
    return this.writer.position;
  }

  /** Drops everything written since `mark`. */
  rewind(mark: number): void {
    this.writer.position = mark;
  }

  absent(): void {
    this.writer.u8(ReadAnswerStatus.absent);
  }

  /** A found answer of a read in `mode`, complete. */
  found(partition: PartitionUpdate, mode: ReadMode = 'live'): void {
    const mark = this.mark();
    writePartition(this.foundEncoded(mode), partition);
    this.endFound(mark, mode);
  }

  /**
   * Starts a found answer and returns the writer its partition's encoded bytes go to; a
   * replica read's leaves room for the digest and length ahead of them (endFound fills it).
   */
  foundEncoded(mode: ReadMode): ByteWriter {
    if (!isReplicaMode(mode)) {
      this.writer.u8(ReadAnswerStatus.found);
      return this.writer;
    }
    this.writer.u8(ReadAnswerStatus.foundWithDigest);
    this.writer.ensure(REPLICA_PREFIX_BYTES);
    this.writer.position += REPLICA_PREFIX_BYTES;
    return this.writer;
  }

  /**
   * Ends the found answer begun at `mark` by foundEncoded: a replica read's gets its
   * partition's digest and length, or (replica-digest) becomes the digest alone. Its
   * partition must be canonical and not empty, as unfiltered reads answer it.
   */
  endFound(mark: number, mode: ReadMode): void {
    if (!isReplicaMode(mode)) return;
    const start = mark + 1 + REPLICA_PREFIX_BYTES;
    const length = this.writer.position - start;
    const digest = encodedPartitionDigest(this.writer.buffer(), start, length);
    if (mode === 'replica-digest') {
      this.writer.position = mark;
      this.writer.u8(ReadAnswerStatus.digest);
      this.writer.raw(digest);
      return;
    }
    this.writer.buffer().set(digest, mark + 1);
    this.writer.patchU32(mark + 1 + PARTITION_DIGEST_BYTES, length);
  }

  error(message: string): void {
    this.writer.u8(ReadAnswerStatus.error);
    this.writer.shortBytes(encoder.encode(message.slice(0, ERROR_MESSAGE_CHARS_MAX)));
  }

  finish(answers: number): Uint8Array {
    this.writer.patchU32(0, answers);
    return this.writer.toBytes();
  }
}
