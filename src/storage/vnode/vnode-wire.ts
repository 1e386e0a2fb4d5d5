/**
 * The data-plane messages a VNodeActor receives as binary batches through the SharedArrayBuffer
 * ring, and the binary replies to reads. One header byte names the message:
 *
 *   write   u8 1 | u32 count | (u32 length | PartitionUpdate) * count   (model/partition-codec.ts)
 *   replay  u8 2 | same as write                      (commit-log replay: not logged again)
 *           The length prefix lets a VNodeActor hand each record to its memtable without
 *           decoding it; the whole write batch is also the commit-log entry, as is.
 *   read    u8 3 | u32 count | ReadCommand * count
 *           ReadCommand = u32 tableId | i64 token | u16 keyLength key | u8 flags
 *                         | u32 limit (0xffffffff = none) | Bound start | Bound end
 *           flags = 1 reversed | 2 unfiltered (the merged partition with its tombstones, in
 *                   canonical form, rows ascending, bounds only: what a replica answers a
 *                   coordinator; model/canonical-partition.ts)
 *                   | 4 with its digest (model/partition-digest.ts), the partition left encoded
 *                   | 8 its digest only
 *           Bound = u8 inclusive | u16 length prefix
 *   reply   u32 count | Answer * count                    (read-reply-writer.ts builds it)
 *           Answer = u8 0 (absent) | u8 1 PartitionUpdate | u8 2 u16 length utf8 message (error)
 *                    | u8 3 digest[16] u32 length PartitionUpdate | u8 4 digest[16]
 */

import { ByteReader } from '../../lib/bytes/byte-reader.js';
import { ByteWriter } from '../../lib/bytes/byte-writer.js';
import { FULL_SLICE, type ClusteringSlice } from '../model/clustering-slice.js';
import type { PartitionUpdate } from '../model/partition-update.js';
import { readPartition, writePartition, writePartitionWithTokenParts } from '../model/partition-codec.js';
import { PARTITION_DIGEST_BYTES } from '../model/partition-digest.js';

export const VNodeMessageType = { write: 1, replay: 2, read: 3 } as const;
export type VNodeMessageType = (typeof VNodeMessageType)[keyof typeof VNodeMessageType];

const NO_LIMIT = 0xffffffff;
const READ_REVERSED = 1;
const READ_UNFILTERED = 2;
const READ_WITH_DIGEST = 4;
const READ_DIGEST_ONLY = 8;

/**
 * What a read answers: the rows live now (`live`, what clients see), or the merged partition
 * with its tombstones and expired cells (`unfiltered`, what a replica sends its coordinator).
 * A replica's answer to a coordinator is the unfiltered partition still encoded, with its
 * digest (`replica-data`), or the digest alone (`replica-digest`): the thread digests the
 * bytes it answers with, and the replica's main thread neither decodes nor hashes them.
 */
export type ReadMode = 'live' | 'unfiltered' | 'replica-data' | 'replica-digest';
/** The modes of a scan page (a range read has no digest form). */
export type ScanMode = 'live' | 'unfiltered';

export const ReadAnswerStatus = { absent: 0, found: 1, error: 2, foundWithDigest: 3, digest: 4 } as const;

export interface ReadCommand {
  readonly tableId: number;
  readonly token: bigint;
  readonly key: Uint8Array;
  readonly slice: ClusteringSlice;
  readonly mode: ReadMode;
}

export type ReadOutcome =
  | { readonly kind: 'found'; readonly partition: PartitionUpdate }
  | { readonly kind: 'absent' }
  | { readonly kind: 'error'; readonly message: string }
  /** A replica-data answer: the canonical partition's bytes (a view into the reply) and digest. */
  | { readonly kind: 'encoded'; readonly bytes: Uint8Array; readonly digest: Uint8Array }
  | { readonly kind: 'digest'; readonly digest: Uint8Array };

const MODE_FLAGS: Readonly<Record<ReadMode, number>> = {
  live: 0,
  unfiltered: READ_UNFILTERED,
  'replica-data': READ_UNFILTERED | READ_WITH_DIGEST,
  'replica-digest': READ_UNFILTERED | READ_DIGEST_ONLY,
};

function modeOfFlags(flags: number): ReadMode {
  if ((flags & READ_UNFILTERED) === 0) return 'live';
  if ((flags & READ_DIGEST_ONLY) !== 0) return 'replica-digest';
  return (flags & READ_WITH_DIGEST) !== 0 ? 'replica-data' : 'unfiltered';
}

/** u8 type | u32 count, before the first record or command. */
export const BATCH_HEADER_BYTES = 5;

export function beginBatch(writer: ByteWriter, type: VNodeMessageType): void {
  writer.reset();
  writer.u8(type);
  writer.u32(0);
}

/** Appends one length-prefixed partition update to a write batch. */
export function writeBatchRecord(writer: ByteWriter, update: PartitionUpdate): void {
  const lengthAt = writer.position;
  writer.u32(0);
  writePartition(writer, update);
  writer.patchU32(lengthAt, writer.position - lengthAt - 4);
}

/** As writeBatchRecord, with the token as two int32 halves (the ingest hot path). */
export function writeBatchRecordWithTokenParts(
  writer: ByteWriter,
  update: Omit<PartitionUpdate, 'token'>,
  tokenHigh: number,
  tokenLow: number,
): void {
  const lengthAt = writer.position;
  writer.u32(0);
  writePartitionWithTokenParts(writer, update, tokenHigh, tokenLow);
  writer.patchU32(lengthAt, writer.position - lengthAt - 4);
}

export function finishBatch(writer: ByteWriter, count: number): Uint8Array {
  writer.patchU32(1, count);
  return writer.written();
}

export function writeReadCommand(writer: ByteWriter, command: ReadCommand): void {
  writer.u32(command.tableId);
  writer.i64(command.token);
  writer.shortBytes(command.key);
  writer.u8((command.slice.reversed ? READ_REVERSED : 0) | MODE_FLAGS[command.mode]);
  writer.u32(Number.isFinite(command.slice.limit) ? command.slice.limit : NO_LIMIT);
  writer.u8(command.slice.start.inclusive ? 1 : 0);
  writer.shortBytes(command.slice.start.prefix);
  writer.u8(command.slice.end.inclusive ? 1 : 0);
  writer.shortBytes(command.slice.end.prefix);
}

export function readReadCommand(reader: ByteReader): ReadCommand {
  const tableId = reader.u32();
  const token = reader.i64();
  const key = reader.shortBytes(true);
  const flags = reader.u8();
  const reversed = (flags & READ_REVERSED) !== 0;
  const mode = modeOfFlags(flags);
  const rawLimit = reader.u32();
  const startInclusive = reader.u8() === 1;
  const startPrefix = boundPrefix(reader);
  const endInclusive = reader.u8() === 1;
  const endPrefix = boundPrefix(reader);
  const full = startPrefix.length === 0 && endPrefix.length === 0 && startInclusive && endInclusive && !reversed && rawLimit === NO_LIMIT;
  if (full) return { tableId, token, key, slice: FULL_SLICE, mode };
  return {
    tableId,
    token,
    key,
    mode,
    slice: {
      start: { prefix: startPrefix, inclusive: startInclusive },
      end: { prefix: endPrefix, inclusive: endInclusive },
      reversed,
      limit: rawLimit === NO_LIMIT ? Infinity : rawLimit,
    },
  };
}

const NO_PREFIX = new Uint8Array(0);

/** A slice bound's prefix; the unbounded (empty) one shared, not allocated per command. */
function boundPrefix(reader: ByteReader): Uint8Array {
  const length = reader.u16();
  return length === 0 ? NO_PREFIX : reader.copy(length);
}

/** Header of a batch: its type and how many records follow; the reader is left at the first. */
export function readBatchHeader(bytes: Uint8Array): { type: VNodeMessageType; count: number; reader: ByteReader } {
  const reader = new ByteReader(bytes);
  const type = reader.u8() as VNodeMessageType;
  const count = reader.u32();
  return { type, count, reader };
}

const ABSENT: ReadOutcome = Object.freeze({ kind: 'absent' });
const decoder = new TextDecoder();

export function decodeReadReply(bytes: Uint8Array): ReadOutcome[] {
  const reader = new ByteReader(bytes);
  const count = reader.u32();
  const outcomes: ReadOutcome[] = [];
  for (let i = 0; i < count; i++) {
    const status = reader.u8();
    if (status === ReadAnswerStatus.found) outcomes.push({ kind: 'found', partition: readPartition(reader, false) });
    else if (status === ReadAnswerStatus.absent) outcomes.push(ABSENT);
    else if (status === ReadAnswerStatus.foundWithDigest) {
      const digest = reader.view8(PARTITION_DIGEST_BYTES);
      outcomes.push({ kind: 'encoded', digest, bytes: reader.view8(reader.u32()) });
    } else if (status === ReadAnswerStatus.digest) outcomes.push({ kind: 'digest', digest: reader.view8(PARTITION_DIGEST_BYTES) });
    else outcomes.push({ kind: 'error', message: decoder.decode(reader.shortBytes(false)) });
  }
  return outcomes;
}
