/**
 * The node tool's side of the admin protocol: one POST /nodetool/<command> to a node's admin
 * server (src/cluster/admin/admin-http-server.ts), answered with the command's JSON result or
 * an error. A node that cannot be reached is a NodetoolConnectError, worded as Cassandra's
 * nodetool words a failed JMX connection.
 */

import http from 'node:http';

export class NodetoolConnectError extends Error {
  override readonly name = 'NodetoolConnectError';
  constructor(host: string, port: number, cause: NodeJS.ErrnoException) {
    const what = cause.code === 'ECONNREFUSED' ? 'Connection refused' : (cause.code ?? cause.message);
    super(`Failed to connect to '${host}:${port}' - ConnectException: '${what}'.`);
  }
}

/** The node answered with an error (its HTTP status and message). */
export class NodetoolRemoteError extends Error {
  override readonly name = 'NodetoolRemoteError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Answers are small JSON documents; a larger one is not from a node's admin server. */
const RESPONSE_BYTES_MAX = 64 * 1024 * 1024;

/**
 * Runs `command` on the node at host:port. Each call opens its own connection (no keep-alive):
 * the admin server closes idle connections after a second, and a reused socket closed under a
 * request would read as a node gone. `timeoutMs` (default: none, as a command such as compact
 * may run long) fails a request the node has not answered by then.
 */
export function postCommand(host: string, port: number, command: string, args: readonly string[], timeoutMs?: number): Promise<unknown> {
  const body = JSON.stringify({ args });
  return new Promise((resolve, reject) => {
    const path = `/nodetool/${encodeURIComponent(command)}`;
    const request = http.request(
      {
        host,
        port,
        method: 'POST',
        path,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        agent: false,
        ...(timeoutMs === undefined ? {} : { timeout: timeoutMs }),
      },
      (response) => {
        const chunks: Buffer[] = [];
        let bytes = 0;
        response.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          if (bytes > RESPONSE_BYTES_MAX) response.destroy(new Error(`answer over ${RESPONSE_BYTES_MAX} bytes`));
          else chunks.push(chunk);
        });
        response.on('error', reject);
        response.on('end', () => {
          let parsed: { result?: unknown; error?: unknown };
          try {
            parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof parsed;
          } catch {
            reject(new NodetoolRemoteError(response.statusCode ?? 0, `${host}:${port} did not answer as a node's admin server does`));
            return;
          }
          if (response.statusCode === 200) resolve(parsed.result);
          else reject(new NodetoolRemoteError(response.statusCode ?? 0, typeof parsed.error === 'string' ? parsed.error : `HTTP ${response.statusCode}`));
        });
      },
    );
    request.on('timeout', () => request.destroy(new Error(`${host}:${port} did not answer POST ${path} within ${timeoutMs} ms`)));
    request.on('error', (error: NodeJS.ErrnoException) => reject(error.syscall === 'connect' || error.code === 'ECONNREFUSED' ? new NodetoolConnectError(host, port, error) : error));
    request.end(body);
  });
}
