/**
 * The dashboard's way to a node: its admin HTTP server (src/cluster/admin), the same API a
 * Prometheus scrape and a remote `sibyl nodetool` use. `AdminApi` is the port the poller and
 * the actions take, so tests can answer for a node; `HttpAdminClient` is the real thing: node
 * tool commands through the node tool's own client, the scrape on a connection of its own (no
 * keep-alive: the admin server closes idle connections after a second, the poller's period, and
 * a reused socket closed under a request would read as a node gone).
 */

import http from 'node:http';
import { NodetoolRemoteError, postCommand } from '../cli/nodetool/nodetool-client.js';

export interface AdminApi {
  /** The node's Prometheus text. */
  metrics(host: string): Promise<string>;
  /** A node tool command's JSON result; rejects with the node's error message. */
  nodetool(host: string, command: string, args: readonly string[], timeoutMs: number): Promise<unknown>;
}

/** A node's answer above this is not a node's admin server speaking. */
const RESPONSE_BYTES_MAX = 16 * 1024 * 1024;
const METRICS_TIMEOUT_MS = 2000;

export class AdminRequestError extends Error {
  override readonly name = 'AdminRequestError';
}

export class HttpAdminClient implements AdminApi {
  constructor(private readonly port: number) {}

  async metrics(host: string): Promise<string> {
    const { status, body } = await this.get(host, '/metrics', METRICS_TIMEOUT_MS);
    if (status !== 200) throw new AdminRequestError(`${host}: GET /metrics answered HTTP ${status}`);
    return body;
  }

  async nodetool(host: string, command: string, args: readonly string[], timeoutMs: number): Promise<unknown> {
    try {
      return await postCommand(host, this.port, command, args, timeoutMs);
    } catch (error) {
      // The node's own answer as it gave it; anything else (no connection, no answer in time) with the node named.
      if (error instanceof NodetoolRemoteError) throw new AdminRequestError(error.message);
      throw new AdminRequestError(`${host}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private get(host: string, path: string, timeoutMs: number): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const request = http.request({ host, port: this.port, method: 'GET', path, agent: false, timeout: timeoutMs }, (response) => {
        const chunks: Buffer[] = [];
        let bytes = 0;
        response.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          if (bytes > RESPONSE_BYTES_MAX) response.destroy(new AdminRequestError(`${host}: answer over ${RESPONSE_BYTES_MAX} bytes`));
          else chunks.push(chunk);
        });
        response.on('error', reject);
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      });
      request.on('timeout', () => request.destroy(new AdminRequestError(`${host}:${this.port} did not answer GET ${path} within ${timeoutMs} ms`)));
      request.on('error', (error: NodeJS.ErrnoException) =>
        reject(error instanceof AdminRequestError ? error : new AdminRequestError(`${host}:${this.port}: ${error.code ?? error.message}`)),
      );
      request.end();
    });
  }
}
