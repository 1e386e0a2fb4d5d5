/**
 * A node's hinted handoff (Cassandra's HintsService, with StorageProxy.shouldHint's policy and
 * HintsDispatchTrigger's schedule):
 *
 *   write path     submitHint(replica, batch): stored in the replica's store unless hinting is
 *                  off, the replica is no longer in the ring (dropped, as for a removed
 *                  target), or it has been down longer than max_hint_window (counted as
 *                  dropped past window); a hint keeps its tables' smallest gc_grace_seconds
 *   dispatch       dispatchTo(hostId) when gossip sees the target come up, and every
 *                  dispatch interval for each store with hints whose target is up and on our
 *                  schema version; one dispatch per target at a time, throttled to
 *                  hinted_handoff_throttle shared by the other nodes of the ring
 *   removal        excise(hostId) drops a store whose target left the ring
 *   handover       transferHints(destinations) when this node decommissions: dispatch stops,
 *                  and every store's hints go to a live node, which keeps them for their
 *                  target (storeHandedOver) and delivers them when it is back
 *   flush          every dispatch interval, and on close, appended hints and dispatch
 *                  positions are synced to the disk
 *
 * The service does no networking of its own: `send` delivers a hint batch to an address and
 * `targets` answers where and how a host is, so the node wires it to messaging and gossip.
 */

import type { TimerHandle, Timers } from '../../actors/timers.js';
import { assert } from '../../lib/assert.js';
import type { Clock } from '../../lib/clock.js';
import type { StoragePort } from '../../lib/storage-port.js';
import type { Endpoint } from '../ring/endpoint.js';
import { tableIdsOfBatch, type Hint } from './hint.js';
import type { HintMessage } from './hint-verb-handler.js';
import { HintsTransferError, type HintDestination, type HintsTransferSummary } from './hints-transfer.js';
import type { HintSink } from './hint-sink.js';
import { HintsCatalog, type HintsLoadReport } from './hints-catalog.js';
import { isValidHostId } from './hints-descriptor.js';
import { HintsDispatcher, type DispatchOutcome } from './hints-dispatcher.js';
import { HintsCounters, type HintsMetrics } from './hints-metrics.js';
import { resolveHintsOptions, type HintsOptions, type ResolvedHintsOptions } from './hints-options.js';
import { RateLimiter } from './rate-limiter.js';

/** Cassandra's default gc_grace_seconds (10 days), for a table the node cannot name. */
const GC_GRACE_SECONDS_DEFAULT = 864_000;

/** What the service needs to know of the cluster, as the node sees it now. */
export interface HintTargets {
  /** The address of the ring member with this host id, or null. */
  addressOf(hostId: string): string | null;
  /** Whether the host is in this node's ring now: a member, joining, or replacing a dead node. */
  isInRing(hostId: string): boolean;
  /** Whether hints can go to the host now: it is up and has our schema version. */
  isReady(hostId: string): boolean;
  /** How long the replica has been seen down, 0 if up (Gossiper.getEndpointDowntime). */
  downtimeMs(replica: Endpoint): number;
  /** Members of the ring, this node included. */
  ringSize(): number;
}

export interface HintsServiceDeps {
  /** <dataDir>/hints */
  readonly directory: string;
  readonly port: StoragePort;
  readonly clock: Clock;
  readonly timers: Timers;
  readonly options?: HintsOptions;
  readonly targets: HintTargets;
  /** Sends one hint batch to a node (Verb.hint); resolves with its acknowledgement. */
  readonly send: (address: string, batch: Uint8Array) => Promise<unknown>;
  /** gc_grace_seconds of a table, if the node knows it. */
  readonly gcGraceSecondsOf?: (tableId: number) => number | undefined;
  /** Sends a handed-over hint (Verb.hint with `handover`) to a node that is not its target; needed by transferHints. */
  readonly handOver?: (address: string, message: HintMessage) => Promise<unknown>;
}

export type DispatchResult = DispatchOutcome | 'nothing-pending' | 'target-not-ready' | 'closed' | 'handing-over';

interface RunningDispatch {
  readonly dispatcher: HintsDispatcher;
  readonly limiter: RateLimiter;
  readonly result: Promise<DispatchResult>;
}

export class HintsService implements HintSink {
  readonly counters = new HintsCounters();
  private options: ResolvedHintsOptions;
  private catalog: HintsCatalog | null = null;
  private readonly running = new Map<string, RunningDispatch>();
  private tickTimer: TimerHandle | null = null;
  private closed = false;
  /** Handing the hints over (decommission): this node delivers nothing itself any more. */
  private handingOver = false;

  constructor(private readonly deps: HintsServiceDeps) {
    this.options = resolveHintsOptions(deps.options);
  }

  /** Loads the stores from the hints directory (creating it). */
  open(): HintsLoadReport {
    assert(this.catalog === null && !this.closed, 'the hints service opens once');
    const { catalog, report } = HintsCatalog.load(this.deps.directory, this.deps.port, this.deps.clock, this.options.maxHintsFileBytes);
    this.catalog = catalog;
    return report;
  }

  /** Starts the periodic flush and dispatch. */
  start(): void {
    assert(this.catalog !== null, 'open the hints service before starting it');
    if (this.tickTimer === null && !this.closed) this.scheduleTick();
  }

  // ---- the write path ----

  submitHint(replica: Endpoint, batch: Uint8Array): boolean {
    if (this.closed || this.catalog === null || !this.options.enabled) return false;
    if (!isValidHostId(replica.hostId)) {
      // A host id that cannot name a file: the write must not fail for it, so the hint is counted as not stored.
      this.counters.add('storeErrors');
      return false;
    }
    // StorageProxy.submitHint: "Discarding hint for endpoint not part of ring". A write sent
    // before the replica left (or was replaced) times out after gossip has excised its hints;
    // stored now, its hint would be kept for ever (simulator seeds 8 and 196).
    if (!this.deps.targets.isInRing(replica.hostId)) {
      this.counters.add('droppedRemovedTarget');
      return false;
    }
    if (this.deps.targets.downtimeMs(replica) > this.options.maxHintWindowMs) {
      this.counters.add('droppedPastWindow');
      return false;
    }
    try {
      this.catalog.storeFor(replica.hostId).append({ creationMs: this.deps.clock.nowMs(), gcGraceSeconds: this.gcGraceSecondsOf(batch), batch });
    } catch {
      // The write itself succeeded or failed on its own acks; a hint the disk refused is lost, as in Cassandra, and counted.
      this.counters.add('storeErrors');
      return false;
    }
    this.counters.add('created');
    return true;
  }

  // ---- dispatch ----

  /** Delivers the hints for `hostId` now if its target is ready; joins the dispatch already running. */
  dispatchTo(hostId: string): Promise<DispatchResult> {
    if (this.closed || this.catalog === null) return Promise.resolve('closed');
    if (this.handingOver) return Promise.resolve('handing-over');
    const running = this.running.get(hostId);
    if (running !== undefined) return running.result;
    const store = this.catalog.lookupStore(hostId);
    if (store === undefined || !store.hasPending()) return Promise.resolve('nothing-pending');
    const address = this.deps.targets.addressOf(hostId);
    if (address === null || !this.deps.targets.isReady(hostId)) return Promise.resolve('target-not-ready');
    // The open file is sealed so its hints go too; hints arriving meanwhile begin a new one.
    store.seal();
    const limiter = new RateLimiter(this.deps.clock, this.dispatchBytesPerSecond());
    const dispatcher = new HintsDispatcher({
      store,
      port: this.deps.port,
      clock: this.deps.clock,
      timers: this.deps.timers,
      limiter,
      send: (hint) => this.deps.send(address, hint.batch),
      counters: this.counters,
    });
    const result = dispatcher
      .run()
      .catch((): DispatchResult => {
        // A hints file the disk would not read: counted as a failed delivery, tried again on the next trigger.
        this.counters.add('failed');
        return 'failed';
      })
      .finally(() => {
        this.running.delete(hostId);
        store.sync();
      });
    this.running.set(hostId, { dispatcher, limiter, result });
    return result;
  }

  /**
   * A hint another node handed over for `hostId` (its target): stored as it came, whatever the
   * policy says (Cassandra's HintVerbHandler writes it as it is); throws if the disk refuses it,
   * so the sender keeps it.
   */
  storeHandedOver(hostId: string, hint: Hint): void {
    if (this.closed || this.catalog === null) throw new Error('the hints service is closed');
    assert(isValidHostId(hostId), `hint handed over for ${hostId}, not a host id`);
    this.catalog.storeFor(hostId).append(hint);
    this.counters.add('transferredIn');
  }

  /**
   * Hands every undelivered hint to another node before this one leaves the ring (Cassandra's
   * HintsService.transferHints, called by StorageService.unbootstrap's streamHints). Dispatch
   * stops for good and running deliveries end after their hint in flight; then each store's
   * files go, hint by hint and throttled as dispatch is, to the first of `destinations` that
   * takes them all, each as a hint for its own target (a destination that is the target
   * applies it). A destination that refuses or times out is passed over for the next one.
   */
  async transferHints(destinations: readonly HintDestination[]): Promise<HintsTransferSummary> {
    assert(this.catalog !== null && !this.closed, 'the hints service is not open');
    const handOver = this.deps.handOver;
    assert(handOver !== undefined, 'the hints service was built without handOver');
    this.handingOver = true;
    await this.abortDispatches();
    const stores = this.catalog.all().filter((store) => store.hasPending());
    const summary = { hints: 0, stores: stores.length, destinations: [] as string[] };
    if (stores.length === 0) return summary;
    // Cassandra's getPreferredHintsStreamTarget: "Unable to stream hints since no live endpoints seen".
    if (destinations.length === 0) throw new HintsTransferError('Unable to stream hints since no live endpoints seen');
    let next = 0;
    for (const store of stores) {
      for (;;) {
        const destination = destinations[next];
        if (destination === undefined) throw new HintsTransferError(`Unable to stream the hints for ${store.hostId}: no live node took them`);
        store.seal();
        const before = this.counters.snapshot([]).transferredOut;
        const limiter = new RateLimiter(this.deps.clock, this.dispatchBytesPerSecond());
        const dispatcher = new HintsDispatcher({
          store,
          port: this.deps.port,
          clock: this.deps.clock,
          timers: this.deps.timers,
          limiter,
          send: (hint) => handOver(destination.address, { batch: hint.batch, handover: { target: store.hostId, creationMs: hint.creationMs, gcGraceSeconds: hint.gcGraceSeconds } }),
          counters: this.counters,
          countAs: 'transferredOut',
        });
        const outcome = await this.track(store.hostId, dispatcher, limiter);
        summary.hints += this.counters.snapshot([]).transferredOut - before;
        if (outcome === 'done') {
          if (!summary.destinations.includes(destination.address)) summary.destinations.push(destination.address);
          break;
        }
        if (outcome === 'aborted' || this.closed) throw new HintsTransferError('the hints service closed while handing hints over');
        next++; // that node refused or did not answer: the next nearest one
      }
    }
    return summary;
  }

  /** Drops every hint for a host that left the ring (HintsService.excise); returns how many. */
  excise(hostId: string): number {
    const store = this.catalog?.lookupStore(hostId);
    if (store === undefined) return 0;
    this.running.get(hostId)?.dispatcher.abort();
    const dropped = store.deleteAll();
    this.counters.add('droppedRemovedTarget', dropped);
    return dropped;
  }

  // ---- settings (nodetool enable/disablehandoff, setmaxhintwindow, sethintedhandoffthrottlekb) ----

  get settings(): ResolvedHintsOptions {
    return this.options;
  }

  setEnabled(enabled: boolean): void {
    this.options = resolveHintsOptions({ ...this.options, enabled });
  }

  setMaxHintWindowMs(maxHintWindowMs: number): void {
    this.options = resolveHintsOptions({ ...this.options, maxHintWindowMs });
  }

  setThrottleKiBPerSecond(throttleKiBPerSecond: number): void {
    this.options = resolveHintsOptions({ ...this.options, throttleKiBPerSecond });
    for (const { limiter } of this.running.values()) limiter.setRate(this.dispatchBytesPerSecond());
  }

  metrics(): HintsMetrics {
    const pending = (this.catalog?.all() ?? [])
      .filter((store) => store.hasPending())
      .map((store) => ({ hostId: store.hostId, ...store.pending() }))
      .sort((a, b) => (a.hostId < b.hostId ? -1 : a.hostId > b.hostId ? 1 : 0));
    return this.counters.snapshot(pending);
  }

  /**
   * Stops dispatching (each dispatch ends after the hint in flight settles, so what the
   * target acknowledged is recorded), then syncs and closes every file.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.tickTimer !== null) this.deps.timers.clearTimeout(this.tickTimer);
    this.tickTimer = null;
    await this.abortDispatches();
    this.catalog?.close();
  }

  /** Stops every running delivery; resolves when each has settled its hint in flight. */
  private async abortDispatches(): Promise<void> {
    const results = [...this.running.values()].map(({ dispatcher, result }) => {
      dispatcher.abort();
      return result;
    });
    await Promise.all(results);
  }

  /** Runs a handover dispatcher as a dispatch of its store (close aborts it, no other dispatch joins it). */
  private track(hostId: string, dispatcher: HintsDispatcher, limiter: RateLimiter): Promise<DispatchResult> {
    const store = this.catalog!.lookupStore(hostId)!;
    const result = dispatcher
      .run()
      .catch((): DispatchResult => 'failed')
      .finally(() => {
        this.running.delete(hostId);
        store.sync();
      });
    this.running.set(hostId, { dispatcher, limiter, result });
    return result;
  }

  private scheduleTick(): void {
    this.tickTimer = this.deps.timers.setTimeout(() => this.tick(), this.options.dispatchIntervalMs);
  }

  private tick(): void {
    this.tickTimer = null;
    if (this.closed || this.catalog === null) return;
    for (const store of this.catalog.all()) {
      try {
        store.sync();
      } catch {
        // A failed sync leaves the hints in the operating system's hands; the next tick tries again.
        this.counters.add('storeErrors');
      }
      if (store.hasPending() && !this.running.has(store.hostId)) void this.dispatchTo(store.hostId);
    }
    this.scheduleTick();
  }

  /** hinted_handoff_throttle, shared by the nodes that may all be delivering to one target. */
  private dispatchBytesPerSecond(): number {
    const others = Math.max(1, this.deps.targets.ringSize() - 1);
    return (this.options.throttleKiBPerSecond * 1024) / others;
  }

  private gcGraceSecondsOf(batch: Uint8Array): number {
    let smallest = Number.POSITIVE_INFINITY;
    for (const tableId of tableIdsOfBatch(batch)) smallest = Math.min(smallest, this.deps.gcGraceSecondsOf?.(tableId) ?? GC_GRACE_SECONDS_DEFAULT);
    return Number.isFinite(smallest) ? smallest : GC_GRACE_SECONDS_DEFAULT;
  }
}
