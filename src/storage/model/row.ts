/**
 * A row: a clustering key (byte-comparable, empty for the static row and for tables without
 * clustering columns), its primary-key liveness, its row deletion and its cells, sorted by
 * (column, path).
 */

import type { Cell } from './cell.js';
import type { DeletionTime } from './deletion-time.js';
import type { LivenessInfo } from './liveness-info.js';

export interface Row {
  readonly clustering: Uint8Array;
  readonly liveness: LivenessInfo | null;
  /** null when the row carries no row tombstone. */
  readonly deletion: DeletionTime | null;
  readonly cells: readonly Cell[];
}

export const EMPTY_CLUSTERING = new Uint8Array(0);
