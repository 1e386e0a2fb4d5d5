/**
 * A node's admin endpoint over HTTP (node:http), bound to the node's own address: what JMX on
 * port 7199 is to a Cassandra node.
 *
 *   GET  /metrics             Prometheus text format 0.0.4
 *   POST /nodetool/<command>  { "args": [...] }  ->  { "result": ... } | { "error": "..." }
 *
 * Bodies are bounded (REQUEST_BODY_BYTES_MAX); a command's work may run long (compact,
 * startnode), so requests have no timeout here: the client decides how long to wait.
 */

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { PROMETHEUS_CONTENT_TYPE } from '../metrics/prometheus-text.js';
import { statusOfError, type NodetoolRequest } from './nodetool-command.js';
import { readRequestBody } from '../../lib/read-request-body.js';

/** A node tool request is a few words; anything larger is not one. */
const REQUEST_BODY_BYTES_MAX = 64 * 1024;

export interface AdminRoutes {
  metrics(): Promise<string>;
  /** Runs a command; null when there is no such command. `afterReply` tasks run once the answer is sent. */
  nodetool(command: string, request: NodetoolRequest, afterReply: (task: () => Promise<void>) => void): Promise<{ result: unknown } | null>;
}

export class AdminHttpServer {
  private constructor(
    private readonly server: http.Server,
    readonly host: string,
    readonly port: number,
  ) {}

  /** Listens on host:port (0 picks a free port); rejects with the bind error (EADDRINUSE...). */
  static listen(host: string, port: number, routes: AdminRoutes): Promise<AdminHttpServer> {
    const server = http.createServer((request, response) => void serve(routes, request, response));
    server.keepAliveTimeout = 1000;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve(new AdminHttpServer(server, host, (server.address() as AddressInfo).port));
      });
    });
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}

async function serve(routes: AdminRoutes, request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://admin');
  try {
    if (request.method === 'GET' && url.pathname === '/metrics') {
      const text = await routes.metrics();
      response.writeHead(200, { 'content-type': PROMETHEUS_CONTENT_TYPE });
      response.end(text);
      return;
    }
    const command = /^\/nodetool\/([a-z]+)$/.exec(url.pathname)?.[1];
    if (command === undefined) return reply(response, 404, { error: `no ${request.method} ${url.pathname} here: try GET /metrics or POST /nodetool/<command>` });
    if (request.method !== 'POST') return reply(response, 405, { error: `use POST for /nodetool/${command}` });
    const body = await readRequestBody(request, REQUEST_BODY_BYTES_MAX);
    const parsed = parseRequest(body);
    if (parsed === null) return reply(response, 400, { error: 'the body must be JSON: { "args": ["word", ...] }' });
    const tasks: Array<() => Promise<void>> = [];
    const outcome = await routes.nodetool(command, parsed, (task) => tasks.push(task));
    if (outcome === null) return reply(response, 404, { error: `${command} is not a node tool command` });
    response.once('finish', () => {
      for (const task of tasks) void task().catch(() => undefined); // the client has its answer; a failure here has nobody to tell
    });
    reply(response, 200, outcome);
  } catch (error) {
    reply(response, statusOfError(error), { error: error instanceof Error ? error.message : String(error) });
  }
}

function reply(response: http.ServerResponse, status: number, body: unknown): void {
  if (response.headersSent) return;
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

/** The request's shape checked on receive (STYLE rule 3): { args: string[] }, an empty body meaning no args. */
function parseRequest(body: string): NodetoolRequest | null {
  if (body.trim() === '') return { args: [] };
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return null;
  }
  const args = (value as { args?: unknown } | null)?.args ?? [];
  if (!Array.isArray(args) || !args.every((a) => typeof a === 'string')) return null;
  return { args };
}
