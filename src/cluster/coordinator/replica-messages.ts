/**
 * What a coordinator and a replica say to each other about data: a mutation batch (the
 * engine's encoded write layout, vnode/encoded-batch.ts) and a partition read (data or
 * digest) as raw bytes, a range read page as a msgpackr-friendly plain object. Partitions
 * travel in the partition codec's bytes (model/partition-codec.ts), with tombstones, never as
 * objects.
 */

import { ByteReader } from '../../lib/bytes/byte-reader.js';
import { ByteWriter } from '../../lib/bytes/byte-writer.js';
import { pooledBytes } from '../../lib/bytes/pooled-bytes.js';
import { InvalidRequestError } from '../../lib/errors.js';
import type { ClusteringSlice } from '../../storage/model/clustering-slice.js';
import { decodePartition, readPartition } from '../../storage/model/partition-codec.js';
import { PARTITION_DIGEST_BYTES } from '../../storage/model/partition-digest.js';
import type { PartitionUpdate } from '../../storage/model/partition-update.js';
import type { ReplicaReadAnswer } from '../../storage/node-storage.js';
import type { WriteMutation } from '../../storage/storage-engine.js';
import { EncodedBatchBuilder } from '../../storage/vnode/encoded-batch.js';
import { readBatchHeader, readReadCommand, VNodeMessageType, writeReadCommand } from '../../storage/vnode/vnode-wire.js';

/** An encoded write batch (vnode/encoded-batch.ts), sent as the message's raw payload. */
export type MutationRequest = Uint8Array;

export interface ReadRequest {
  readonly tableId: number;
  readonly key: Uint8Array;
  readonly slice: ClusteringSlice;
  /** Answer the digest of the partition only. */
  readonly digest: boolean;
}

/** Data (partition-codec bytes, canonical) always comes with its digest (NodeStorage.readReplica). */
export type ReadResponse = ReplicaReadAnswer;

/**
 * A partition read travels as bytes, the hottest message between nodes: a map of maps cost
 * more to pack and unpack than the read itself. The request is the storage thread's read
 * command (vnode-wire.ts, mode replica-data or replica-digest; its token is not sent, the
 * replica's engine hashes the key); the response u8 hasData | digest[16] | partition bytes
 * (when hasData).
 */
export function encodeReadRequest(request: ReadRequest): Uint8Array {
  const writer = new ByteWriter(pooledBytes(64 + request.key.length + request.slice.start.prefix.length + request.slice.end.prefix.length));
  writeReadCommand(writer, { tableId: request.tableId, token: 0n, key: request.key, slice: request.slice, mode: request.digest ? 'replica-digest' : 'replica-data' });
  return writer.written();
}

export function decodeReadRequest(bytes: Uint8Array): ReadRequest {
  const command = readReadCommand(new ByteReader(bytes));
  if (command.mode !== 'replica-data' && command.mode !== 'replica-digest') throw new InvalidRequestError('not a replica read');
  return { tableId: command.tableId, key: command.key, slice: command.slice, digest: command.mode === 'replica-digest' };
}

export function encodeReadResponse(response: ReadResponse): Uint8Array {
  const data = 'data' in response ? response.data : null;
  const bytes = pooledBytes(1 + PARTITION_DIGEST_BYTES + (data?.length ?? 0));
  bytes[0] = data === null ? 0 : 1;
  bytes.set(response.digest, 1);
  if (data !== null) bytes.set(data, 1 + PARTITION_DIGEST_BYTES);
  return bytes;
}

/** The response of a request that asked for data (`digest` false) or its digest only. */
export function decodeReadResponse(bytes: Uint8Array, digestOnly: boolean): ReadResponse {
  if (bytes.length < 1 + PARTITION_DIGEST_BYTES) throw new InvalidRequestError(`a read response of ${bytes.length} bytes`);
  const digest = bytes.subarray(1, 1 + PARTITION_DIGEST_BYTES);
  if (digestOnly) return { digest };
  return { data: bytes[0] === 1 ? bytes.subarray(1 + PARTITION_DIGEST_BYTES) : null, digest };
}

export interface RangeReadRequest {
  readonly tableId: number;
  /** Exclusive; null = from the ring's start. */
  readonly startToken: bigint | null;
  /** Inclusive; null = to the ring's end. */
  readonly endToken: bigint | null;
  /** Partitions at most in this page. */
  readonly limit: number;
}

export interface RangeReadResponse {
  readonly partitions: readonly Uint8Array[];
  /** Whether the replica stopped at `limit` (more may follow) rather than at the range's end. */
  readonly more: boolean;
}

export function partitionFromBytes(bytes: Uint8Array): PartitionUpdate {
  return decodePartition(bytes, true);
}

/** Mutations as one encoded write batch (schema pushes, hints): the records a replica applies. */
export function mutationsToBytes(mutations: readonly WriteMutation[]): Uint8Array {
  const builder = new EncodedBatchBuilder();
  for (const mutation of mutations) builder.add(mutation);
  return builder.finish();
}

/** The mutations of an encoded write batch, as objects (for the catalog, which reads them). */
export function mutationsFromBytes(batch: Uint8Array): WriteMutation[] {
  const { type, count, reader } = readBatchHeader(batch);
  if (type !== VNodeMessageType.write) throw new InvalidRequestError('not an encoded write batch');
  const mutations: WriteMutation[] = [];
  for (let i = 0; i < count; i++) {
    reader.u32(); // the record's length: readPartition reads exactly one record
    const { token: _token, ...mutation } = readPartition(reader, true);
    mutations.push(mutation);
  }
  return mutations;
}
