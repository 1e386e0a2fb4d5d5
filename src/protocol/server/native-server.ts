/**
 * The CQL native protocol listener of one node (Cassandra's transport.Server): a net.Server (a
 * tls.Server with client encryption) on host:port whose every socket becomes a Connection
 * over the given backend. Stopping it
 * closes the listener and cuts every client socket, which is how the Node driver learns a
 * node is down (cql-compat 1.11). Events are pushed to the connections that registered them.
 */

import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { assert } from '../../lib/assert.js';
import type { ProtocolEvent } from '../messages/event.js';
import type { InetSocketAddress } from '../wire/inet-socket-address.js';
import { Connection } from './connection.js';
import { connectionLimitsOf, protocolLimits, type ConnectionLimits, type NativeServerOptions } from './native-server-options.js';
import type { ProtocolBackend } from './protocol-backend.js';
import { RequestBudget } from './request-budget.js';

export class NativeServer {
  private readonly server: Server;
  private readonly limits: ConnectionLimits;
  private readonly open = new Set<Connection>();
  private readonly budget: RequestBudget;
  private readonly maxConnections: number;
  private listening: InetSocketAddress | null = null;

  constructor(
    private readonly backend: ProtocolBackend,
    private readonly options: NativeServerOptions,
  ) {
    this.limits = connectionLimitsOf(options);
    this.budget = new RequestBudget(options.maxRequestBytesInFlight ?? protocolLimits.requestBytesInFlightMax);
    this.maxConnections = options.maxConnections ?? protocolLimits.connectionsMax;
    const accept = (socket: Socket): void => this.accept(socket);
    const { tls } = options;
    this.server =
      tls === undefined
        ? createServer(accept)
        : createTlsServer({ cert: tls.certificate, key: tls.privateKey, ...(tls.ca === undefined ? {} : { ca: tls.ca }), requestCert: tls.requireClientAuth ?? false, rejectUnauthorized: tls.requireClientAuth ?? false }, accept);
  }

  /** The bound address once listening (the real port when 0 was asked for). */
  get address(): InetSocketAddress | null {
    return this.listening;
  }

  get connections(): ReadonlySet<Connection> {
    return this.open;
  }

  async listen(): Promise<InetSocketAddress> {
    assert(this.listening === null, 'the server is already listening');
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port, this.options.host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    const bound = this.server.address() as AddressInfo;
    this.listening = { address: bound.address, port: bound.port };
    return this.listening;
  }

  /** Stops accepting, cuts every connection, and resolves once the listener is closed. */
  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const connection of this.open) connection.destroy();
    await closed;
    this.listening = null;
  }

  /** Sends an event to every connection registered for its type. */
  publish(event: ProtocolEvent): void {
    for (const connection of this.open) connection.sendEvent(event);
  }

  /** Bytes of requests executing now, over every connection. */
  get requestBytesInFlight(): number {
    return this.budget.bytesInUse;
  }

  private accept(socket: Socket): void {
    // Past the cap a connection is closed at once, as Cassandra's ConnectionLimitHandler does.
    if (this.open.size >= this.maxConnections) {
      socket.destroy();
      return;
    }
    // Replies are whole frames written at once: Nagle would only delay them.
    socket.setNoDelay(true);
    const connection = new Connection(socket, this.backend, this.limits, this.budget);
    this.open.add(connection);
    connection.onClose(() => this.open.delete(connection));
  }
}
