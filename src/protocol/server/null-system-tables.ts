/**
 * The NullBackend's answers to the SELECTs a driver sends on connect (cql-compat 2.1-2.3):
 * system.local as one plausible row describing the node the client reached, system.peers and
 * peers_v2 empty (a one-node cluster), every system_schema table empty (no user keyspaces),
 * system_virtual_schema empty. Columns and types come from Sibyl's own system table
 * definitions (src/cql/catalog/system-keyspaces.ts), so the metadata is what a real node sends.
 */

import { PARTITIONER, RELEASE_VERSION, STORAGE_PORT } from '../../cql/catalog/system-local.js';
import { SYSTEM, SYSTEM_SCHEMA, SYSTEM_TABLES } from '../../cql/catalog/system-keyspaces.js';
import type { TableMetadata } from '../../cql/schema/table-metadata.js';
import type { RowsResult } from '../messages/result.js';
import { rowsMetadataOf, type ColumnSpec } from '../messages/rows-metadata.js';
import { rowCells } from '../types/cell-values.js';
import type { SessionView } from './protocol-backend.js';
import { SERVED_CQL_VERSION } from './startup-options.js';

/** Who the null node says it is. */
export interface NullNodeIdentity {
  readonly clusterName: string;
  readonly datacenter: string;
  readonly rack: string;
  readonly hostId: string;
  readonly schemaVersion: string;
  readonly tokens: readonly string[];
}

/** The columns of a SELECT: `*` or the names listed (lower-cased unless they were quoted). */
export type Selection = '*' | readonly string[];

const VIRTUAL_SCHEMA = 'system_virtual_schema';

/** Rows for a SELECT on a system table, or null when the table is not one the null node knows. */
export function systemTableRows(keyspace: string, table: string, selection: Selection, session: SessionView, node: NullNodeIdentity): RowsResult | null {
  if (keyspace === VIRTUAL_SCHEMA) return emptyRows([]);
  const metadata = SYSTEM_TABLES.find((t) => t.keyspace === keyspace && t.name === table);
  if (metadata === undefined) return keyspace === SYSTEM_SCHEMA ? emptyRows([]) : null;
  const columns = selected(metadata, selection);
  if (keyspace !== SYSTEM || table !== 'local') return emptyRows(columns);
  const values = localRowValues(session, node);
  const row = rowCells(columns.map((c) => c.type), columns.map((c) => values.get(c.name)));
  return { kind: 'rows', metadata: rowsMetadataOf(columns), rows: [row] };
}

export function emptyRows(columns: readonly ColumnSpec[]): RowsResult {
  return { kind: 'rows', metadata: rowsMetadataOf(columns), rows: [] };
}

function selected(table: TableMetadata, selection: Selection): ColumnSpec[] {
  const all = [...table.partitionKey, ...table.clustering, ...table.static, ...table.regular].map((c) => ({
    keyspace: table.keyspace,
    table: table.name,
    name: c.name,
    type: c.type,
  }));
  if (selection === '*') return all;
  return selection.flatMap((name) => all.filter((c) => c.name === name));
}

function localRowValues(session: SessionView, node: NullNodeIdentity): ReadonlyMap<string, unknown> {
  const address = session.localAddress;
  return new Map<string, unknown>([
    ['key', 'local'],
    ['bootstrapped', 'COMPLETED'],
    ['broadcast_address', address],
    ['broadcast_port', STORAGE_PORT],
    ['cluster_name', node.clusterName],
    ['cql_version', SERVED_CQL_VERSION],
    ['data_center', node.datacenter],
    ['gossip_generation', 1],
    ['host_id', node.hostId],
    ['listen_address', address],
    ['listen_port', STORAGE_PORT],
    ['native_protocol_version', String(session.protocolVersion)],
    ['partitioner', PARTITIONER],
    ['rack', node.rack],
    ['release_version', RELEASE_VERSION],
    ['rpc_address', address],
    ['rpc_port', session.localPort],
    ['schema_version', node.schemaVersion],
    ['tokens', node.tokens],
  ]);
}
