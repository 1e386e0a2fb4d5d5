/**
 * Serves one read batch (vnode-wire.ts): each command is answered by the VNodeState that owns
 * its token, and the answers travel back as one binary reply. A partition stored plainly in one
 * SSTable is copied from the file straight into the reply (TableStore.readPlainInto), with no
 * decode and re-encode and no buffer of its own. A read that fails (a corrupted block) answers
 * with its error; the other reads still serve.
 *
 * An unfiltered read (a replica's answer to its coordinator, vnode-wire.ts) takes the same
 * plain path: a stored partition with no tombstone, TTL, static row or empty row is already
 * in canonical form, so its stored bytes are the answer in both modes. The engine sends
 * unfiltered reads with their bounds only (no limit, ascending), so a full one is a full slice.
 * A replica's read (replica-data, replica-digest) is an unfiltered read whose answer the thread
 * also digests: the replica's main thread passes the bytes on without decoding them.
 */

import type { LivePartition } from '../model/read-filter.js';
import type { PartitionUpdate } from '../model/partition-update.js';
import { PlainRead } from '../sstable/sstable-reader.js';
import { ReadReplyWriter } from './read-reply-writer.js';
import type { VNodeState } from './vnode-state.js';
import { readBatchHeader, readReadCommand } from './vnode-wire.js';

/** One per thread: batches are served one at a time, each reply copied out by finish(). */
const reply = new ReadReplyWriter();

export function serveReadBatch(bytes: Uint8Array, stateFor: (token: bigint) => VNodeState): Uint8Array {
  const { count, reader } = readBatchHeader(bytes);
  reply.begin();
  for (let i = 0; i < count; i++) {
    const command = readReadCommand(reader);
    const mark = reply.mark();
    try {
      const state = stateFor(command.token);
      const plain = state.readPlainInto(command.tableId, command.token, command.key, command.slice, reply.foundEncoded(command.mode));
      if (plain === PlainRead.appended) {
        reply.endFound(mark, command.mode);
        continue;
      }
      reply.rewind(mark);
      if (plain === PlainRead.absent) {
        reply.absent();
        continue;
      }
      if (command.mode !== 'live') {
        const merged = state.readUnfiltered(command.tableId, command.token, command.key, command.slice);
        if (merged === null) reply.absent();
        else reply.found(merged, command.mode);
        continue;
      }
      const live = state.read(command.tableId, command.token, command.key, command.slice);
      if (live === null) reply.absent();
      else reply.found(asPartitionUpdate(command.tableId, live));
    } catch (error) {
      reply.rewind(mark);
      reply.error(error instanceof Error ? error.message : String(error));
    }
  }
  return reply.finish(count);
}

/** A live partition in the wire shape (no tombstones: they were applied). */
export function asPartitionUpdate(tableId: number, live: LivePartition): PartitionUpdate {
  return { tableId, token: live.token, key: live.key, deletion: null, rangeTombstones: [], staticRow: live.staticRow, rows: live.rows };
}
