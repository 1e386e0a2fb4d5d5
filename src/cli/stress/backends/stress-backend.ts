/**
 * Where a stress run's statements go: the DataStax driver to a cluster (driver-backend.ts) or
 * a Database in this process (embedded-backend.ts). Workloads prepare each statement once
 * and run it many times; schema statements and counting go through `execute`.
 */

import type { ConsistencyLevelName } from '../options/consistency-level-name.js';

export type ResultRow = Readonly<Record<string, unknown>>;

/** A statement prepared on the backend, run by its text (both backends key their caches by it). */
export interface PreparedQuery {
  readonly cql: string;
}

export interface BatchEntry {
  readonly query: PreparedQuery;
  readonly params: readonly unknown[];
}

export interface StressBackend {
  /** One line for the run's header: what is being stressed. */
  readonly description: string;
  /** A statement run once, unprepared, at the default consistency (schema changes, lookups). */
  execute(cql: string, params?: readonly unknown[]): Promise<readonly ResultRow[]>;
  /** Prepares a statement once; refused statements fail here, before the load starts. */
  prepare(cql: string): Promise<PreparedQuery>;
  /** Runs a prepared statement; resolves with the rows it returned (none for writes). */
  executePrepared(query: PreparedQuery, params: readonly unknown[], consistency: ConsistencyLevelName): Promise<readonly ResultRow[]>;
  batch(entries: readonly BatchEntry[], logged: boolean, consistency: ConsistencyLevelName): Promise<void>;
  close(): Promise<void>;
}
