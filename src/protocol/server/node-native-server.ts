/**
 * A cluster node's CQL native protocol server (Cassandra's NativeTransportService): a
 * NativeServer on the node's own address and the cluster's native port, over the backend the
 * cluster gives the node. Started once the node runs, closed before it stops, so a driver sees
 * its sockets cut exactly when the node goes away (cql-compat 1.11).
 *
 * A port that cannot be bound (in use, or an address the host lacks) leaves the node without a
 * server, said once through `warn`, and the node runs on, as the admin server does; a caller
 * that needs the server (`sibyl start`) checks the cluster's native addresses.
 */

import { NativeServer } from './native-server.js';
import type { ProtocolBackend } from './protocol-backend.js';

export interface NodeNativeServerOptions {
  readonly host: string;
  readonly port: number;
  readonly backend: ProtocolBackend;
  readonly warn: (line: string) => void;
}

export async function startNodeNativeServer(options: NodeNativeServerOptions): Promise<NativeServer | null> {
  const { host, port } = options;
  const server = new NativeServer(options.backend, { host, port });
  try {
    await server.listen();
    return server;
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    options.warn(`sibyl: node ${host} has no CQL native protocol server: cannot listen on ${host}:${port} (${reason})`);
    return null;
  }
}
