/**
 * Who a node is across restarts: its tokens, datacenter, rack and last gossip generation,
 * kept in `cluster-node.json` in its data directory (Cassandra keeps tokens in system.local
 * and the generation there too). A node's tokens never change by a restart; its generation
 * goes up on each start, so peers see a restart rather than stale gossip.
 */

import fs from 'node:fs';
import path from 'node:path';
import { CorruptionError } from '../../lib/errors.js';
import type { Token } from '../../storage/model/token.js';

export interface NodeIdentity {
  readonly tokens: readonly Token[];
  readonly datacenter: string;
  readonly rack: string;
  readonly generation: number;
}

const FILE = 'cluster-node.json';

export function readNodeIdentity(directory: string): NodeIdentity | null {
  const file = path.join(directory, FILE);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  try {
    const raw = JSON.parse(text) as { tokens: string[]; datacenter: string; rack: string; generation: number };
    return { tokens: raw.tokens.map((t) => BigInt(t)), datacenter: raw.datacenter, rack: raw.rack, generation: raw.generation };
  } catch (error) {
    throw new CorruptionError(file, 0, `not a node identity: ${(error as Error).message}`);
  }
}

/** Written to a temporary file, fsynced and renamed, so a crash leaves the old or the new one. */
export function writeNodeIdentity(directory: string, identity: NodeIdentity): void {
  fs.mkdirSync(directory, { recursive: true });
  const file = path.join(directory, FILE);
  const temporary = `${file}.tmp`;
  const text = JSON.stringify({ ...identity, tokens: identity.tokens.map(String) }, null, 2);
  const fd = fs.openSync(temporary, 'w');
  try {
    fs.writeSync(fd, text);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(temporary, file);
}

/** The generation for a start now: seconds since the epoch, above any earlier one. */
export function nextGeneration(previous: number | undefined, nowSeconds: number): number {
  return previous === undefined || nowSeconds > previous ? nowSeconds : previous + 1;
}
