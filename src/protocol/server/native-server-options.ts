/**
 * A NativeServer's settings and the bounds every connection keeps (STYLE rule 4). Defaults
 * are ADR 0013's: 256 MiB frame bodies (the spec's ceiling; checked from the header before a
 * byte of the body is buffered), 1024 requests executing per connection (past it the socket
 * is paused, so TCP pushes back on the client instead of memory growing here).
 *
 * These belong in config/limits.ts once the protocol is wired into a node.
 */

import { assert } from '../../lib/assert.js';
import { DEFAULT_PROTOCOL_VERSIONS } from '../frame/protocol-version.js';

const MiB = 1024 * 1024;

/** Cassandra's native_transport_port: every node listens on it, each on its own address. */
export const NATIVE_PORT_DEFAULT = 9042;

export const protocolLimits = {
  /** Largest frame body accepted; the spec's 256 MB ceiling. */
  frameBodyBytesMax: 256 * MiB,
  /** Requests executing at once on one connection (the Node driver keeps up to 2048 in flight). */
  inFlightPerConnectionMax: 1024,
  /**
   * Bytes of requests a node executes at once over all its connections (Cassandra's
   * native_transport_max_concurrent_requests_in_bytes, a tenth of its heap by default);
   * past it, request-budget.ts: Overloaded or back-pressure.
   */
  requestBytesInFlightMax: 64 * MiB,
  /** Client connections a node holds at once (Cassandra: unlimited unless configured); past it a new one is closed. */
  connectionsMax: 4096,
  /**
   * Prepared statements a node keeps (Cassandra bounds its cache by memory, 1/256 of the heap);
   * past it the least recently used is forgotten, and its next EXECUTE answers Unprepared.
   */
  preparedStatementsPerNodeMax: 10_000,
  /**
   * How long a DDL answer waits for the live peers to hold its schema version
   * (schema-agreement.ts); past it the driver's own wait (10 s by default) takes over.
   */
  schemaAgreementWaitMs: 2_000,
} as const;

export interface NativeServerOptions {
  readonly host: string;
  /** 0 picks a free port (tests); drivers expect 9042, the same on every node. */
  readonly port: number;
  readonly supportedVersions?: readonly number[];
  readonly maxFrameBodyBytes?: number;
  readonly maxInFlightPerConnection?: number;
  readonly maxRequestBytesInFlight?: number;
  readonly maxConnections?: number;
  /** A connection with no traffic and no request running this long is closed; 0 (the default, as Cassandra's) never. */
  readonly idleTimeoutMs?: number;
  /** Client encryption (Cassandra's client_encryption_options): clients must speak TLS. */
  readonly tls?: NativeTlsOptions;
}

/** PEM contents, as tls.createServer takes them. */
export interface NativeTlsOptions {
  readonly certificate: string | Buffer;
  readonly privateKey: string | Buffer;
  /** Authorities a client certificate must chain to, when one is required. */
  readonly ca?: string | Buffer;
  /** Cassandra's require_client_auth: a client without a certificate the CA signed is refused. */
  readonly requireClientAuth?: boolean;
}

/** A node's transport settings beyond its address and port, as ClusterOptions.native gives them. */
export type NativeTransportOptions = Omit<NativeServerOptions, 'host' | 'port'>;

/** What each connection is given, every default filled in. */
export interface ConnectionLimits {
  readonly supportedVersions: readonly number[];
  readonly maxFrameBodyBytes: number;
  readonly maxInFlightPerConnection: number;
  readonly idleTimeoutMs: number;
}

export function connectionLimitsOf(options: NativeServerOptions): ConnectionLimits {
  const limits: ConnectionLimits = {
    supportedVersions: options.supportedVersions ?? DEFAULT_PROTOCOL_VERSIONS,
    maxFrameBodyBytes: options.maxFrameBodyBytes ?? protocolLimits.frameBodyBytesMax,
    maxInFlightPerConnection: options.maxInFlightPerConnection ?? protocolLimits.inFlightPerConnectionMax,
    idleTimeoutMs: options.idleTimeoutMs ?? 0,
  };
  assert(limits.supportedVersions.length > 0, 'a server speaks at least one protocol version');
  assert(limits.supportedVersions.every((v) => v >= 3 && v <= 5), `protocol versions ${limits.supportedVersions.join(', ')}`);
  assert(limits.maxFrameBodyBytes >= 0 && limits.maxFrameBodyBytes <= 2 ** 32 - 1, `frame cap ${limits.maxFrameBodyBytes}`);
  assert(Number.isInteger(limits.maxInFlightPerConnection) && limits.maxInFlightPerConnection >= 1, `in-flight limit ${limits.maxInFlightPerConnection}`);
  assert(Number.isInteger(limits.idleTimeoutMs) && limits.idleTimeoutMs >= 0, `idle timeout ${limits.idleTimeoutMs}`);
  return limits;
}
