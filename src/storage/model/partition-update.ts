/**
 * A partition's worth of data for one table: what a mutation writes, what a memtable or an
 * SSTable holds for one key, and what a read returns before it is filtered. Rows are sorted by
 * clustering bytes.
 */

import type { DeletionTime } from './deletion-time.js';
import type { RangeTombstone } from './range-tombstone.js';
import type { Row } from './row.js';
import type { Token } from './token.js';

export type TableId = number;

export interface PartitionUpdate {
  readonly tableId: TableId;
  readonly token: Token;
  readonly key: Uint8Array;
  /** null when the partition carries no partition tombstone. */
  readonly deletion: DeletionTime | null;
  readonly rangeTombstones: readonly RangeTombstone[];
  readonly staticRow: Row | null;
  readonly rows: readonly Row[];
}

/** A mutation is a partition update on its way in: the unit of the commit log and of replication. */
export type Mutation = PartitionUpdate;
