/**
 * Gossipers wired by hand for unit tests: sends go to a FIFO that the test drains, so each
 * step of an exchange can be looked at. Messages pass through the codec, as on a real wire.
 */

import type { TimerHandle, Timers } from '../../../../src/actors/timers.js';
import { ManualClock } from '../../../../src/lib/clock.js';
import { SeededRandom } from '../../../../src/lib/random.js';
import type { ApplicationState } from '../../../../src/cluster/gossip/application-state.js';
import { type Endpoint, asEndpoint } from '../../../../src/cluster/gossip/endpoint.js';
import { decodeGossipMessage, encodeGossipMessage } from '../../../../src/cluster/gossip/gossip-codec.js';
import type { GossipListener } from '../../../../src/cluster/gossip/gossip-listener.js';
import { Gossiper } from '../../../../src/cluster/gossip/gossiper.js';
import type { GossipMessage } from '../../../../src/cluster/gossip/messages.js';

export interface Sent {
  readonly from: Endpoint;
  readonly to: Endpoint;
  readonly message: GossipMessage;
}

export const startMs = 1_700_000_000_000;
export const partitioner = 'org.apache.cassandra.dht.Murmur3Partitioner';

/** Timers on the wire's clock: what is due runs when a round moves the clock past it. */
export class WireTimers implements Timers {
  private readonly due = new Map<number, { atMs: number; task: () => void }>();
  private nextId = 0;

  constructor(private readonly clock: ManualClock) {}

  setTimeout(task: () => void, delayMs: number): TimerHandle {
    this.due.set(++this.nextId, { atMs: this.clock.nowMs() + delayMs, task });
    return { timerId: this.nextId };
  }

  clearTimeout(handle: TimerHandle): void {
    this.due.delete(handle.timerId as number);
  }

  /** Runs every task due by now, in the order they were set. */
  runDue(): void {
    for (const [id, timer] of [...this.due]) {
      if (timer.atMs > this.clock.nowMs()) continue;
      this.due.delete(id);
      timer.task();
    }
  }
}

export class HandWire {
  readonly clock = new ManualClock(startMs);
  readonly timers = new WireTimers(this.clock);
  readonly queue: Sent[] = [];
  readonly events: string[] = [];
  private readonly gossipers = new Map<Endpoint, Gossiper>();
  private seedCounter = 1;

  add(address: string, seeds: readonly string[], clusterName = 'test', options: { fatClientTimeoutMs?: number } = {}): Gossiper {
    const endpoint = asEndpoint(address);
    const gossiper = new Gossiper({
      ...options,
      localEndpoint: endpoint,
      clusterName,
      partitionerName: partitioner,
      seeds: seeds.map(asEndpoint),
      clock: this.clock,
      random: new SeededRandom(this.seedCounter++),
      send: (to, message) => this.queue.push({ from: endpoint, to, message: decodeGossipMessage(encodeGossipMessage(message)) }),
      phiConvictThreshold: 8,
    });
    gossiper.register(this.recorder(address));
    this.gossipers.set(endpoint, gossiper);
    return gossiper;
  }

  /** Replaces the gossiper at an address (a restarted process). */
  replace(address: string, seeds: readonly string[]): Gossiper {
    this.gossipers.delete(asEndpoint(address));
    return this.add(address, seeds);
  }

  /** Delivers queued messages (and those they cause) until none is left; returns them. */
  deliverAll(drop: (sent: Sent) => boolean = () => false): Sent[] {
    const delivered: Sent[] = [];
    for (let guard = 0; this.queue.length > 0; guard++) {
      if (guard > 10_000) throw new Error('message storm');
      const sent = this.queue.shift()!;
      if (drop(sent)) continue;
      delivered.push(sent);
      this.gossipers.get(sent.to)?.receive(sent.from, sent.message);
    }
    return delivered;
  }

  /** Everyone ticks, then messages settle; `times` rounds, one second apart. */
  rounds(times: number, drop?: (sent: Sent) => boolean): void {
    for (let i = 0; i < times; i++) {
      this.clock.advanceMs(1_000);
      this.timers.runDue();
      for (const gossiper of this.gossipers.values()) gossiper.tick();
      this.deliverAll(drop);
    }
  }

  /** As rounds(), letting promise continuations run after each (for callers awaiting the wire's timers). */
  async roundsAsync(times: number, drop?: (sent: Sent) => boolean): Promise<void> {
    for (let i = 0; i < times; i++) {
      this.rounds(1, drop);
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  private recorder(observer: string): GossipListener {
    const log = (event: string, endpoint: Endpoint, detail = ''): void => {
      this.events.push(`${observer} ${event} ${endpoint}${detail}`);
    };
    return {
      onJoin: (endpoint) => log('join', endpoint),
      onChange: (endpoint, key, value) => log('change', endpoint, ` ${key}=${value.value}`),
      onAlive: (endpoint) => log('alive', endpoint),
      onDead: (endpoint) => log('dead', endpoint),
      onRestart: (endpoint, state) => log('restart', endpoint, ` old-generation=${state.heartBeatState().generation}`),
      onRemove: (endpoint) => log('remove', endpoint),
    };
  }
}

export const states = (entries: Record<string, string>): Array<[ApplicationState, string]> =>
  Object.entries(entries) as Array<[ApplicationState, string]>;
