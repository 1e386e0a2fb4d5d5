/**
 * What a node's admin side knows of the node's life that the node itself does not keep: when
 * it started (uptime), and whether it was drained (gossip and messaging stopped, memtables
 * flushed; it serves nothing until restarted).
 */

export class NodeAdminState {
  drained = false;

  constructor(
    private readonly startedAtMs: number,
    private readonly monotonicMs: () => number,
  ) {}

  uptimeSeconds(): number {
    return Math.floor((this.monotonicMs() - this.startedAtMs) / 1000);
  }
}
