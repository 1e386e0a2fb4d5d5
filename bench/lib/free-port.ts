/**
 * A TCP port free on every given loopback address, for servers a benchmark starts: the OS picks
 * one on the first address, and it is kept only if the others can bind it too (an in-process
 * cluster listens on 127.0.0.1 ... 127.0.0.N with one port). Probing and then releasing is racy
 * against other processes, which is acceptable for a benchmark: a taken port fails its listen.
 */

import { createServer, type AddressInfo } from 'node:net';
import { assert } from '../../src/lib/assert.js';

/** Attempts before giving up: each fails only when another process holds the port on some address. */
const FREE_PORT_ATTEMPTS_MAX = 20;

export async function freePort(hosts: readonly string[]): Promise<number> {
  assert(hosts.length > 0, 'a free port needs at least one address');
  for (let attempt = 0; attempt < FREE_PORT_ATTEMPTS_MAX; attempt++) {
    const port = await bindAndRelease(hosts[0]!, 0);
    if (port === null) continue;
    let freeEverywhere = true;
    for (const host of hosts.slice(1)) {
      if ((await bindAndRelease(host, port)) === null) {
        freeEverywhere = false;
        break;
      }
    }
    if (freeEverywhere) return port;
  }
  throw new Error(`no port free on ${hosts.join(', ')} after ${FREE_PORT_ATTEMPTS_MAX} attempts`);
}

/** The port bound on host (0: any), released again; null when it could not be bound. */
function bindAndRelease(host: string, port: number): Promise<number | null> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(null));
    server.listen(port, host, () => {
      const bound = (server.address() as AddressInfo).port;
      server.close(() => resolve(bound));
    });
  });
}
