/**
 * A cluster node's CQL native protocol server (Cassandra's NativeTransportService): a
 * NativeServer on the node's own address and the cluster's native port, over the backend the
 * cluster gives the node. Started once the node runs, closed before it stops, so a driver sees
 * its sockets cut exactly when the node goes away (cql-compat 1.11).
 *
 * With the node given, the server also speaks for it as Cassandra's does:
 *   - events: the node's gossip and schema changes go to registered clients (node-events.ts);
 *   - RPC_READY: once listening, the node gossips RPC_READY true (peers then announce it
 *     NEW_NODE / UP); a graceful close says false first (StorageService.stopNativeTransport);
 *     a crash says nothing, and peers find out by their failure detectors;
 *   - schema agreement: a DDL answers once every live peer holds its schema version
 *     (schema-agreement.ts), so the driver's agreement check passes at its first look.
 *
 * A port that cannot be bound (in use, or an address the host lacks) leaves the node without a
 * server, said once through `warn`, and the node runs on, as the admin server does; a caller
 * that needs the server (`sibyl start`) checks the cluster's native addresses.
 */

import type { InetSocketAddress } from '../wire/inet-socket-address.js';
import { NativeServer } from './native-server.js';
import type { NativeTransportOptions } from './native-server-options.js';
import { NodeEvents, type EventSourceNode } from './node-events.js';
import type { ProtocolBackend } from './protocol-backend.js';
import { SchemaAgreementBackend, type SchemaAgreementNode } from './schema-agreement.js';

/** What the server needs of the cluster node it serves. */
export type ServedNode = EventSourceNode & SchemaAgreementNode;

export interface NodeNativeServerOptions {
  readonly host: string;
  readonly port: number;
  readonly backend: ProtocolBackend;
  readonly warn: (line: string) => void;
  /** The node served: its events, RPC_READY and schema agreement (absent: a bare server). */
  readonly node?: ServedNode;
  /** Limits and client encryption (ClusterOptions.native). */
  readonly transport?: NativeTransportOptions;
}

export class NodeNativeServer {
  private closing: Promise<void> | null = null;

  private constructor(
    readonly server: NativeServer,
    private readonly node: ServedNode | undefined,
    private readonly events: NodeEvents | null,
  ) {}

  /** Listens on host:port, or says why it cannot and answers null. */
  static async start(options: NodeNativeServerOptions): Promise<NodeNativeServer | null> {
    const { host, port, node } = options;
    const backend = node === undefined ? options.backend : new SchemaAgreementBackend(options.backend, node);
    const server = new NativeServer(backend, { ...options.transport, host, port });
    let bound: InetSocketAddress;
    try {
      bound = await server.listen();
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      options.warn(`sibyl: node ${host} has no CQL native protocol server: cannot listen on ${host}:${port} (${reason})`);
      return null;
    }
    const events = node === undefined ? null : new NodeEvents(node, bound, (event) => server.publish(event));
    if (node?.gossiper.isEnabled() === true) node.gossiper.addLocalApplicationState('RPC_READY', 'true');
    return new NodeNativeServer(server, node, events);
  }

  /** The bound address while listening. */
  get address(): InetSocketAddress | null {
    return this.server.address;
  }

  /**
   * Stops serving: events end, and the listener and every client socket close. `graceful`
   * tells peers first (RPC_READY false), as a drained Cassandra does; a crash does not.
   */
  close(options: { readonly graceful?: boolean } = {}): Promise<void> {
    if (this.closing === null) {
      this.events?.close();
      if (options.graceful !== false && this.node?.gossiper.isEnabled() === true) this.node.gossiper.addLocalApplicationState('RPC_READY', 'false');
      this.closing = this.server.close();
    }
    return this.closing;
  }
}
