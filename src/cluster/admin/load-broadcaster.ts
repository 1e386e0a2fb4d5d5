/**
 * Tells the other nodes this node's load (Cassandra's LoadBroadcaster): its live SSTable bytes
 * in the LOAD application state, at start and then every interval, so `nodetool status` on any
 * node shows every node's load. Nothing is sent once gossip has stopped (drain, shutdown).
 */

import type { ClusterNode } from '../node/cluster-node.js';
import { summarizeStorage } from '../metrics/storage-summary.js';

/** Cassandra broadcasts every 60 s; a smaller cluster in one process can afford more often. */
export const LOAD_BROADCAST_INTERVAL_MS = 10_000;

export class LoadBroadcaster {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly node: ClusterNode,
    private readonly intervalMs: number = LOAD_BROADCAST_INTERVAL_MS,
  ) {}

  start(): void {
    this.broadcast();
    this.timer = setInterval(() => this.broadcast(), this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  private broadcast(): void {
    if (this.running !== null || !this.node.gossiper.isEnabled()) return;
    this.running = this.node.engine
      .status()
      .then((vnodes) => {
        if (this.node.gossiper.isEnabled()) this.node.gossiper.addLocalApplicationState('LOAD', String(summarizeStorage(vnodes).loadBytes));
      })
      .catch(() => undefined) // the engine closed under us (the node is stopping): nothing to tell
      .finally(() => {
        this.running = null;
      });
  }
}
