/**
 * The VNodeActor: a thin shell over VNodeState (STYLE rule 6). Binary batches from the ring are
 * writes, replays or reads; control commands (comlink) are flush, snapshot, status and the
 * commit-log replay steps; a 'tick' every second drives timed flushes and flush retries.
 */

import { assertNever } from '../../lib/assert.js';
import type { Actor, ActorContext } from '../../actors/actor.js';
import { readBatchHeader, readReadCommand, encodeReadReply, VNodeMessageType, type ReadOutcome } from './vnode-wire.js';
import type { VNodeControl, VNodeMessage } from './vnode-messages.js';
import { VNodeState, type VNodeInit } from './vnode-state.js';
import type { StorageThreadServices } from './storage-thread-services.js';
import type { PartitionUpdate } from '../model/partition-update.js';
import type { LivePartition } from '../model/read-filter.js';

const TICK_MS = 1000;

/** A live partition in the wire shape (no tombstones: they were applied). */
function asPartitionUpdate(tableId: number, live: LivePartition): PartitionUpdate {
  return { tableId, token: live.token, key: live.key, deletion: null, rangeTombstones: [], staticRow: live.staticRow, rows: live.rows };
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

export class VNodeActor implements Actor<VNodeMessage> {
  private readonly state: VNodeState;
  private tickTimer: unknown = null;

  constructor(
    init: VNodeInit,
    private readonly services: StorageThreadServices,
    context: ActorContext,
  ) {
    this.state = new VNodeState(init, services);
    const tick = (): void => {
      context.tell(context.self, { kind: 'tick' });
      this.tickTimer = services.scheduler.setTimeout(tick, TICK_MS);
    };
    this.tickTimer = services.scheduler.setTimeout(tick, TICK_MS);
  }

  receive(message: VNodeMessage): void {
    switch (message.kind) {
      case 'tick':
        this.state.tick();
        return;
      default:
        assertNever(message.kind, 'vnode message');
    }
  }

  receiveBinary(bytes: Uint8Array, context: ActorContext): void {
    const type = bytes[0];
    if (type === VNodeMessageType.write || type === VNodeMessageType.replay) {
      // Operating errors (disk full, overloaded, invalid) answer the batch; nothing was applied.
      let durable: Promise<void>;
      try {
        durable = this.state.write(bytes);
      } catch (error) {
        context.replyError(asError(error));
        return;
      }
      // The ack waits for the commit log's sync; the mailbox does not, so the next batch
      // can join the same group fsync.
      const replier = context.replyLater();
      durable.then(
        () => replier.reply(true),
        (error: unknown) => replier.replyError(asError(error)),
      );
      return;
    }
    if (type === VNodeMessageType.read) {
      const reply = this.readBatch(bytes);
      context.reply(reply, [reply.buffer as ArrayBuffer]);
      return;
    }
    throw new Error(`unknown vnode batch type ${String(type)}`);
  }

  private readBatch(bytes: Uint8Array): Uint8Array {
    const { count, reader } = readBatchHeader(bytes);
    const outcomes: ReadOutcome[] = [];
    for (let i = 0; i < count; i++) {
      const command = readReadCommand(reader);
      try {
        const live = this.state.read(command.tableId, command.token, command.key, command.slice);
        if (live === null) {
          outcomes.push({ kind: 'absent' });
          continue;
        }
        outcomes.push({ kind: 'found', partition: asPartitionUpdate(command.tableId, live) });
      } catch (error) {
        // A corrupted block fails this read with the file's name; the other reads still serve.
        outcomes.push({ kind: 'error', message: error instanceof Error ? error.message : String(error) });
      }
    }
    return encodeReadReply(outcomes);
  }

  async control(command: VNodeControl): Promise<unknown> {
    switch (command.kind) {
      case 'flush':
        await this.state.flushAll();
        return true;
      case 'compact':
        await this.state.flushAll();
        await this.state.compactAll();
        return true;
      case 'snapshot':
        return this.state.snapshot(command.name);
      case 'status':
        return this.state.status();
      case 'segments-to-replay':
        return [...this.services.commitLog.segmentsToReplay];
      case 'discard-replayed-segments':
        this.services.commitLog.discardReplayedSegments();
        return true;
      case 'crash-thread-for-testing':
        // process.exit in a worker thread ends that thread only; no flush, no sync.
        process.exit(70);
        return false;
      case 'scan-page': {
        const page = this.state.scanPage(command.tableId, command.startToken ?? undefined, command.endToken ?? undefined, command.after, command.limit);
        return encodeReadReply(page.map((live) => ({ kind: 'found', partition: asPartitionUpdate(command.tableId, live) })));
      }
      case 'sync-commit-log':
        this.services.commitLog.sync();
        return true;
      default:
        return assertNever(command, 'vnode control');
    }
  }

  stopped(): void {
    if (this.tickTimer !== null) this.services.scheduler.clearTimeout(this.tickTimer);
    this.state.close();
  }
}
