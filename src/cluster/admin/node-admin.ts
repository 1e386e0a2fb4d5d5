/**
 * A running node's admin side, started after the node and stopped before it: the admin HTTP
 * server on the node's address (port 7199 by default, 0 for none) serving metrics and the node
 * tool, and the load broadcaster. A node restarted by the cluster gets a new one. A port that
 * cannot be bound (in use, or an address the host lacks) leaves the node without a server,
 * said once through `warn`; the node itself runs on.
 */

import { collectNodeMetrics } from '../metrics/node-metrics-collector.js';
import { startEventLoopMonitor } from '../metrics/event-loop-delay.js';
import { formatPrometheusText } from '../metrics/prometheus-text.js';
import type { TransportCounters } from '../messaging/in-process-transport.js';
import type { ClusterNode } from '../node/cluster-node.js';
import { AdminHttpServer, type AdminRoutes } from './admin-http-server.js';
export { ADMIN_PORT_DEFAULT } from './admin-port.js';
import { lookupHandler } from './builtin-commands.js';
import type { ClusterControls } from './cluster-controls.js';
import { LoadBroadcaster } from './load-broadcaster.js';
import { NodeAdminState } from './node-admin-state.js';

export interface NodeAdminOptions {
  readonly node: ClusterNode;
  readonly cluster: ClusterControls;
  /** 0: no HTTP server. */
  readonly port: number;
  /** The in-process network's counters, reported in metrics. */
  readonly network: Readonly<TransportCounters> | null;
  readonly warn: (line: string) => void;
  readonly loadBroadcastIntervalMs?: number;
}

export class NodeAdmin {
  private constructor(
    readonly state: NodeAdminState,
    private readonly server: AdminHttpServer | null,
    private readonly load: LoadBroadcaster,
  ) {}

  static async start(options: NodeAdminOptions): Promise<NodeAdmin> {
    const { node } = options;
    const monotonicMs = (): number => performance.now();
    const state = new NodeAdminState(monotonicMs(), monotonicMs);
    startEventLoopMonitor();
    const load = new LoadBroadcaster(node, options.loadBroadcastIntervalMs);
    load.start();
    let server: AdminHttpServer | null = null;
    if (options.port !== 0) {
      try {
        server = await AdminHttpServer.listen(node.host, options.port, routesOf(options, state));
      } catch (error) {
        options.warn(`sibyl: node ${node.host} has no admin server: cannot listen on ${node.host}:${options.port} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
      }
    }
    return new NodeAdmin(state, server, load);
  }

  /** Where the node tool reaches this node, or null without a server. */
  get address(): { readonly host: string; readonly port: number } | null {
    return this.server === null ? null : { host: this.server.host, port: this.server.port };
  }

  async close(): Promise<void> {
    await this.server?.close();
    await this.load.stop();
  }
}

function routesOf(options: NodeAdminOptions, state: NodeAdminState): AdminRoutes {
  const { node, cluster, network } = options;
  return {
    metrics: async () => formatPrometheusText(await collectNodeMetrics({ node, network, uptimeSeconds: state.uptimeSeconds() })),
    nodetool: async (command, request, afterReply) => {
      const handler = lookupHandler(node, command);
      if (handler === undefined) return null;
      return { result: await handler(request.args, { node, cluster, state, afterReply }) };
    },
  };
}
