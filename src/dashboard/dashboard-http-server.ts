/**
 * The dashboard's HTTP server (node:http):
 *
 *   GET  /                        static/dashboard/index.html; /app.js, /style.css... beside it
 *   GET  /vendor/<file>           uPlot's dist files, from node_modules (no bundler)
 *   GET  /api/cluster             JSON: { state, history }
 *   GET  /api/events              Server-Sent Events: history and state at once, then sample
 *                                 and state every second, action when one ends
 *   POST /api/actions/<kind>      JSON body (dashboard-action.ts); header X-Sibyl-Token
 *
 * Actions without the right token are refused (403) and logged. Bound to loopback, it also
 * refuses requests whose Host is not a loopback name, so a web page elsewhere cannot reach it
 * by pointing a DNS name at 127.0.0.1 (DNS rebinding). Static files are served from a list
 * made at start, never from a path taken from the URL.
 */

import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { packageRoot } from '../lib/package-root.js';
import { TOKEN_HEADER, tokenMatches } from './dashboard-token.js';
import { readRequestBody } from '../lib/read-request-body.js';

const REQUEST_BODY_BYTES_MAX = 16 * 1024;
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};
const VENDOR_FILES = ['uPlot.esm.js', 'uPlot.min.css'];
const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  // uPlot sizes its canvases through style attributes; nothing else is inline.
  'content-security-policy': "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'",
};
const LOOPBACK_HOSTNAMES = new Set(['127.0.0.1', 'localhost', '[::1]']);

export interface DashboardRoutes {
  /** GET /api/cluster's answer. */
  snapshot(): unknown;
  /** Takes the response for the event stream; false when no more streams are allowed. */
  openEvents(response: http.ServerResponse): boolean;
  /** Runs an authorized action; the answer's status and JSON body. */
  action(kind: string, body: unknown, client: string): Promise<{ status: number; body: unknown }>;
  /** Logs an action refused for its token. */
  refused(kind: string, client: string, why: string): void;
}

export class DashboardHttpServer {
  private constructor(
    private readonly server: http.Server,
    readonly host: string,
    readonly port: number,
  ) {}

  static listen(host: string, port: number, token: string, routes: DashboardRoutes): Promise<DashboardHttpServer> {
    const files = staticFiles();
    const loopbackOnly = isLoopback(host);
    const server = http.createServer((request, response) => {
      void serve({ routes, files, token, loopbackOnly }, request, response).catch((error: unknown) => {
        reply(response, 500, { error: error instanceof Error ? error.message : String(error) });
      });
    });
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve(new DashboardHttpServer(server, host, (server.address() as AddressInfo).port));
      });
    });
  }

  get url(): string {
    return `http://${this.host.includes(':') ? `[${this.host}]` : this.host}:${this.port}/`;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

interface ServeContext {
  readonly routes: DashboardRoutes;
  readonly files: ReadonlyMap<string, string>;
  readonly token: string;
  readonly loopbackOnly: boolean;
}

async function serve(context: ServeContext, request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://dashboard');
  if (context.loopbackOnly && !LOOPBACK_HOSTNAMES.has(hostnameOf(request.headers.host))) {
    return reply(response, 421, { error: 'this dashboard answers only to a loopback address (127.0.0.1, localhost)' });
  }
  const actionKind = /^\/api\/actions\/([a-z]+)$/.exec(url.pathname)?.[1];
  if (actionKind !== undefined) {
    if (request.method !== 'POST') return reply(response, 405, { error: 'actions are POSTed' });
    return serveAction(context, actionKind, request, response);
  }
  if (request.method !== 'GET' && request.method !== 'HEAD') return reply(response, 405, { error: `no ${request.method} ${url.pathname} here` });
  if (url.pathname === '/api/cluster') return reply(response, 200, context.routes.snapshot());
  if (url.pathname === '/api/events') {
    if (!context.routes.openEvents(response)) reply(response, 503, { error: 'too many pages are open on this dashboard' });
    return;
  }
  const file = context.files.get(url.pathname === '/' ? '/index.html' : url.pathname);
  if (file === undefined) return reply(response, 404, { error: `nothing at ${url.pathname}` });
  const body = await readFile(file);
  response.writeHead(200, { 'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache', ...SECURITY_HEADERS });
  response.end(request.method === 'HEAD' ? undefined : body);
}

async function serveAction(context: ServeContext, kind: string, request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
  const client = request.socket.remoteAddress ?? 'unknown';
  const given = request.headers[TOKEN_HEADER];
  if (!tokenMatches(context.token, typeof given === 'string' ? given : undefined)) {
    request.resume();
    context.routes.refused(kind, client, given === undefined ? 'no token' : 'wrong token');
    return reply(response, 403, { error: `actions need the dashboard's token in the ${TOKEN_HEADER} header (printed when the cluster started)` });
  }
  let body: unknown;
  try {
    const text = await readRequestBody(request, REQUEST_BODY_BYTES_MAX);
    body = text.trim() === '' ? {} : JSON.parse(text);
  } catch (error) {
    return reply(response, 400, { error: `the body must be JSON: ${error instanceof Error ? error.message : String(error)}` });
  }
  const outcome = await context.routes.action(kind, body, client);
  reply(response, outcome.status, outcome.body);
}

function hostnameOf(hostHeader: string | undefined): string {
  if (hostHeader === undefined) return '';
  return hostHeader.replace(/:\d+$/, '').toLowerCase();
}

function reply(response: http.ServerResponse, status: number, body: unknown): void {
  if (response.headersSent) {
    response.end();
    return;
  }
  response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...SECURITY_HEADERS });
  response.end(JSON.stringify(body));
}

/** URL path to file: every file of static/dashboard at its name, and uPlot's under /vendor/. */
function staticFiles(): Map<string, string> {
  const files = new Map<string, string>();
  const directory = path.join(packageRoot(), 'static', 'dashboard');
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    if (entry.isFile()) files.set(`/${entry.name}`, path.join(directory, entry.name));
  }
  const uplot = path.dirname(createRequire(import.meta.url).resolve('uplot/dist/uPlot.esm.js'));
  for (const name of VENDOR_FILES) files.set(`/vendor/${name}`, path.join(uplot, name));
  return files;
}
