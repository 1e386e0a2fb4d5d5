/**
 * The control-plane protocol of a VNodeActor (msgpackr-serializable plain data). Writes and
 * reads are binary batches instead (vnode-wire.ts).
 */

import type { TokenSpan } from '../compaction/token-spans.js';
import type { TableStep } from './table-steps.js';
import type { ScanMode } from './vnode-wire.js';

export type VNodeMessage = { readonly kind: 'tick' };

export type VNodeControl =
  | { readonly kind: 'flush' }
  | { readonly kind: 'compact' }
  | { readonly kind: 'snapshot'; readonly name: string }
  | { readonly kind: 'status' }
  | { readonly kind: 'segments-to-replay' }
  | { readonly kind: 'discard-replayed-segments' }
  | { readonly kind: 'sync-commit-log' }
  | {
      readonly kind: 'scan-page';
      readonly tableId: number;
      readonly startToken: bigint | null;
      readonly endToken: bigint | null;
      readonly after: { readonly token: bigint; readonly key: Uint8Array } | null;
      readonly limit: number;
      /** live: what clients see; unfiltered: partitions with their tombstones (a replica's range read). */
      readonly mode: ScanMode;
    }
  /** nodetool cleanup of one table in this vnode: SSTables rewritten without tokens outside `keep`. */
  | { readonly kind: 'cleanup-table'; readonly tableId: number; readonly keep: readonly TokenSpan[] }
  /** A table change for every vnode of this actor's thread at once (table-steps.ts). */
  | { readonly kind: 'table-step'; readonly step: TableStep }
  /** Fault injection for tests: ends this worker thread abruptly, as a crash would. */
  | { readonly kind: 'crash-thread-for-testing' };
