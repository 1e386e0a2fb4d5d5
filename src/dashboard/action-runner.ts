/**
 * Runs a decoded DashboardAction, each as the node tool command an operator would type, sent
 * to a node's admin server:
 *
 *   flush, compact, snapshot -t dashboard-<ms>, repair   to the node named
 *   stopnode <node>, startnode <node>                    to another node that answers
 *   cut a b / heal a b, for every a inside, b outside    to a node that answers (the in-process
 *                                                        network is the cluster's, whoever asks)
 *   load                                                 the LoadGenerator's rates
 *
 * The sides of a cut come from the latest topology: a datacenter's nodes against all others,
 * or one node against all others. An action that cannot apply (unknown node, nobody to ask, no
 * load generator) is an ActionRefusedError; a node's refusal is passed on as it worded it.
 */

import { assertNever } from '../lib/assert.js';
import type { AdminApi } from './admin-client.js';
import { topologyNodes, type Topology } from './cluster-topology.js';
import type { CutTarget, DashboardAction } from './dashboard-action.js';
import type { LoadGenerator } from './load-generator.js';

/** compact and repair run as long as they take; the page waits with them. */
const ACTION_TIMEOUT_MS = 10 * 60_000;

export class ActionRefusedError extends Error {
  override readonly name = 'ActionRefusedError';
}

/** What the runner knows of the cluster now: the latest topology and which nodes' admin servers answered. */
export interface ClusterView {
  readonly topology: Topology | null;
  readonly answering: readonly string[];
}

export class ActionRunner {
  constructor(
    private readonly admin: AdminApi,
    private readonly view: () => ClusterView,
    private readonly load: LoadGenerator | null,
    private readonly nowMs: () => number,
  ) {}

  async run(action: DashboardAction): Promise<string> {
    switch (action.kind) {
      case 'flush':
      case 'compact':
      case 'repair':
        return this.onNode(action.node, action.kind, []);
      case 'snapshot':
        return this.onNode(action.node, 'snapshot', ['-t', `dashboard-${this.nowMs()}`]);
      case 'stopnode':
        this.known(action.node);
        return this.message(await this.admin.nodetool(this.askerFor(action.node), 'stopnode', [action.node], ACTION_TIMEOUT_MS));
      case 'startnode':
        this.known(action.node);
        return this.message(await this.admin.nodetool(this.askerFor(action.node), 'startnode', [action.node], ACTION_TIMEOUT_MS));
      case 'cut':
      case 'heal':
        return this.links(action.kind, action.target);
      case 'load': {
        if (this.load === null) throw new ActionRefusedError('this dashboard has no load generator (it watches a cluster in another process)');
        await this.load.setRates(action.rates, this.nowMs());
        return `load: ${action.rates.writesPerSecond} writes/s and ${action.rates.readsPerSecond} reads/s (${this.load.description})`;
      }
      default:
        return assertNever(action, 'dashboard action');
    }
  }

  private async onNode(node: string, command: string, args: readonly string[]): Promise<string> {
    this.known(node);
    if (!this.view().answering.includes(node)) throw new ActionRefusedError(`${node} is not answering (stopped?): start it first`);
    return this.message(await this.admin.nodetool(node, command, args, ACTION_TIMEOUT_MS));
  }

  private async links(command: 'cut' | 'heal', target: CutTarget): Promise<string> {
    const nodes = topologyNodes(this.topology()).map((n) => ({ address: n.address, datacenter: n.datacenter }));
    const inside = nodes.filter((n) => ('datacenter' in target ? n.datacenter === target.datacenter : n.address === target.node)).map((n) => n.address);
    const outside = nodes.map((n) => n.address).filter((address) => !inside.includes(address));
    const what = 'datacenter' in target ? `datacenter ${target.datacenter}` : `node ${target.node}`;
    if (inside.length === 0) throw new ActionRefusedError(`no ${what} in this cluster`);
    if (outside.length === 0) throw new ActionRefusedError(`${what} is the whole cluster: there is nothing to cut it off from`);
    const asker = this.askerFor(null, [...outside, ...inside]);
    for (const a of inside) for (const b of outside) await this.admin.nodetool(asker, command, [a, b], ACTION_TIMEOUT_MS);
    const links = inside.length * outside.length;
    return `${command === 'cut' ? 'cut off' : 'healed'} ${what}: ${links} link${links === 1 ? '' : 's'} (${inside.join(', ')} <-> ${outside.join(', ')})`;
  }

  private topology(): Topology {
    const topology = this.view().topology;
    if (topology === null) throw new ActionRefusedError('no node has answered yet: the ring is unknown');
    return topology;
  }

  private known(node: string): void {
    if (!topologyNodes(this.topology()).some((n) => n.address === node)) throw new ActionRefusedError(`no node ${node} in this cluster`);
  }

  /** A node that answers, to send a cluster-wide command to: the first of `preferred` that does, and `avoid` only if no other does. */
  private askerFor(avoid: string | null, preferred: readonly string[] = this.view().answering): string {
    const answering = this.view().answering;
    const asker = preferred.find((host) => host !== avoid && answering.includes(host)) ?? answering.find((host) => host !== avoid) ?? answering[0];
    if (asker === undefined) throw new ActionRefusedError('no node is answering');
    return asker;
  }

  private message(result: unknown): string {
    const message = (result as { message?: unknown } | null)?.message;
    return typeof message === 'string' && message !== '' ? message : 'done';
  }
}
