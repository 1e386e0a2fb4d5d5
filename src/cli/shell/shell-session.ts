/**
 * What the shell needs of a database connection: run one statement (a page at a time), know the
 * session keyspace (which follows USE), close. The embedded Database is adapted to it
 * (database-session.ts); a network client can be later, without touching the shell.
 */

import type { DriverColumnType } from './driver-column-type.js';

export interface ShellColumn {
  readonly name: string;
  readonly type: DriverColumnType;
}

/** One page of a result, shaped as the driver's ResultSet. */
export interface ShellResult {
  /** Rows keyed by column name, holding the driver's JS values. */
  readonly rows: readonly Readonly<Record<string, unknown>>[];
  /** The result's columns; null when the statement returns no rows (DDL, INSERT, USE...). */
  readonly columns: readonly ShellColumn[] | null;
  /** Where the next page starts; null on the last page. */
  readonly pageState: string | null;
}

export interface ShellPaging {
  readonly pageSize: number;
  readonly pageState: string | null;
}

export interface ShellSession {
  /** Runs one statement; errors are thrown with Cassandra's `.code` and message. */
  execute(query: string, paging: ShellPaging): Promise<ShellResult>;
  readonly keyspace: string | null;
  close(): Promise<void>;
}
