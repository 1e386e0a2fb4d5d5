/**
 * The faults an in-process or simulated network can be told to have, between named nodes:
 * cut links (partitions, in both directions), a drop and a duplicate probability, and a delay
 * range. Tests and the node tool's "cut the network" use it; nothing here keeps time.
 */

import type { NodeAddress } from './transport.js';

export interface DelayRange {
  readonly minMs: number;
  readonly maxMs: number;
}

export class NetworkFaults {
  private readonly cut = new Set<string>();
  dropProbability = 0;
  duplicateProbability = 0;
  /** The delay of every message, unless its link has its own. */
  delay: DelayRange = { minMs: 0, maxMs: 0 };
  /** Delays of named links (both directions), over the default. */
  private readonly linkDelays = new Map<string, DelayRange>();

  /** Cuts every link between a node of `side` and a node of `other` (both directions). */
  partition(side: readonly NodeAddress[], other: readonly NodeAddress[]): void {
    for (const a of side) for (const b of other) if (a !== b) this.cut.add(linkKey(a, b));
  }

  /** Restores links cut by `partition`; with no arguments, every link. */
  heal(side?: readonly NodeAddress[], other?: readonly NodeAddress[]): void {
    if (side === undefined || other === undefined) {
      this.cut.clear();
      return;
    }
    for (const a of side) for (const b of other) this.cut.delete(linkKey(a, b));
  }

  isCut(from: NodeAddress, to: NodeAddress): boolean {
    return this.cut.size > 0 && this.cut.has(linkKey(from, to));
  }

  /** Delays every message between a node of `side` and a node of `other` (both directions); null restores the default. */
  delayLinks(side: readonly NodeAddress[], other: readonly NodeAddress[], delay: DelayRange | null): void {
    for (const a of side) {
      for (const b of other) {
        if (a === b) continue;
        if (delay === null) this.linkDelays.delete(linkKey(a, b));
        else this.linkDelays.set(linkKey(a, b), delay);
      }
    }
  }

  /** The delay range of messages from `from` to `to`. */
  delayOf(from: NodeAddress, to: NodeAddress): DelayRange {
    return this.linkDelays.size === 0 ? this.delay : (this.linkDelays.get(linkKey(from, to)) ?? this.delay);
  }

  /** The links currently cut, each once, as "a<->b" sorted. */
  cutLinks(): string[] {
    return [...this.cut].sort();
  }
}

function linkKey(a: NodeAddress, b: NodeAddress): string {
  return a < b ? `${a}<->${b}` : `${b}<->${a}`;
}
