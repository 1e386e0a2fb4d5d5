/**
 * A node's replica side: it applies the mutation batches coordinators send it and answers
 * their partition and range reads from its own engine, unfiltered (tombstones included) so
 * the coordinator can reconcile replicas by timestamp (ADR 0012).
 */

import type { NodeStorage } from '../../storage/node-storage.js';
import { encodePartition } from '../../storage/model/partition-codec.js';
import type { MessagingService } from '../messaging/messaging-service.js';
import { Verb } from '../messaging/verb.js';
import {
  decodeReadRequest,
  encodeReadResponse,
  type MutationRequest,
  type RangeReadRequest,
  type RangeReadResponse,
  type ReadRequest,
  type ReadResponse,
} from './replica-messages.js';

export function serveReplicaVerbs(messaging: MessagingService, engine: NodeStorage): void {
  messaging.handle(Verb.mutation, async (payload) => engine.writeEncodedBatch(payload as MutationRequest));
  messaging.handle(Verb.read, async (payload) => encodeReadResponse(await answerRead(engine, decodeReadRequest(payload as Uint8Array))));
  messaging.handle(Verb.rangeRead, async (payload) => answerRangeRead(engine, payload as RangeReadRequest));
}

/** The storage thread encodes and digests the answer; this thread passes its bytes on. */
export function answerRead(engine: NodeStorage, request: ReadRequest): Promise<ReadResponse> {
  return engine.readReplica(request.tableId, request.key, request.slice, request.digest);
}

export async function answerRangeRead(engine: NodeStorage, request: RangeReadRequest): Promise<RangeReadResponse> {
  const partitions: Uint8Array[] = [];
  const range = {
    ...(request.startToken === null ? {} : { startToken: request.startToken }),
    ...(request.endToken === null ? {} : { endToken: request.endToken }),
    pageSize: request.limit,
  };
  for await (const partition of engine.scanUnfiltered(request.tableId, range)) {
    if (partitions.length === request.limit) return { partitions, more: true };
    partitions.push(encodePartition(partition));
  }
  return { partitions, more: false };
}
