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
import { streamLimits } from './stream-limits.js';

/** A token range on the wire: (left, right], as TokenRange. */
export interface WireTokenRange {
  readonly left: bigint;
  readonly right: bigint;
}

/** Pull: "send me the next page of this table in these ranges". */
export interface StreamPageRequest {
  readonly tableId: number;
  /**
   * What is left to stream, in order (at most streamLimits.pageRangesMax): the first range
   * starts after the last token received.
   */
  readonly ranges: readonly WireTokenRange[];
  readonly maxPartitions: number;
  readonly maxBytes: number;
}

/** Where a page stopped: the ranges before `rangeIndex` are done, and that one up to `after` (inclusive). */
export interface StreamResume {
  readonly rangeIndex: number;
  readonly after: bigint;
}

/** A page, pulled or pushed. */
export interface StreamPage {
  /** An encoded write batch, or null when the page holds no partition. */
  readonly batch: Uint8Array | null;
  readonly partitions: number;
  /** Bytes of the encoded partitions (the batch less its header and record lengths). */
  readonly bytes: number;
  /** Where to resume when more may follow; null when every range asked for is done. */
  readonly resume: StreamResume | null;
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

/**
 * What is left of `ranges` once a page stopped at `resume`: the range it stopped in, from
 * after its last token (unless that was its right end), and those after it.
 */
export function remainderAfter(ranges: readonly TokenRange[], resume: StreamResume): TokenRange[] {
  const stoppedIn = ranges[resume.rangeIndex];
  assert(stoppedIn !== undefined && TokenRange.contains(stoppedIn, resume.after), `resume point ${resume.rangeIndex}:${resume.after} outside the ranges asked for`);
  const rest = ranges.slice(resume.rangeIndex + 1);
  return resume.after === stoppedIn.right ? rest : [TokenRange.create(resume.after, stoppedIn.right), ...rest];
}

/** A range received from another node, checked as a local one would be. */
export function fromWireRange(wire: WireTokenRange): TokenRange {
  if (typeof wire?.left !== 'bigint' || typeof wire.right !== 'bigint') throw new InvalidRequestError('a streamed range needs bigint tokens');
  return TokenRange.create(wire.left, wire.right);
}

export function checkPageRequest(request: StreamPageRequest): void {
  assert(Number.isInteger(request.tableId) && request.tableId >= 0, `table id ${request.tableId}`);
  assert(Array.isArray(request.ranges) && request.ranges.length > 0 && request.ranges.length <= streamLimits.pageRangesMax, `a page request of ${request.ranges?.length} ranges`);
  assert(Number.isInteger(request.maxPartitions) && request.maxPartitions > 0, `maxPartitions ${request.maxPartitions}`);
  assert(Number.isFinite(request.maxBytes) && request.maxBytes > 0, `maxBytes ${request.maxBytes}`);
}
