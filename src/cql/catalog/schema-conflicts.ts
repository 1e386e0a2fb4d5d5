/**
 * What received schema mutations may not do to this node's schema, checked on the schema they
 * would leave (merged, not yet written), so a refused set changes nothing:
 *
 *   - give a table a storage id outside the user range, one another table of this node uses,
 *     or one two tables would share: encoded mutations name tables by storage id, so a shared
 *     one would mix two tables' data;
 *   - change the storage id of a table (same UUID): its data would be left behind;
 *   - mix two tables of one name. Two nodes that create `ks.t` at once make two UUIDs, and
 *     the rows merge cell by cell: the newer table row wins, but the loser's columns may stay.
 *     That is accepted only when the result is exactly the winner's table (the same CREATE run
 *     on both nodes, or a drop and re-create whose tombstone came along), as every node then
 *     converges on it; otherwise it is a conflict for an operator (drop the table, create it
 *     again).
 */

import type { TableMetadata } from '../schema/table-metadata.js';
import { canonicalTableText } from './canonical-schema-text.js';
import type { KeyspaceSchema, Schema } from './schema.js';
import { SchemaConflictError } from './schema-conflict-error.js';
import type { LoadedKeyspaces } from './schema-loader.js';
import { isUserStorageId, STORAGE_ID_LIMIT } from './table-identity.js';
import { FIRST_USER_TABLE_ID, SYSTEM_KEYSPACE_NAMES } from './system-keyspaces.js';

export interface LocalSchemaState {
  readonly schema: Schema;
  /** Table UUIDs by `keyspace.table`. */
  readonly uuids: ReadonlyMap<string, string>;
  /** Storage ids the engine has registered. */
  readonly registeredIds: ReadonlySet<number>;
}

/**
 * Throws SchemaConflictError when `merged` (the touched keyspaces once the mutations are
 * applied) cannot replace them; `received` is what the mutations alone say of each table.
 */
export function checkSchemaConflicts(
  local: LocalSchemaState,
  touched: ReadonlySet<string>,
  merged: LoadedKeyspaces,
  received: LoadedKeyspaces,
): void {
  const localById = new Map(userTables(local.schema.keyspaces).map((t) => [t.id, t]));
  const uuidOf = (uuids: ReadonlyMap<string, string>, table: TableMetadata): string | undefined => uuids.get(`${table.keyspace}.${table.name}`);

  for (const keyspace of merged.keyspaces.values()) {
    for (const table of keyspace.tables.values()) {
      const uuid = uuidOf(merged.uuids, table);
      if (!isUserStorageId(table.id)) {
        throw conflict(`table ${qualified(table)} has storage id ${table.id}, outside [${FIRST_USER_TABLE_ID}, ${STORAGE_ID_LIMIT})`);
      }
      const owner = localById.get(table.id);
      if (owner !== undefined && uuidOf(local.uuids, owner) !== uuid) {
        throw conflict(`storage id ${table.id} of table ${qualified(table)} (${uuid}) is used here by table ${qualified(owner)} (${uuidOf(local.uuids, owner)})`);
      }
      if (owner === undefined && local.registeredIds.has(table.id)) {
        throw conflict(`storage id ${table.id} of table ${qualified(table)} is registered here by a table the schema does not name`);
      }
      const here = local.schema.table(table.keyspace, table.name);
      if (here !== undefined && uuidOf(local.uuids, here) === uuid && here.id !== table.id) {
        throw conflict(`table ${qualified(table)} (${uuid}) has storage id ${here.id} here, ${table.id} received`);
      }
    }
  }

  const next = new Map([...local.schema.keyspaces].filter(([name]) => !touched.has(name)));
  for (const [name, keyspace] of merged.keyspaces) next.set(name, keyspace);
  const owners = new Map<number, TableMetadata>();
  for (const table of userTables(next)) {
    const owner = owners.get(table.id);
    if (owner !== undefined) throw conflict(`tables ${qualified(owner)} and ${qualified(table)} would share storage id ${table.id}`);
    owners.set(table.id, table);
  }

  for (const name of touched) {
    const mergedTables = merged.keyspaces.get(name)?.tables ?? new Map<string, TableMetadata>();
    const receivedTables = received.keyspaces.get(name)?.tables ?? new Map<string, TableMetadata>();
    for (const table of mergedTables.values()) {
      const uuid = uuidOf(merged.uuids, table);
      const here = local.schema.table(name, table.name);
      const sent = receivedTables.get(table.name);
      const hereUuid = here === undefined ? undefined : uuidOf(local.uuids, here);
      const sentUuid = sent === undefined ? undefined : uuidOf(received.uuids, sent);
      const contested = (hereUuid !== undefined && hereUuid !== uuid) || (sentUuid !== undefined && sentUuid !== uuid);
      if (!contested) continue;
      const winner = uuid === hereUuid ? here : uuid === sentUuid ? sent : undefined;
      if (winner === undefined || canonicalTableText(winner) !== canonicalTableText(table)) {
        throw conflict(
          `table ${qualified(table)} was created on two nodes at once with different definitions (ids ${[hereUuid, sentUuid].filter((u) => u !== undefined).join(' and ')}): drop it and create it again`,
        );
      }
    }
  }
}

function userTables(keyspaces: ReadonlyMap<string, KeyspaceSchema>): TableMetadata[] {
  return [...keyspaces.values()].filter((k) => !SYSTEM_KEYSPACE_NAMES.has(k.metadata.name)).flatMap((k) => [...k.tables.values()]);
}

function qualified(table: TableMetadata): string {
  return `${table.keyspace}.${table.name}`;
}

function conflict(detail: string): SchemaConflictError {
  return new SchemaConflictError(`Schema conflict: ${detail}; nothing of the received schema was applied`);
}
