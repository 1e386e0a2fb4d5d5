/**
 * What two nodes say to each other while streaming, as msgpackr-friendly plain objects
 * (Verb.streamRanges to pull a page, Verb.streamPush to send one). A page is an encoded write
 * batch (storage/vnode/encoded-batch.ts): the sender's unfiltered partitions, tombstones and
 * timestamps included, which the receiver hands to StorageEngine.writeEncodedBatch as they are,
 * so they reconcile with what it already holds as any write would.
 *
 * Tokens travel as int64 (bigint). Ranges are checked again on receipt (TokenRange.create).
 */

import { assert } from '../../lib/assert.js';
import { InvalidRequestError } from '../../lib/errors.js';
import { TokenRange } from '../ring/token-range.js';

/** A token range on the wire: (left, right], as TokenRange. */
export interface WireTokenRange {
  readonly left: bigint;
  readonly right: bigint;
}

/** Pull: "send me the next page of this table in this range". */
export interface StreamPageRequest {
  readonly tableId: number;
  /** What is left to stream: (after the last token received, the range's right end]. */
  readonly range: WireTokenRange;
  readonly maxPartitions: number;
  readonly maxBytes: number;
}

/** A page, pulled or pushed. */
export interface StreamPage {
  /** An encoded write batch, or null when the page holds no partition. */
  readonly batch: Uint8Array | null;
  readonly partitions: number;
  /** Bytes of the encoded partitions (the batch less its header and record lengths). */
  readonly bytes: number;
  /** The last token of the page when more of the range may follow; null when the range is done. */
  readonly resumeAfter: bigint | null;
}

/** Push: "write this page"; answered with the number of partitions written. */
export interface StreamPushRequest {
  readonly tableId: number;
  readonly batch: Uint8Array;
  readonly partitions: number;
  readonly bytes: number;
}

export function toWireRange(range: TokenRange): WireTokenRange {
  return { left: range.left, right: range.right };
}

/** A range received from another node, checked as a local one would be. */
export function fromWireRange(wire: WireTokenRange): TokenRange {
  if (typeof wire?.left !== 'bigint' || typeof wire.right !== 'bigint') throw new InvalidRequestError('a streamed range needs bigint tokens');
  return TokenRange.create(wire.left, wire.right);
}

export function checkPageRequest(request: StreamPageRequest): void {
  assert(Number.isInteger(request.tableId) && request.tableId >= 0, `table id ${request.tableId}`);
  assert(Number.isInteger(request.maxPartitions) && request.maxPartitions > 0, `maxPartitions ${request.maxPartitions}`);
  assert(Number.isFinite(request.maxBytes) && request.maxBytes > 0, `maxBytes ${request.maxBytes}`);
}
