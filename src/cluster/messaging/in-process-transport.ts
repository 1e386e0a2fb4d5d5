/**
 * The transport between nodes of one process. A message is delivered after the synchronous run
 * that sent it (a microtask; never inside its send, so a reply never runs inside its request's),
 * as a copy of its bytes (no node ever holds another's buffer), unless the network faults say
 * it is cut, dropped or delayed. Time and randomness are arguments, so the simulator drives
 * the same class with a manual clock and a seeded random source.
 */

import type { TaskScheduler, Timers } from '../../actors/timers.js';
import { microtaskBurstScheduler, systemTimers } from '../../actors/system-timers.js';
import { pooledCopy } from '../../lib/bytes/pooled-bytes.js';
import { SeededRandom, type Random } from '../../lib/random.js';
import { NetworkFaults } from './network-faults.js';
import type { Inbox, NodeAddress, Transport, TransportEndpoint } from './transport.js';

export interface TransportCounters {
  delivered: number;
  /** Lost because the destination was not bound (down), the link was cut, or by drop probability. */
  lost: number;
}

export class InProcessTransport implements Transport {
  readonly faults = new NetworkFaults();
  readonly counters: TransportCounters = { delivered: 0, lost: 0 };
  private readonly inboxes = new Map<NodeAddress, Inbox>();

  constructor(
    private readonly timers: Timers = systemTimers,
    private readonly random: Random = new SeededRandom(Date.now() & 0x7fffffff),
    /**
     * Runs an undelayed delivery after the sender's synchronous run. A zero-delay timer would
     * do, but Node's timers are at least 1 ms: every hop of a request and its reply paid that
     * much, and a setImmediate a loop iteration (3-node QUORUM reads at 64 in flight: ~20%).
     * The simulator's manual timers deliver on their zero-delay timer.
     */
    private readonly scheduler: TaskScheduler = timers === systemTimers ? microtaskBurstScheduler() : { schedule: (task) => timers.setTimeout(task, 0) },
  ) {}

  bind(address: NodeAddress, inbox: Inbox): TransportEndpoint {
    if (this.inboxes.has(address)) throw new Error(`${address} is already bound on this transport`);
    this.inboxes.set(address, inbox);
    let open = true;
    return {
      address,
      send: (to, message) => {
        if (open) this.send(address, to, message);
      },
      close: () => {
        if (!open) return;
        open = false;
        if (this.inboxes.get(address) === inbox) this.inboxes.delete(address);
      },
    };
  }

  /** Whether a node is bound (listening) right now. */
  isBound(address: NodeAddress): boolean {
    return this.inboxes.has(address);
  }

  private send(from: NodeAddress, to: NodeAddress, message: Uint8Array): void {
    const faults = this.faults;
    if (faults.isCut(from, to) || (faults.dropProbability > 0 && this.random.next() < faults.dropProbability)) {
      this.counters.lost++;
      return;
    }
    const copies = faults.duplicateProbability > 0 && this.random.next() < faults.duplicateProbability ? 2 : 1;
    for (let i = 0; i < copies; i++) {
      const bytes = pooledCopy(message);
      const delayMs = this.delayMs(from, to);
      if (delayMs > 0) this.timers.setTimeout(() => this.deliver(from, to, bytes), delayMs);
      else this.scheduler.schedule(() => this.deliver(from, to, bytes));
    }
  }

  private deliver(from: NodeAddress, to: NodeAddress, message: Uint8Array): void {
    // Checked again on arrival: a link cut or a node stopped while the message travelled loses it.
    const inbox = this.inboxes.get(to);
    if (inbox === undefined || this.faults.isCut(from, to)) {
      this.counters.lost++;
      return;
    }
    this.counters.delivered++;
    inbox(from, message);
  }

  private delayMs(from: NodeAddress, to: NodeAddress): number {
    const { minMs, maxMs } = this.faults.delayOf(from, to);
    return maxMs <= minMs ? minMs : minMs + this.random.next() * (maxMs - minMs);
  }
}
