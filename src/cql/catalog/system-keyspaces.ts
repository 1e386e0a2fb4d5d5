/**
 * The system keyspaces, defined in CQL as Cassandra's SchemaKeyspace and SystemKeyspace define
 * theirs: system_schema holds the catalog (what drivers read to learn the schema), system the
 * node's own facts (system.local, system.peers). Their tables have fixed storage ids below
 * FIRST_USER_TABLE_ID and exist from the first open; users cannot alter them.
 *
 * Two columns are Sibyl's own: system_schema.tables.storage_id (the engine's table id) and
 * system_schema.columns.column_id (the column's cell id, fixed at creation). Drivers read
 * columns by name, so extra ones go unnoticed.
 */

import type { CreateTableStatement } from '../ast/create-table-statement.js';
import { parseStatement } from '../parser/parser.js';
import type { KeyspaceMetadata } from '../schema/keyspace-metadata.js';
import { tableFromCreate, type TableMetadata } from '../schema/table-metadata.js';

export const SYSTEM_SCHEMA = 'system_schema';
export const SYSTEM = 'system';
export const SYSTEM_KEYSPACE_NAMES: ReadonlySet<string> = new Set([SYSTEM_SCHEMA, SYSTEM]);

/** User tables take storage ids from here up; lower ids are the system tables'. */
export const FIRST_USER_TABLE_ID = 1000;

const definitions: ReadonlyArray<readonly [id: number, cql: string]> = [
  [1, `CREATE TABLE system_schema.keyspaces (
    keyspace_name text PRIMARY KEY, durable_writes boolean, replication frozen<map<text, text>>)`],
  [2, `CREATE TABLE system_schema.tables (
    keyspace_name text, table_name text, bloom_filter_fp_chance double, caching frozen<map<text, text>>,
    cdc boolean, comment text, compaction frozen<map<text, text>>, compression frozen<map<text, text>>,
    crc_check_chance double, dclocal_read_repair_chance double, default_time_to_live int,
    extensions frozen<map<text, blob>>, flags frozen<set<text>>, gc_grace_seconds int, id uuid,
    max_index_interval int, memtable_flush_period_in_ms int, min_index_interval int,
    read_repair_chance double, speculative_retry text, additional_write_policy text, read_repair text,
    storage_id int,
    PRIMARY KEY ((keyspace_name), table_name))`],
  [3, `CREATE TABLE system_schema.columns (
    keyspace_name text, table_name text, column_name text, clustering_order text, column_name_bytes blob,
    kind text, position int, type text, column_id int,
    PRIMARY KEY ((keyspace_name), table_name, column_name))`],
  [4, `CREATE TABLE system_schema.dropped_columns (
    keyspace_name text, table_name text, column_name text, dropped_time timestamp, kind text, type text, column_id int,
    PRIMARY KEY ((keyspace_name), table_name, column_name))`],
  [5, `CREATE TABLE system_schema.types (
    keyspace_name text, type_name text, field_names frozen<list<text>>, field_types frozen<list<text>>,
    PRIMARY KEY ((keyspace_name), type_name))`],
  [6, `CREATE TABLE system_schema.indexes (
    keyspace_name text, table_name text, index_name text, kind text, options frozen<map<text, text>>,
    PRIMARY KEY ((keyspace_name), table_name, index_name))`],
  [7, `CREATE TABLE system_schema.views (
    keyspace_name text, view_name text, base_table_id uuid, base_table_name text, where_clause text,
    include_all_columns boolean, id uuid, comment text, gc_grace_seconds int,
    PRIMARY KEY ((keyspace_name), view_name))`],
  [8, `CREATE TABLE system_schema.triggers (
    keyspace_name text, table_name text, trigger_name text, options frozen<map<text, text>>,
    PRIMARY KEY ((keyspace_name), table_name, trigger_name))`],
  // No user-defined functions or aggregates yet: empty, but there, as the Python driver and
  // cqlsh read both on connect and fail on an unknown table.
  [9, `CREATE TABLE system_schema.functions (
    keyspace_name text, function_name text, argument_types frozen<list<text>>, argument_names frozen<list<text>>,
    body text, called_on_null_input boolean, language text, return_type text,
    PRIMARY KEY ((keyspace_name), function_name, argument_types))`],
  [10, `CREATE TABLE system_schema.aggregates (
    keyspace_name text, aggregate_name text, argument_types frozen<list<text>>, final_func text, initcond text,
    return_type text, state_func text, state_type text,
    PRIMARY KEY ((keyspace_name), aggregate_name, argument_types))`],
  [20, `CREATE TABLE system.local (
    key text PRIMARY KEY, bootstrapped text, broadcast_address inet, broadcast_port int, cluster_name text,
    cql_version text, data_center text, gossip_generation int, host_id uuid, listen_address inet,
    listen_port int, native_protocol_version text, partitioner text, rack text, release_version text,
    rpc_address inet, rpc_port int, schema_version uuid, tokens set<text>)`],
  [21, `CREATE TABLE system.peers (
    peer inet PRIMARY KEY, data_center text, host_id uuid, preferred_ip inet, rack text,
    release_version text, rpc_address inet, schema_version uuid, tokens set<text>)`],
  [22, `CREATE TABLE system.peers_v2 (
    peer inet, peer_port int, data_center text, host_id uuid, native_address inet, native_port int,
    preferred_ip inet, preferred_port int, rack text, release_version text, schema_version uuid,
    tokens set<text>, PRIMARY KEY ((peer), peer_port))`],
  // The batchlog (src/cql/batchlog): rows live from a logged batch's store to its removal.
  [23, `CREATE TABLE system.batches (
    id timeuuid PRIMARY KEY, mutations list<blob>, version int)
    WITH gc_grace_seconds = 0 AND compaction = {'class': 'SizeTieredCompactionStrategy', 'max_threshold': '32', 'min_threshold': '2'}`],
];

function systemTable(id: number, cql: string): TableMetadata {
  const statement = parseStatement(cql) as CreateTableStatement;
  return tableFromCreate(statement, { keyspace: SYSTEM, tableId: id, resolveUserType: () => null });
}

export const SYSTEM_TABLES: readonly TableMetadata[] = Object.freeze(definitions.map(([id, cql]) => systemTable(id, cql)));

export const SYSTEM_KEYSPACES: readonly KeyspaceMetadata[] = Object.freeze(
  [SYSTEM_SCHEMA, SYSTEM].map((name) => Object.freeze({ name, replication: Object.freeze({ class: 'LocalStrategy' as const }), durableWrites: true })),
);

export function systemTableNamed(keyspace: string, name: string): TableMetadata {
  const table = SYSTEM_TABLES.find((t) => t.keyspace === keyspace && t.name === name);
  if (table === undefined) throw new Error(`no system table ${keyspace}.${name}`);
  return table;
}
