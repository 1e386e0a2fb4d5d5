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
 * A fault whose target is not in a state to take it (a crash of a node already down) is
 * skipped. heal() undoes everything at once for the end of the run.
 */

import type { Random } from '../../src/lib/random.js';
import type { SimulatedTime } from './simulated-time.js';

export type FaultKind = 'crash' | 'stop' | 'partition' | 'drop' | 'duplicate' | 'delay' | 'disk-full';

const KINDS: readonly FaultKind[] = ['crash', 'crash', 'stop', 'partition', 'partition', 'drop', 'duplicate', 'delay', 'disk-full'];

export interface PlannedFault {
  readonly kind: FaultKind;
  readonly atMs: number;
  readonly durationMs: number;
  /** Node indexes: the one node (crash, stop, disk-full) or the group cut off (partition). */
  readonly nodes: readonly number[];
  /** Drop or duplicate probability, or the delay ceiling in ms. */
  readonly amount: number;
}

/** What the nemesis does to the cluster. Node changes that take time (restarts) are started here and run as the simulation steps. */
export interface FaultTarget {
  readonly nodeCount: number;
  isRunning(node: number): boolean;
  crash(node: number): void;
  stop(node: number): void;
  restart(node: number): void;
  partition(group: readonly number[]): void;
  healPartition(group: readonly number[]): void;
  setDropProbability(probability: number): void;
  setDuplicateProbability(probability: number): void;
  setDelayMaxMs(ms: number): void;
  setDiskFull(node: number, full: boolean): void;
  trace(line: string): void;
}

export interface NemesisOptions {
  readonly faults: number;
  /** Faults start within [0, windowMs) of start(). */
  readonly windowMs: number;
  readonly durationMsMin: number;
  readonly durationMsMax: number;
}

export function planFaults(random: Random, nodeCount: number, options: NemesisOptions): PlannedFault[] {
  const plan: PlannedFault[] = [];
  for (let i = 0; i < options.faults; i++) {
    const kind = KINDS[random.int(KINDS.length)]!;
    const atMs = random.int(options.windowMs);
    const durationMs = options.durationMsMin + random.int(options.durationMsMax - options.durationMsMin + 1);
    const node = random.int(nodeCount);
    const groupSize = 1 + random.int(Math.max(1, Math.floor(nodeCount / 2)));
    // A block of nodes from `node` on, around the ring of indexes.
    const group = [...Array(nodeCount).keys()].filter((j) => (j - node + nodeCount) % nodeCount < groupSize);
    const amount = kind === 'drop' ? 0.05 + random.next() * 0.25 : kind === 'duplicate' ? 0.1 + random.next() * 0.4 : 5 + random.int(40);
    plan.push({ kind, atMs, durationMs, nodes: kind === 'partition' ? group : [node], amount });
  }
  return plan.sort((a, b) => a.atMs - b.atMs);
}

export class Nemesis {
  private readonly active = new Set<PlannedFault>();
  private healed = false;

  constructor(
    private readonly plan: readonly PlannedFault[],
    private readonly target: FaultTarget,
    private readonly time: SimulatedTime,
  ) {}

  start(): void {
    for (const fault of this.plan) this.time.setTimeout(() => this.begin(fault), fault.atMs);
  }

  /** Ends every fault now and stops those not begun; nodes down are restarted. */
  heal(): void {
    this.healed = true;
    // Disks first: a node restarted on a full disk could not open its commit log.
    for (let node = 0; node < this.target.nodeCount; node++) this.target.setDiskFull(node, false);
    for (const fault of [...this.active]) this.end(fault);
    this.target.setDropProbability(0);
    this.target.setDuplicateProbability(0);
    this.target.setDelayMaxMs(0);
    for (let node = 0; node < this.target.nodeCount; node++) if (!this.target.isRunning(node)) this.target.restart(node);
  }

  private begin(fault: PlannedFault): void {
    if (this.healed) return;
    const node = fault.nodes[0]!;
    const kindActive = [...this.active].some((f) => f.kind === fault.kind);
    switch (fault.kind) {
      case 'crash':
      case 'stop':
        if (!this.target.isRunning(node)) return this.skip(fault, 'node not running');
        if (fault.kind === 'crash') this.target.crash(node);
        else this.target.stop(node);
        break;
      case 'partition':
        this.target.partition(fault.nodes);
        break;
      case 'drop':
      case 'duplicate':
      case 'delay':
        if (kindActive) return this.skip(fault, `a ${fault.kind} fault is on`);
        this.setNetwork(fault.kind, fault.amount);
        break;
      case 'disk-full':
        if ([...this.active].some((f) => f.kind === 'disk-full' && f.nodes[0] === node)) return this.skip(fault, 'disk already full');
        this.target.setDiskFull(node, true);
        break;
    }
    this.active.add(fault);
    this.target.trace(`fault ${fault.kind} ${describe(fault)} for ${fault.durationMs} ms`);
    this.time.setTimeout(() => {
      if (this.active.has(fault)) this.end(fault);
    }, fault.durationMs);
  }

  private end(fault: PlannedFault): void {
    this.active.delete(fault);
    const node = fault.nodes[0]!;
    this.target.trace(`heal ${fault.kind} ${describe(fault)}`);
    switch (fault.kind) {
      case 'crash':
      case 'stop':
        if (!this.target.isRunning(node)) this.target.restart(node);
        break;
      case 'partition':
        this.target.healPartition(fault.nodes);
        break;
      case 'drop':
      case 'duplicate':
      case 'delay':
        this.setNetwork(fault.kind, 0);
        break;
      case 'disk-full':
        this.target.setDiskFull(node, false);
        break;
    }
  }

  private setNetwork(kind: 'drop' | 'duplicate' | 'delay', amount: number): void {
    if (kind === 'drop') this.target.setDropProbability(amount);
    else if (kind === 'duplicate') this.target.setDuplicateProbability(amount);
    else this.target.setDelayMaxMs(amount);
  }

  private skip(fault: PlannedFault, why: string): void {
    this.target.trace(`fault ${fault.kind} ${describe(fault)} skipped: ${why}`);
  }
}

function describe(fault: PlannedFault): string {
  const nodes = fault.nodes.map((n) => `n${n + 1}`).join(',');
  if (fault.kind === 'drop' || fault.kind === 'duplicate') return `p=${fault.amount.toFixed(2)}`;
  return fault.kind === 'delay' ? `max ${fault.amount} ms` : nodes;
}
