/**
 * What a node's admin server may ask of the in-process cluster it runs in (the `Cluster`
 * satisfies it): stop and start single nodes, cut and heal links, for tests and demos. A real
 * cluster has no such controls; these are the node tool's `startnode`, `stopnode`, `cut`,
 * `heal` and what `stopdaemon` does to its own node.
 */

import type { ClusterNode } from '../node/cluster-node.js';

export interface ClusterControls {
  /** Every node's listen address, running or not, in address order. */
  hosts(): string[];
  isRunning(host: string): boolean;
  stopNode(host: string, options?: { graceful?: boolean }): Promise<void>;
  restartNode(host: string): Promise<ClusterNode>;
  partition(side: readonly string[], other: readonly string[]): void;
  heal(side?: readonly string[], other?: readonly string[]): void;
  /** The links cut now, "a:7000<->b:7000", each once. */
  cutLinks(): string[];
}
