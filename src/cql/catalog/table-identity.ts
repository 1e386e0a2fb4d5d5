/**
 * A new table's identity: its UUID (system_schema.tables.id, the name a table has cluster-wide)
 * and its storage id (the number the engine and every encoded mutation know it by). Every node
 * of a cluster must use the same storage id for a table, since a coordinator sends mutations
 * carrying it and replicas write them as they are. The id is therefore drawn from the UUID (a
 * hash into [FIRST_USER_TABLE_ID, 2^31): storage_id is a CQL int), not from a node-local
 * counter, so two nodes creating tables at the same time are unlikely to pick the same id; a
 * UUID whose id is taken here is drawn again. The id travels in the schema rows (storage_id),
 * so receiving nodes never compute it, and tables created before ids were hashed keep theirs.
 */

import { createHash, randomUUID } from 'node:crypto';
import { assert } from '../../lib/assert.js';
import { FIRST_USER_TABLE_ID } from './system-keyspaces.js';

/** storage_id is a CQL int: ids stay below 2^31. */
export const STORAGE_ID_LIMIT = 2 ** 31;

/** Draws of a UUID before giving up: the odds of this many collisions are nil below 10^8 tables. */
const DRAWS_MAX = 64;

export interface TableIdentity {
  readonly uuid: string;
  readonly storageId: number;
}

export function storageIdOf(uuid: string): number {
  const digest = createHash('md5').update(Buffer.from(uuid.replace(/-/g, ''), 'hex')).digest();
  return FIRST_USER_TABLE_ID + (digest.readUInt32BE(0) % (STORAGE_ID_LIMIT - FIRST_USER_TABLE_ID));
}

/** A fresh UUID whose storage id no table of this node uses (`used`). */
export function newTableIdentity(used: ReadonlySet<number>, drawUuid: () => string = randomUUID): TableIdentity {
  for (let draw = 0; draw < DRAWS_MAX; draw++) {
    const uuid = drawUuid();
    const storageId = storageIdOf(uuid);
    if (!used.has(storageId)) return { uuid, storageId };
  }
  assert(false, `no free storage id after ${DRAWS_MAX} draws (${used.size} ids in use)`);
}

export function isUserStorageId(id: number): boolean {
  return Number.isInteger(id) && id >= FIRST_USER_TABLE_ID && id < STORAGE_ID_LIMIT;
}
