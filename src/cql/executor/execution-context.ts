/**
 * What one statement runs with: the node's catalog and storage proxy, the session's keyspace, the
 * values bound to its markers, and a clock (now() and write timestamps).
 */

import type { Clock } from '../../lib/clock.js';
import type { StorageProxy } from '../../cluster/coordinator/storage-proxy.js';
import type { Catalog } from '../catalog/catalog.js';
import type { StatementAccess } from './statement-access.js';

export interface ExecutionContext {
  readonly catalog: Catalog;
  /** Where reads and writes go: the node's engine, or a coordinator at the statement's consistency level. */
  readonly engine: StorageProxy;
  readonly clock: Clock;
  readonly keyspace: string | null;
  /** Values for the statement's bind markers, by marker index. */
  readonly params: readonly unknown[];
  /** Rows per page of a SELECT (Infinity: one page). */
  readonly fetchSize: number;
  /** Where the previous page stopped (from its result's pageState). */
  readonly pageState: Uint8Array | null;
  /** A BATCH's timestamp, which every statement in it uses unless it says its own. */
  readonly defaultTimestamp?: bigint | undefined;
  /** The session's access control (src/auth): checks each statement, runs role and permission statements; absent: none. */
  readonly access?: StatementAccess | undefined;
  /**
   * The caller writes row values out as bytes (the native protocol): a SELECT may answer with
   * values still in their stored serialization, and says so (RowsResult.encoded).
   */
  readonly encodedValues?: boolean;
}
