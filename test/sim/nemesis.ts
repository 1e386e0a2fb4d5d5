/**
 * The faults of a simulated run, drawn from its seed before it starts and played on the
 * simulation's timers while the clients work (Jepsen's nemesis). Each fault starts at a
 * random time in the workload window, lasts a random while, then is undone:
 *
 *   crash      kill the node's process and power (unsynced disk tails torn); restart later
 *   stop       stop the node cleanly (peers hear its shutdown); restart later
 *   partition  cut a random group of nodes from the rest, both ways; heal later
 *   drop       lose each message with some probability
 *   duplicate  deliver some messages twice
 *   delay      stretch message delays up to tens of milliseconds
 *   disk-full  the node's disk refuses writes (DiskFullError); space returns later
 *
 * Membership changes are planned beside them, and are not undone:
 *
 *   bootstrap     a new node joins the ring under load (it streams its ranges first)
 *   decommission  a member leaves the ring, streaming its ranges out first
 *   removenode    a member crashes for good and a live node removes it (its ranges restored
 *                 to their new replicas from the surviving ones)
 *   replace       a member crashes for good and a new node takes its tokens (replace_address)
 *
 * One membership change runs at a time, each once every running node holds the same ring (the
 * last change has spread). Crashes and stops go on during a change, of any node but one
 * leaving: a stream whose peer the failure detector convicts, that restarts, or that it holds
 * down when the stream begins, fails at once (Cassandra's StreamSession.convict), and the
 * change fails with it; a failed bootstrap or replacement is started again and resumes, a
 * failed decommission leaves a node that is restarted as a member, a removal that fails or
 * hangs is forced. Partitions and drops are kept away from a change's streams: a change waits
 * to begin while one is on, and one due while a change runs waits until it has ended (each
 * looks again every HOLD_MS). They lose single messages with the peer alive: a link cut for
 * less than the failure detector takes to convict (a second or two here) loses a stream page
 * that then waits out its 30 s deadline, where TCP, under Cassandra's streams, would resend it
 * once the link is back (seeds 102 and 211 stalled so). A bootstrap may begin with nodes down:
 * the new node, which has never heard from them, takes its ranges from other replicas.
 * Delays, duplicates and full disks go on during a change too.
 *
 * Targets are drawn as fractions and resolved when the fault begins, among the nodes then in
 * the cluster, as nodes come and go. A fault whose target is not in a state to take it (a
 * crash of a node already down, or of one leaving) is skipped. heal() undoes everything at
 * once for the end of the run; changes not begun by then are dropped, those under way go on.
 */

import type { Random } from '../../src/lib/random.js';
import type { SimulatedTime } from './simulated-time.js';

export type FaultKind = 'crash' | 'stop' | 'partition' | 'drop' | 'duplicate' | 'delay' | 'disk-full';
export type ChangeKind = 'bootstrap' | 'decommission' | 'removenode' | 'replace';

const KINDS: readonly FaultKind[] = ['crash', 'crash', 'stop', 'partition', 'partition', 'drop', 'duplicate', 'delay', 'disk-full'];
/** Joins and leaves three times in ten each, removals and replacements twice. */
const CHANGE_KINDS: readonly ChangeKind[] = ['bootstrap', 'bootstrap', 'bootstrap', 'decommission', 'decommission', 'decommission', 'removenode', 'removenode', 'replace', 'replace'];
/** How often a change or a fault held back (see the header) looks again. */
const HOLD_MS = 200;
/** The faults held away from a membership change's streams: they lose single messages with the peer alive (see the header). */
const HELD_FROM_CHANGES: ReadonlySet<FaultKind> = new Set(['partition', 'drop']);

export interface PlannedFault {
  readonly kind: FaultKind;
  readonly atMs: number;
  readonly durationMs: number;
  /** Which node, as a fraction of the nodes in the cluster when it begins. */
  readonly pick: number;
  /** A partition's group size, as a fraction of half the nodes (at least one node). */
  readonly groupShare: number;
  /** Drop or duplicate probability, or the delay ceiling in ms. */
  readonly amount: number;
}

export interface PlannedChange {
  readonly kind: ChangeKind;
  readonly atMs: number;
  /** Which node leaves, or which datacenter a new node joins, as a fraction of the choices then. */
  readonly pick: number;
}

export interface NemesisPlan {
  readonly faults: readonly PlannedFault[];
  readonly changes: readonly PlannedChange[];
}

/** What the nemesis does to the cluster. Node changes that take time (restarts, joins) are started here and run as the simulation steps. */
export interface FaultTarget {
  /** Nodes in the cluster now (not gone), by index, in order. */
  members(): number[];
  isRunning(node: number): boolean;
  /** Why the node cannot be crashed or stopped now (it is leaving), or null. */
  busyWith(node: number): string | null;
  crash(node: number): void;
  stop(node: number): void;
  restart(node: number): void;
  partition(group: readonly number[]): void;
  healPartition(group: readonly number[]): void;
  setDropProbability(probability: number): void;
  setDuplicateProbability(probability: number): void;
  setDelayMaxMs(ms: number): void;
  setDiskFull(node: number, full: boolean): void;
  /** Whether a membership change is under way. */
  changing(): boolean;
  /** Why a change of this kind must wait (a member down, for a decommission), or null. */
  holdsChange(kind: ChangeKind): string | null;
  /** Starts a membership change; why it cannot happen, or null when it has begun. */
  beginChange(kind: ChangeKind, pick: number): string | null;
  trace(line: string): void;
}

export interface NemesisOptions {
  readonly faults: number;
  readonly changes: number;
  /** The changes' kinds, instead of drawing them (tests of the simulator). */
  readonly changeKinds?: readonly ChangeKind[];
  /** Faults and changes start within [0, windowMs) of start(). */
  readonly windowMs: number;
  readonly durationMsMin: number;
  readonly durationMsMax: number;
}

export function planFaults(random: Random, options: NemesisOptions): NemesisPlan {
  const faults: PlannedFault[] = [];
  for (let i = 0; i < options.faults; i++) {
    const kind = KINDS[random.int(KINDS.length)]!;
    const atMs = random.int(options.windowMs);
    const durationMs = options.durationMsMin + random.int(options.durationMsMax - options.durationMsMin + 1);
    const pick = random.next();
    const groupShare = random.next();
    const amount = kind === 'drop' ? 0.05 + random.next() * 0.25 : kind === 'duplicate' ? 0.1 + random.next() * 0.4 : 5 + random.int(40);
    faults.push({ kind, atMs, durationMs, pick, groupShare, amount });
  }
  const changes: PlannedChange[] = [];
  for (let i = 0; i < options.changes; i++) {
    const drawn = CHANGE_KINDS[random.int(CHANGE_KINDS.length)]!;
    changes.push({ kind: options.changeKinds?.[i] ?? drawn, atMs: random.int(options.windowMs), pick: random.next() });
  }
  return { faults: faults.sort((a, b) => a.atMs - b.atMs), changes: changes.sort((a, b) => a.atMs - b.atMs) };
}

/** A fault as it began: its nodes resolved. */
interface ActiveFault {
  readonly fault: PlannedFault;
  readonly nodes: readonly number[];
}

export class Nemesis {
  private readonly active = new Set<ActiveFault>();
  /** Changes planned and not yet begun (or dropped at heal). */
  private changesAhead: number;
  private healed = false;

  constructor(
    private readonly plan: NemesisPlan,
    private readonly target: FaultTarget,
    private readonly time: SimulatedTime,
  ) {
    this.changesAhead = plan.changes.length;
  }

  /** Whether a membership change is planned and has not begun yet. */
  hasChangesAhead(): boolean {
    return !this.healed && this.changesAhead > 0;
  }

  start(): void {
    for (const fault of this.plan.faults) this.time.setTimeout(() => this.begin(fault), fault.atMs);
    for (const change of this.plan.changes) this.time.setTimeout(() => this.beginChange(change), change.atMs);
  }

  /** Ends every fault now and stops those not begun (changes under way go on); nodes down are restarted. */
  heal(): void {
    this.healed = true;
    // Disks first: a node restarted on a full disk could not open its commit log.
    for (const node of this.target.members()) this.target.setDiskFull(node, false);
    for (const fault of [...this.active]) this.end(fault);
    this.target.setDropProbability(0);
    this.target.setDuplicateProbability(0);
    this.target.setDelayMaxMs(0);
    for (const node of this.target.members()) if (!this.target.isRunning(node)) this.target.restart(node);
  }

  private begin(fault: PlannedFault): void {
    if (this.healed) return;
    const members = this.target.members();
    const node = members[Math.floor(fault.pick * members.length)]!;
    if (HELD_FROM_CHANGES.has(fault.kind) && this.target.changing()) {
      this.time.setTimeout(() => this.begin(fault), HOLD_MS);
      return;
    }
    const groupSize = 1 + Math.floor(fault.groupShare * Math.max(1, Math.floor(members.length / 2)));
    // A block of nodes from `node` on, around the cluster's order.
    const at = members.indexOf(node);
    const group = members.filter((_, j) => (j - at + members.length) % members.length < groupSize);
    const active: ActiveFault = { fault, nodes: fault.kind === 'partition' ? group : [node] };
    const kindActive = [...this.active].some((f) => f.fault.kind === fault.kind);
    switch (fault.kind) {
      case 'crash':
      case 'stop': {
        if (!this.target.isRunning(node)) return this.skip(active, 'node not running');
        const busy = this.target.busyWith(node);
        if (busy !== null) return this.skip(active, busy);
        if (fault.kind === 'crash') this.target.crash(node);
        else this.target.stop(node);
        break;
      }
      case 'partition':
        this.target.partition(active.nodes);
        break;
      case 'drop':
      case 'duplicate':
      case 'delay':
        if (kindActive) return this.skip(active, `a ${fault.kind} fault is on`);
        this.setNetwork(fault.kind, fault.amount);
        break;
      case 'disk-full':
        if ([...this.active].some((f) => f.fault.kind === 'disk-full' && f.nodes[0] === node)) return this.skip(active, 'disk already full');
        this.target.setDiskFull(node, true);
        break;
    }
    this.active.add(active);
    this.target.trace(`fault ${fault.kind} ${describe(active)} for ${fault.durationMs} ms`);
    this.time.setTimeout(() => {
      if (this.active.has(active)) this.end(active);
    }, fault.durationMs);
  }

  private end(active: ActiveFault): void {
    this.active.delete(active);
    const node = active.nodes[0]!;
    this.target.trace(`heal ${active.fault.kind} ${describe(active)}`);
    switch (active.fault.kind) {
      case 'crash':
      case 'stop':
        if (!this.target.isRunning(node)) this.target.restart(node);
        break;
      case 'partition':
        this.target.healPartition(active.nodes);
        break;
      case 'drop':
      case 'duplicate':
      case 'delay':
        this.setNetwork(active.fault.kind, 0);
        break;
      case 'disk-full':
        this.target.setDiskFull(node, false);
        break;
    }
  }

  private beginChange(change: PlannedChange): void {
    if (this.healed) return;
    const heldFault = [...this.active].some((f) => HELD_FROM_CHANGES.has(f.fault.kind));
    if (this.target.changing() || heldFault || this.target.holdsChange(change.kind) !== null) {
      this.time.setTimeout(() => this.beginChange(change), HOLD_MS);
      return;
    }
    this.changesAhead--;
    const refusal = this.target.beginChange(change.kind, change.pick);
    if (refusal !== null) this.target.trace(`change ${change.kind} skipped: ${refusal}`);
  }

  private setNetwork(kind: 'drop' | 'duplicate' | 'delay', amount: number): void {
    if (kind === 'drop') this.target.setDropProbability(amount);
    else if (kind === 'duplicate') this.target.setDuplicateProbability(amount);
    else this.target.setDelayMaxMs(amount);
  }

  private skip(active: ActiveFault, why: string): void {
    this.target.trace(`fault ${active.fault.kind} ${describe(active)} skipped: ${why}`);
  }
}

function describe({ fault, nodes }: ActiveFault): string {
  if (fault.kind === 'drop' || fault.kind === 'duplicate') return `p=${fault.amount.toFixed(2)}`;
  return fault.kind === 'delay' ? `max ${fault.amount} ms` : nodes.map((n) => `n${n + 1}`).join(',');
}
