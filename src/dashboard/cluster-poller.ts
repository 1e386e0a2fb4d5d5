/**
 * Once a second (the Dashboard's timer calls poll()): the ring from the first node that
 * answers `status` and `ring`, then every known node's /metrics at once, each turned into a
 * NodeSample against that node's previous scrape. A node that does not answer (stopped, or
 * its admin server gone) is null for that second and starts its rates afresh when it is back.
 * Nodes are known from the start list and from every status answer (a node added later
 * appears by itself).
 */

import type { RingResult, StatusResult } from '../cluster/admin/nodetool-results.js';
import type { AdminApi } from './admin-client.js';
import { joinTopology, topologyNodes, type Topology } from './cluster-topology.js';
import { MetricsScrape } from './metrics-scrape.js';
import { computeNodeSample, type NodeSample } from './node-sample.js';
import { compareAddresses } from '../cluster/admin/ring-members.js';

/** A ring question is a read of gossip state: a node that takes longer is not answering. */
const TOPOLOGY_TIMEOUT_MS = 2000;

export interface ClusterPoll {
  readonly atMs: number;
  /** Null when no node answered status. */
  readonly topology: Topology | null;
  /** Every known node, by address: its second, or null when its metrics could not be read. */
  readonly nodes: Readonly<Record<string, NodeSample | null>>;
}

export class ClusterPoller {
  private readonly hosts: string[];
  private readonly previous = new Map<string, MetricsScrape>();

  constructor(
    private readonly admin: AdminApi,
    initialHosts: readonly string[],
    private readonly nowMs: () => number,
  ) {
    this.hosts = [...initialHosts];
  }

  async poll(): Promise<ClusterPoll> {
    const topology = await this.readTopology();
    for (const node of topology === null ? [] : topologyNodes(topology)) if (!this.hosts.includes(node.address)) this.hosts.push(node.address);
    this.hosts.sort(compareAddresses);
    const samples = await Promise.all(this.hosts.map((host) => this.sampleNode(host)));
    return { atMs: this.nowMs(), topology, nodes: Object.fromEntries(this.hosts.map((host, i) => [host, samples[i]!])) };
  }

  private async readTopology(): Promise<Topology | null> {
    for (const host of this.hosts) {
      try {
        const [status, ring] = await Promise.all([
          this.admin.nodetool(host, 'status', [], TOPOLOGY_TIMEOUT_MS),
          this.admin.nodetool(host, 'ring', [], TOPOLOGY_TIMEOUT_MS),
        ]);
        return joinTopology(host, status as StatusResult, ring as RingResult);
      } catch {
        // This node is not answering (stopped): the next one in address order is asked.
      }
    }
    return null;
  }

  private async sampleNode(host: string): Promise<NodeSample | null> {
    let scrape: MetricsScrape;
    try {
      const text = await this.admin.metrics(host);
      scrape = MetricsScrape.parse(text, this.nowMs());
    } catch {
      // Down, or unreadable: charted as a gap; rates restart from its next scrape.
      this.previous.delete(host);
      return null;
    }
    const sample = computeNodeSample(this.previous.get(host) ?? null, scrape);
    this.previous.set(host, scrape);
    return sample;
  }
}
