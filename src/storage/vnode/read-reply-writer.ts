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
import { ReadAnswerStatus } from './vnode-wire.js';

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

  found(partition: PartitionUpdate): void {
    this.writer.u8(ReadAnswerStatus.found);
    writePartition(this.writer, partition);
  }

  /** Starts a found answer and returns the writer its partition's encoded bytes go to. */
  foundEncoded(): ByteWriter {
    this.writer.u8(ReadAnswerStatus.found);
    return this.writer;
  }

  /**
   * Turns the found answer written since `mark` (found or foundEncoded) into a replica's
   * answer: the partition's digest ahead of its bytes, or (`digestOnly`) the digest alone.
   * The partition must be canonical and not empty, as unfiltered reads answer it.
   */
  digestFound(mark: number, digestOnly: boolean): void {
    const start = mark + 1;
    const length = this.writer.position - start;
    const digest = encodedPartitionDigest(this.writer.buffer(), start, length);
    if (digestOnly) {
      this.writer.position = mark;
      this.writer.u8(ReadAnswerStatus.digest);
      this.writer.raw(digest);
      return;
    }
    // Moves the partition up past the digest and its length (a copy within the buffer).
    this.writer.ensure(PARTITION_DIGEST_BYTES + 4);
    const buffer = this.writer.buffer();
    buffer.copyWithin(start + PARTITION_DIGEST_BYTES + 4, start, start + length);
    buffer[mark] = ReadAnswerStatus.foundWithDigest;
    buffer.set(digest, start);
    this.writer.patchU32(start + PARTITION_DIGEST_BYTES, length);
    this.writer.position += PARTITION_DIGEST_BYTES + 4;
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
