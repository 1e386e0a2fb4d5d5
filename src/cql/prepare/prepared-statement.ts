/**
 * What Cassandra's PREPARE returns (native protocol v4/v5 RESULT Prepared, spec 4.2.5.4), as
 * plain data: enough for the native protocol to answer PREPARE and to check EXECUTE.
 */

import type { CqlType } from '../types/cql-type.js';

/** One bind marker: where its value goes (Cassandra's ColumnSpecification of the marker). */
export interface PreparedVariable {
  readonly keyspace: string;
  readonly table: string;
  /** The column it binds (`c = ?`), Cassandra's name for a part or attribute (`value(l)`, `[limit]`), or the marker's own `:name`. */
  readonly name: string;
  readonly type: CqlType;
}

/** One column of the rows a prepared SELECT returns. */
export interface PreparedColumn {
  readonly keyspace: string;
  readonly table: string;
  readonly name: string;
  readonly type: CqlType;
}

export interface PrepareOptions {
  /** The keyspace unqualified names resolve to (protocol v5's PREPARE keyspace); the session's by default. */
  readonly keyspace?: string;
}

export interface PreparedStatement {
  /** Cassandra's statement id: MD5 of the query, prefixed by the session keyspace unless every table is qualified (prepared-id.ts). */
  readonly id: Buffer;
  readonly query: string;
  /** The keyspace the statement was prepared in (unqualified names resolve to it); EXECUTE runs it there. */
  readonly keyspace: string | null;
  /** One per bind marker, by marker index. */
  readonly variables: readonly PreparedVariable[];
  /**
   * For each partition key column in key order, the index of the variable bound to it; null
   * unless every partition key column is bound by a marker (protocol v4's pk_indexes).
   */
  readonly partitionKeyIndexes: readonly number[] | null;
  /** A SELECT's result columns, as its execution returns them; empty for other statements. */
  readonly resultColumns: readonly PreparedColumn[];
  /** MD5 over the result columns as Cassandra computes it (protocol v5's result_metadata_id). */
  readonly resultMetadataId: Buffer;
  /** The schema version the metadata was computed under: a later version may change it (ALTER TABLE). */
  readonly schemaVersion: string;
}
