/** What a DDL statement changed: the native protocol's SCHEMA_CHANGE result (spec 4.2.5.5). */
export interface SchemaChange {
  readonly change: 'CREATED' | 'UPDATED' | 'DROPPED';
  readonly target: 'KEYSPACE' | 'TABLE' | 'TYPE';
  readonly keyspace: string;
  /** The table or type; absent for a keyspace. */
  readonly name?: string;
}
