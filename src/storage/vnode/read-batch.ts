/**
 * Serves one read batch (vnode-wire.ts): each command is answered by the VNodeState that owns
 * its token, and the answers travel back as one binary reply. A partition stored plainly in one
 * SSTable goes back as its stored bytes (TableStore.readPlain), with no decode and re-encode.
 * A read that fails (a corrupted block) answers with its error; the other reads still serve.
 */

import type { LivePartition } from '../model/read-filter.js';
import type { PartitionUpdate } from '../model/partition-update.js';
import type { VNodeState } from './vnode-state.js';
import { encodeReadReply, readBatchHeader, readReadCommand, type ReadAnswer } from './vnode-wire.js';

export function serveReadBatch(bytes: Uint8Array, stateFor: (token: bigint) => VNodeState): Uint8Array {
  const { count, reader } = readBatchHeader(bytes);
  const outcomes: ReadAnswer[] = [];
  for (let i = 0; i < count; i++) {
    const command = readReadCommand(reader);
    try {
      const state = stateFor(command.token);
      const plain = state.readPlain(command.tableId, command.token, command.key, command.slice);
      if (plain !== undefined) {
        outcomes.push(plain === null ? { kind: 'absent' } : { kind: 'found-encoded', bytes: plain });
        continue;
      }
      const live = state.read(command.tableId, command.token, command.key, command.slice);
      outcomes.push(live === null ? { kind: 'absent' } : { kind: 'found', partition: asPartitionUpdate(command.tableId, live) });
    } catch (error) {
      outcomes.push({ kind: 'error', message: error instanceof Error ? error.message : String(error) });
    }
  }
  return encodeReadReply(outcomes);
}

/** A live partition in the wire shape (no tombstones: they were applied). */
export function asPartitionUpdate(tableId: number, live: LivePartition): PartitionUpdate {
  return { tableId, token: live.token, key: live.key, deletion: null, rangeTombstones: [], staticRow: live.staticRow, rows: live.rows };
}
