/**
 * One version of the whole schema: keyspaces with their tables and user types. Immutable: a
 * DDL statement builds the next Schema and the catalog swaps it in, so a statement that is
 * running keeps a consistent view (as Cassandra's Schema snapshot).
 */

import { InvalidRequestError } from '../../lib/errors.js';
import type { KeyspaceMetadata } from '../schema/keyspace-metadata.js';
import type { TableMetadata } from '../schema/table-metadata.js';
import type { CqlType, UdtCqlType } from '../types/cql-type.js';

export interface KeyspaceSchema {
  readonly metadata: KeyspaceMetadata;
  readonly tables: ReadonlyMap<string, TableMetadata>;
  readonly types: ReadonlyMap<string, UdtCqlType>;
}

export class Schema {
  constructor(
    readonly keyspaces: ReadonlyMap<string, KeyspaceSchema>,
    /** Cassandra's schema version: a UUID digest of the schema rows (schema-version.ts). */
    readonly version: string,
  ) {}

  keyspace(name: string): KeyspaceSchema | undefined {
    return this.keyspaces.get(name);
  }

  /** The keyspace, or Cassandra's error for a missing one. */
  existingKeyspace(name: string): KeyspaceSchema {
    const keyspace = this.keyspaces.get(name);
    if (keyspace === undefined) throw new InvalidRequestError(`Keyspace '${name}' does not exist`);
    return keyspace;
  }

  table(keyspace: string, name: string): TableMetadata | undefined {
    return this.keyspaces.get(keyspace)?.tables.get(name);
  }

  /** The table, or Cassandra 4's error for a missing keyspace or table. */
  existingTable(keyspace: string, name: string): TableMetadata {
    const table = this.existingKeyspace(keyspace).tables.get(name);
    if (table === undefined) throw new InvalidRequestError(`unconfigured table ${name}`);
    return table;
  }

  /** A user type frozen or not as stored; resolve-type.ts freezes it where written so. */
  readonly resolveUserType = (keyspace: string, name: string): CqlType | null => this.keyspaces.get(keyspace)?.types.get(name) ?? null;

  tables(): TableMetadata[] {
    return [...this.keyspaces.values()].flatMap((k) => [...k.tables.values()]);
  }

  withKeyspace(keyspace: KeyspaceSchema): Map<string, KeyspaceSchema> {
    return new Map(this.keyspaces).set(keyspace.metadata.name, keyspace);
  }

  withoutKeyspace(name: string): Map<string, KeyspaceSchema> {
    const keyspaces = new Map(this.keyspaces);
    keyspaces.delete(name);
    return keyspaces;
  }
}
