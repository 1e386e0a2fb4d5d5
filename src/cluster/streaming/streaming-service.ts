/**
 * One node's range streaming (Cassandra's StreamPlan/StreamSession, in pages over the
 * messaging service instead of SSTable sections over a socket): bootstrap, decommission,
 * rebuild and repair's sync all move "every partition of these tables in these token ranges"
 * from one node to another, and this is that primitive.
 *
 *   pull  receiver.streamRangesFrom(source, tables, ranges)
 *           receiver --streamRanges {table, ranges left, limits}--> source
 *           receiver <--page: encoded batch, resume point---------- source (throttled)
 *           receiver writes the batch, asks for what is left ... until the resume point is null
 *   push  sender.pushRangesTo(target, tables, ranges)
 *           sender reads a page (throttled) --streamPush {batch}--> target writes it, acks
 *           ... the next page only after the ack
 *
 * Either way one page per stream is in flight, and the sender's bytes go through the node's
 * one outbound limiter (stream_throughput_outbound, default 24 MiB/s). Pages are unfiltered
 * partitions in the write layout, tombstones and timestamps as they are, written by the
 * receiver with StorageEngine.writeEncodedBatch: they reconcile with what it holds as any
 * write does, so streaming the same range twice, or data the receiver already has, is
 * harmless. The source serves each page statelessly (the ranges left, the first one cut at
 * where to resume), and one page may cover many small ranges (a repair's sub-ranges), so a
 * stream needs no session state on the source and a lost reply only fails that stream.
 *
 * A stream fails at once when its peer is lost (`peerLost`: the failure detector convicted it,
 * it restarted, it left gossip; Cassandra's StreamSession.convict, onRestart, onRemove), and
 * does not begin with a peer the failure detector holds down (Cassandra's would fail to
 * connect), instead of waiting out a page deadline: bootstrap, decommission and repair then
 * fail, and are retried or resumed, as for any stream that failed.
 */

import type { Timers } from '../../actors/timers.js';
import { assert } from '../../lib/assert.js';
import type { Clock } from '../../lib/clock.js';
import type { NodeStorage } from '../../storage/node-storage.js';
import type { MessagingService } from '../messaging/messaging-service.js';
import type { NodeAddress } from '../messaging/transport.js';
import { Verb } from '../messaging/verb.js';
import { TokenRange } from '../ring/token-range.js';
import { checkStreamedBatch } from './check-streamed-batch.js';
import { PeerLoss } from './peer-loss.js';
import { StreamFailedError } from './stream-failed-error.js';
import { streamLimits } from './stream-limits.js';
import {
  checkPageRequest,
  fromWireRange,
  remainderAfter,
  toWireRange,
  type StreamPage,
  type StreamPageRequest,
  type StreamPushRequest,
  type StreamResume,
} from './stream-messages.js';
import { readStreamPage, type PageLimits } from './stream-page-reader.js';
import { StreamRateLimiter } from './stream-rate-limiter.js';
import { StreamTally, type StreamProgress, type StreamSummary } from './stream-summary.js';

export interface StreamingServiceDeps {
  readonly engine: NodeStorage;
  readonly messaging: MessagingService;
  readonly clock: Clock;
  readonly timers: Timers;
  /** Outbound bytes per second for all this node's streams; 0 = unthrottled (default 24 MiB/s). */
  readonly throughputBytesPerSecond?: number;
  /** Deadline of one page, throttle included (default streamLimits.pageTimeoutMs). */
  readonly pageTimeoutMs?: number;
  /** Whether the failure detector holds the peer down now: a stream with it fails at once (default: never). */
  readonly isPeerDown?: (peer: NodeAddress) => boolean;
}

export interface StreamOptions {
  /** Called after each page is written (pull) or acknowledged (push). */
  readonly onProgress?: (progress: StreamProgress) => void;
  readonly maxPartitionsPerPage?: number;
  readonly maxBytesPerPage?: number;
}

/** What this node has streamed since it started, both ways (nodetool netstats). */
export interface StreamTotals {
  partitionsReceived: number;
  bytesReceived: number;
  partitionsSent: number;
  bytesSent: number;
  /** Streams under way, started by this node. */
  active: number;
}

export class StreamingService {
  readonly limiter: StreamRateLimiter;
  private readonly totalsSoFar: StreamTotals = { partitionsReceived: 0, bytesReceived: 0, partitionsSent: 0, bytesSent: 0, active: 0 };
  /** The streams under way (started here), by peer, for peerLost. */
  private readonly underway = new Map<NodeAddress, Set<PeerLoss>>();

  constructor(private readonly deps: StreamingServiceDeps) {
    this.limiter = new StreamRateLimiter(deps.throughputBytesPerSecond ?? streamLimits.throughputBytesPerSecondDefault, deps.clock, deps.timers);
  }

  /** Answers other nodes' page requests and writes the pages they push. */
  serve(): void {
    const { messaging } = this.deps;
    messaging.handle(Verb.streamRanges, (payload) => this.answerPage(payload as StreamPageRequest));
    messaging.handle(Verb.streamPush, (payload) => this.writePushed(payload as StreamPushRequest));
  }

  get address(): NodeAddress {
    return this.deps.messaging.address;
  }

  /** nodetool setstreamthroughput: bytes per second, 0 = unthrottled. */
  setThroughput(bytesPerSecond: number): void {
    this.limiter.setThroughput(bytesPerSecond);
  }

  totals(): Readonly<StreamTotals> {
    return { ...this.totalsSoFar };
  }

  /**
   * The peer is gone (convicted by the failure detector, restarted, out of gossip): every
   * stream this node runs with it fails now with StreamFailedError, whatever it waits for.
   */
  peerLost(peer: NodeAddress, reason: string): void {
    for (const loss of this.underway.get(peer) ?? []) loss.lose(reason);
  }

  /**
   * Pulls every partition of `tableIds` in `ranges` from `source` and writes them here
   * (bootstrap's and repair's receiving side). Rejects with StreamFailedError if the source
   * stops answering; what arrived before stays.
   */
  async streamRangesFrom(source: NodeAddress, tableIds: readonly number[], ranges: readonly TokenRange[], options: StreamOptions = {}): Promise<StreamSummary> {
    assert(source !== this.address, 'a node streams from another node');
    const limits = this.pageLimits(options);
    const tally = new StreamTally(source, 'in', this.deps.clock.nowMs());
    const loss = this.begin(source);
    try {
      for (const tableId of tableIds) {
        tally.touch(tableId);
        await this.pullRanges(source, tableId, ranges, limits, tally, options, loss);
      }
    } finally {
      this.end(source, loss);
    }
    return tally.toSummary(ranges.length, this.deps.clock.nowMs());
  }

  /**
   * Sends every partition of `tableIds` in `ranges` held here to `target`, which writes them
   * (decommission's and repair's sending side). Rejects with StreamFailedError if the target
   * stops acknowledging.
   */
  async pushRangesTo(target: NodeAddress, tableIds: readonly number[], ranges: readonly TokenRange[], options: StreamOptions = {}): Promise<StreamSummary> {
    assert(target !== this.address, 'a node streams to another node');
    const limits = this.pageLimits(options);
    const tally = new StreamTally(target, 'out', this.deps.clock.nowMs());
    const loss = this.begin(target);
    try {
      for (const tableId of tableIds) {
        tally.touch(tableId);
        await this.pushRanges(target, tableId, ranges, limits, tally, options, loss);
      }
    } finally {
      this.end(target, loss);
    }
    return tally.toSummary(ranges.length, this.deps.clock.nowMs());
  }

  private async pullRanges(source: NodeAddress, tableId: number, ranges: readonly TokenRange[], limits: PageLimits, tally: StreamTally, options: StreamOptions, loss: PeerLoss): Promise<void> {
    let pending: TokenRange[] = [...ranges];
    while (pending.length > 0) {
      const window = pending.slice(0, streamLimits.pageRangesMax);
      const request: StreamPageRequest = { tableId, ranges: window.map(toWireRange), ...limits };
      let page: StreamPage;
      try {
        if (loss.reason !== null) throw new Error(loss.reason);
        page = await loss.race(this.deps.messaging.request<StreamPage>(source, Verb.streamRanges, request, this.pageTimeoutMs()));
        if (page.batch !== null) {
          checkStreamedBatch(page.batch, tableId, window, page.partitions);
          await this.deps.engine.writeEncodedBatch(page.batch);
        }
      } catch (error) {
        throw new StreamFailedError(source, 'in', tableId, describe(window), (error as Error).message);
      }
      this.totalsSoFar.partitionsReceived += page.partitions;
      this.totalsSoFar.bytesReceived += page.bytes;
      if (page.partitions > 0) {
        const progress = tally.add(tableId, page.partitions, page.bytes);
        options.onProgress?.(progress);
      }
      pending = nextPending(pending, window, page.resume);
    }
  }

  private async pushRanges(target: NodeAddress, tableId: number, ranges: readonly TokenRange[], limits: PageLimits, tally: StreamTally, options: StreamOptions, loss: PeerLoss): Promise<void> {
    let pending: TokenRange[] = [...ranges];
    while (pending.length > 0) {
      const window = pending.slice(0, streamLimits.pageRangesMax);
      if (loss.reason !== null) throw new StreamFailedError(target, 'out', tableId, describe(window), loss.reason);
      const page = await readStreamPage(this.deps.engine, tableId, window, limits);
      if (page.batch !== null) {
        const request: StreamPushRequest = { tableId, batch: page.batch, partitions: page.partitions, bytes: page.bytes };
        try {
          await loss.race(this.limiter.acquire(page.bytes));
          await loss.race(this.deps.messaging.request<number>(target, Verb.streamPush, request, this.pageTimeoutMs()));
        } catch (error) {
          throw new StreamFailedError(target, 'out', tableId, describe(window), (error as Error).message);
        }
        this.totalsSoFar.partitionsSent += page.partitions;
        this.totalsSoFar.bytesSent += page.bytes;
        const progress = tally.add(tableId, page.partitions, page.bytes);
        options.onProgress?.(progress);
      }
      pending = nextPending(pending, window, page.resume);
    }
  }

  /**
   * The source's side of a pull: one page, after the throttle lets its bytes go. The page is
   * cut to what the throttle lets through in half the page deadline, so a slow setting makes
   * pages smaller rather than late (a page still holds at least one partition).
   */
  private async answerPage(request: StreamPageRequest): Promise<StreamPage> {
    checkPageRequest(request);
    const ranges = request.ranges.map(fromWireRange);
    const page = await readStreamPage(this.deps.engine, request.tableId, ranges, {
      maxPartitions: Math.min(request.maxPartitions, streamLimits.pagePartitionsMax),
      maxBytes: Math.min(request.maxBytes, streamLimits.pageBytesMax, this.limiter.bytesWithinMs(this.pageTimeoutMs() / 2)),
    });
    await this.limiter.acquire(page.bytes);
    this.totalsSoFar.partitionsSent += page.partitions;
    this.totalsSoFar.bytesSent += page.bytes;
    return page;
  }

  /** The target's side of a push: the page written as it came. */
  private async writePushed(request: StreamPushRequest): Promise<number> {
    checkStreamedBatch(request.batch, request.tableId, null, request.partitions);
    const written = await this.deps.engine.writeEncodedBatch(request.batch);
    this.totalsSoFar.partitionsReceived += request.partitions;
    this.totalsSoFar.bytesReceived += request.bytes;
    return written;
  }

  /** A stream with `peer` begins: counted, and lost at once if the failure detector holds the peer down. */
  private begin(peer: NodeAddress): PeerLoss {
    const loss = new PeerLoss();
    if (this.deps.isPeerDown?.(peer) === true) loss.lose('the failure detector holds it down');
    let streams = this.underway.get(peer);
    if (streams === undefined) this.underway.set(peer, (streams = new Set()));
    streams.add(loss);
    this.totalsSoFar.active++;
    return loss;
  }

  private end(peer: NodeAddress, loss: PeerLoss): void {
    this.totalsSoFar.active--;
    const streams = this.underway.get(peer);
    streams?.delete(loss);
    if (streams?.size === 0) this.underway.delete(peer);
  }

  private pageLimits(options: StreamOptions): PageLimits {
    const maxPartitions = options.maxPartitionsPerPage ?? streamLimits.pagePartitionsMax;
    const maxBytes = options.maxBytesPerPage ?? streamLimits.pageBytesMax;
    assert(Number.isInteger(maxPartitions) && maxPartitions > 0 && maxPartitions <= streamLimits.pagePartitionsMax, `maxPartitionsPerPage ${maxPartitions}`);
    assert(maxBytes > 0 && maxBytes <= streamLimits.pageBytesMax, `maxBytesPerPage ${maxBytes}`);
    return { maxPartitions, maxBytes };
  }

  private pageTimeoutMs(): number {
    return this.deps.pageTimeoutMs ?? streamLimits.pageTimeoutMs;
  }
}

/** The ranges still to stream after a page of `window` (the head of `pending`) stopped at `resume`. */
function nextPending(pending: readonly TokenRange[], window: readonly TokenRange[], resume: StreamResume | null): TokenRange[] {
  const after = pending.slice(window.length);
  return resume === null ? after : [...remainderAfter(window, resume), ...after];
}

function describe(ranges: readonly TokenRange[]): string {
  const first = ranges[0] === undefined ? '' : TokenRange.toString(ranges[0]);
  return ranges.length > 1 ? `${first} and ${ranges.length - 1} more` : first;
}
