/**
 * Before `sibyl start` opens a cluster: which of its nodes' CQL addresses (127.0.0.i:port)
 * cannot be listened on, found by binding each for a moment. Failing here costs nothing; the
 * nodes' own servers are still checked once they run, since a port can be taken in between.
 */

import { createServer } from 'node:net';

/** The `host:port` addresses that cannot be bound now, each with the reason (EADDRINUSE...). */
export async function unbindableAddresses(hosts: readonly string[], port: number): Promise<string[]> {
  const results = await Promise.all(hosts.map((host) => tryListen(host, port)));
  return results.flatMap((reason, i) => (reason === null ? [] : [`${hosts[i]}:${port} (${reason})`]));
}

function tryListen(host: string, port: number): Promise<string | null> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    server.listen(port, host, () => server.close(() => resolve(null)));
  });
}
