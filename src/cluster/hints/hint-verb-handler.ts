/**
 * The replica side of Verb.hint (Cassandra's HintVerbHandler): a hint is the encoded write
 * batch a coordinator kept for this node, applied here as any mutation is
 * (StorageEngine.writeEncodedBatch) and acknowledged, so the coordinator can move past it.
 * Records of tables this node does not know are dropped, as Cassandra drops hints for an
 * unknown table: coordinators deliver only once their schema version is this node's, so such a
 * table was dropped after the hint was written, and refusing the hint would stall every later
 * one behind it. A hint handed over by a decommissioning node for another target is stored
 * here as a hint for that target (HintsService.storeHandedOver), not applied.
 */

import { InvalidRequestError } from '../../lib/errors.js';
import { BATCH_HEADER_BYTES, VNodeMessageType } from '../../storage/vnode/vnode-wire.js';
import { PartitionHeaderLayout } from '../../storage/model/partition-codec.js';
import type { VerbHandler } from '../messaging/messaging-service.js';
import type { Hint } from './hint.js';
import type { HintsCounters } from './hints-metrics.js';

/** What Verb.hint carries. */
export interface HintMessage {
  /** An encoded write batch (storage/vnode/encoded-batch.ts). */
  readonly batch: Uint8Array;
  /**
   * A hint handed over by a decommissioning node (HintsService.transferHints): its target, and
   * the hint's own creation time and gc grace. Absent when the receiver is the target.
   */
  readonly handover?: { readonly target: string; readonly creationMs: number; readonly gcGraceSeconds: number };
}

export interface HintReplica {
  writeEncodedBatch(batch: Uint8Array): Promise<unknown>;
}

/** Where hints handed over for other nodes go (the receiver's HintsService). */
export interface HintHandoverSink {
  selfHostId(): string;
  /** Stores the hint for `target`; throws if it cannot (the sender keeps it and tries again). */
  storeHandedOver(target: string, hint: Hint): void;
}

export function hintVerbHandler(replica: HintReplica, isKnownTable: (tableId: number) => boolean, counters: HintsCounters, handovers?: HintHandoverSink): VerbHandler {
  return async (payload) => {
    const message = payload as Partial<HintMessage> | null;
    const batch = message?.batch;
    if (!(batch instanceof Uint8Array) || batch.length < BATCH_HEADER_BYTES || batch[0] !== VNodeMessageType.write) {
      throw new InvalidRequestError('a hint carries an encoded write batch');
    }
    const handover = message?.handover;
    // Cassandra's HintVerbHandler: a hint for another node came from a decommissioning one, and is kept as a hint.
    if (handover !== undefined && handover.target !== handovers?.selfHostId()) {
      if (handovers === undefined) throw new InvalidRequestError(`this node takes no hints for ${handover.target}`);
      if (!Number.isSafeInteger(handover.creationMs) || !Number.isInteger(handover.gcGraceSeconds) || handover.gcGraceSeconds < 0) {
        throw new InvalidRequestError('a handed-over hint carries its creation time and gc grace');
      }
      handovers.storeHandedOver(handover.target, { creationMs: handover.creationMs, gcGraceSeconds: handover.gcGraceSeconds, batch });
      return true;
    }
    const known = recordsOfKnownTables(batch, isKnownTable);
    if (known !== null) await replica.writeEncodedBatch(known);
    counters.add('applied');
    return true;
  };
}

/** The batch without the records of unknown tables: itself when all are known, null when none is. */
export function recordsOfKnownTables(batch: Uint8Array, isKnownTable: (tableId: number) => boolean): Uint8Array | null {
  const view = new DataView(batch.buffer, batch.byteOffset, batch.byteLength);
  const count = view.getUint32(1);
  const kept: Array<readonly [number, number]> = [];
  let offset = BATCH_HEADER_BYTES;
  for (let i = 0; i < count; i++) {
    if (offset + 4 + PartitionHeaderLayout.tableId + 4 > batch.length) throw new InvalidRequestError(`hint batch truncated at record ${i} of ${count}`);
    const end = offset + 4 + view.getUint32(offset);
    if (isKnownTable(view.getUint32(offset + 4 + PartitionHeaderLayout.tableId))) kept.push([offset, end]);
    offset = end;
  }
  if (kept.length === count) return batch;
  if (kept.length === 0) return null;
  const bytes = kept.reduce((sum, [start, end]) => sum + end - start, BATCH_HEADER_BYTES);
  const out = new Uint8Array(bytes);
  const outView = new DataView(out.buffer);
  out[0] = VNodeMessageType.write;
  outView.setUint32(1, kept.length);
  let at = BATCH_HEADER_BYTES;
  for (const [start, end] of kept) {
    out.set(batch.subarray(start, end), at);
    at += end - start;
  }
  return out;
}
