/**
 * A coordinator's range read (Cassandra's StorageProxy.getRangeSlice): the requested token
 * span cut at the ring's tokens, each piece read from the replicas its consistency level needs
 * (page by page, each replica's page unfiltered), reconciled partition by partition, filtered
 * to live rows and yielded in token order. A piece whose only replica needed is this node is
 * the engine's own scan. Replicas that disagree are repaired before the page is answered
 * (read-repair.ts), as Cassandra's range reads do at QUORUM and ALL.
 *
 * Known limit: pages resume after the last token a replica returned, so two partitions whose
 * keys share one 64-bit token and straddle a page boundary would lose the second.
 */

import type { Clock } from '../../lib/clock.js';
import { compareDecoratedKeys, MIN_TOKEN, type Token } from '../../storage/model/token.js';
import type { PartitionUpdate } from '../../storage/model/partition-update.js';
import { filterLive, type LivePartition } from '../../storage/model/read-filter.js';
import { reconcileAllPartitions } from '../../storage/model/reconcile-partitions.js';
import type { NodeStorage } from '../../storage/node-storage.js';
import type { ScanRange } from '../../storage/storage-engine.js';
import { assureSufficientLiveNodes, validateForRead, type ConsistencyLevel } from '../consistency/consistency-level.js';
import { replicasToContactForRead } from '../consistency/replicas-to-contact.js';
import { NoReplyError, type MessagingService } from '../messaging/messaging-service.js';
import { Verb } from '../messaging/verb.js';
import type { Endpoint } from '../ring/endpoint.js';
import type { TokenMetadata } from '../ring/token-metadata.js';
import { byProximity, type ClusterView } from './cluster-view.js';
import { ReadTimeoutError, ReplicaReadFailureError } from './consistency-errors.js';
import { ReadRepair } from './read-repair.js';
import { answerRangeRead } from './replica-service.js';
import { partitionFromBytes, type RangeReadRequest, type RangeReadResponse } from './replica-messages.js';

export interface RangeReadCoordinatorDeps {
  readonly engine: NodeStorage;
  readonly messaging: MessagingService;
  readonly view: ClusterView;
  readonly clock: Clock;
  readonly timeoutMs: number;
  /** Repairs sent by range reads (for metrics and tests). */
  readonly onReadRepair?: (replica: Endpoint) => void;
}

/** A piece of the scanned span inside one ring range: (start, end], null = the ring's end. */
interface Piece {
  readonly ringIndex: number;
  readonly start: Token | null;
  readonly end: Token | null;
}

const DEFAULT_PAGE = 1000;

export class RangeReadCoordinator {
  private readonly repairs: ReadRepair;

  constructor(private readonly deps: RangeReadCoordinatorDeps) {
    this.repairs = new ReadRepair(deps);
  }

  async *scan(tableId: number, range: ScanRange, level: ConsistencyLevel): AsyncGenerator<LivePartition> {
    const { view, engine } = this.deps;
    const strategy = view.strategyOf(tableId);
    if (strategy === null) {
      yield* engine.scan(tableId, range);
      return;
    }
    validateForRead(level);
    const ring = view.ring();
    const pageSize = range.pageSize ?? DEFAULT_PAGE;
    for (const piece of piecesOf(ring, range.startToken ?? null, range.endToken ?? null)) {
      const live = byProximity(strategy.replicasAt(piece.ringIndex, ring).filter((r) => view.isAlive(r)), view.self);
      assureSufficientLiveNodes(level, strategy, live, view.self.datacenter);
      const contacts = replicasToContactForRead(level, strategy, live, view.self.datacenter, 'NONE');
      if (contacts.length === 1 && contacts[0]!.hostId === view.self.hostId) {
        yield* engine.scan(tableId, { ...(piece.start === null ? {} : { startToken: piece.start }), ...(piece.end === null ? {} : { endToken: piece.end }), pageSize });
        continue;
      }
      yield* this.readPiece(tableId, piece, contacts, pageSize, level);
    }
  }

  private async *readPiece(tableId: number, piece: Piece, contacts: readonly Endpoint[], pageSize: number, level: ConsistencyLevel): AsyncGenerator<LivePartition> {
    let cursor = piece.start;
    for (;;) {
      const request: RangeReadRequest = { tableId, startToken: cursor, endToken: piece.end, limit: pageSize };
      const pages = await this.gather(contacts, request, level);
      // Only what every replica has covered is complete: up to the lowest last token of the
      // replicas that stopped at their limit.
      let stop: Token | null = piece.end;
      let more = false;
      const decoded = pages.map((page) => page.partitions.map(partitionFromBytes));
      pages.forEach((page, i) => {
        if (!page.more) return;
        more = true;
        const last = decoded[i]!.at(-1)!.token;
        if (stop === null || last < stop) stop = last;
      });
      // Each partition (up to `stop`) as every replica holds it: absent means it has none.
      const byKey = new Map<string, Array<PartitionUpdate | null>>();
      decoded.forEach((partitions, replica) => {
        for (const partition of partitions) {
          if (stop !== null && partition.token > stop) continue;
          const id = `${partition.token}:${Buffer.from(partition.key).toString('hex')}`;
          let versions = byKey.get(id);
          if (versions === undefined) byKey.set(id, (versions = new Array<PartitionUpdate | null>(contacts.length).fill(null)));
          versions[replica] = partition;
        }
      });
      const rows = [...byKey.values()].map((versions) => ({ versions, merged: reconcileAllPartitions(versions)! }));
      rows.sort((a, b) => compareDecoratedKeys(a.merged, b.merged));
      const merged = rows.map((r) => r.merged);
      // Blocking read repair, as a partition read's: the replicas read hold the page before it is answered.
      await this.repairs.repair(merged, contacts.map((replica, i) => ({ replica, versions: rows.map((r) => r.versions[i]!) })), level);
      const nowSeconds = this.deps.clock.nowSeconds();
      for (const partition of merged) {
        const live = filterLive(partition, nowSeconds);
        if (live.rows.length > 0 || live.staticRow !== null) yield live;
      }
      if (!more) return;
      cursor = stop;
    }
  }

  private async gather(contacts: readonly Endpoint[], request: RangeReadRequest, level: ConsistencyLevel): Promise<RangeReadResponse[]> {
    const { view, engine, messaging, timeoutMs } = this.deps;
    const settled = await Promise.allSettled(
      contacts.map((replica) =>
        replica.hostId === view.self.hostId
          ? answerRangeRead(engine, request)
          : messaging.request<RangeReadResponse>(replica.address, Verb.rangeRead, request, timeoutMs),
      ),
    );
    const pages = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    if (pages.length === contacts.length) return pages;
    const failure = settled.find((s) => s.status === 'rejected' && !(s.reason instanceof NoReplyError));
    if (failure !== undefined) {
      const failures = settled.filter((s) => s.status === 'rejected' && !(s.reason instanceof NoReplyError)).length;
      throw new ReplicaReadFailureError(level, pages.length, contacts.length, failures, pages.length > 0, ((failure as PromiseRejectedResult).reason as Error).message);
    }
    throw new ReadTimeoutError(level, pages.length, contacts.length, pages.length > 0);
  }
}

/**
 * The span (start, end] (null = unbounded) cut at ring tokens, in token order, each piece
 * with the ring index whose replicas serve it. The wrapping range (last token, first token]
 * serves both the span's beginning (MIN, first] and its end (last, MAX].
 */
export function piecesOf(ring: TokenMetadata, start: Token | null, end: Token | null): Piece[] {
  const tokens = ring.sortedTokens();
  const pieces: Piece[] = [];
  const add = (ringIndex: number, left: Token | null, right: Token | null): void => {
    // Intersect (left, right] with (start, end]; null left = MIN, null right = the end.
    const lo = start === null ? left : left === null || start > left ? start : left;
    const hi = end === null ? right : right === null || end < right ? end : right;
    if (hi !== null && lo !== null && lo >= hi) return;
    if (hi !== null && hi === MIN_TOKEN) return;
    pieces.push({ ringIndex, start: lo, end: hi });
  };
  add(0, null, tokens[0]!);
  for (let i = 1; i < tokens.length; i++) add(i, tokens[i - 1]!, tokens[i]!);
  add(0, tokens.at(-1)!, null);
  return pieces;
}
