/**
 * The VNodeActor: a thin shell over VNodeState (STYLE rule 6). Binary batches from the ring are
 * replays (and writes or reads for this vnode alone; the engine's own go through the thread's
 * StorageThreadActor); control commands (comlink) are flush, snapshot, status, the commit-log
 * replay steps and table changes for its whole thread (table-steps.ts); a 'tick' every second
 * drives timed flushes and flush retries.
 */

import { assertNever } from '../../lib/assert.js';
import type { Actor, ActorContext } from '../../actors/actor.js';
import { ReadReplyWriter } from './read-reply-writer.js';
import { VNodeMessageType } from './vnode-wire.js';
import { answerWrite } from './answer-write.js';
import { asPartitionUpdate, serveReadBatch } from './read-batch.js';
import type { VNodeControl, VNodeMessage } from './vnode-messages.js';
import { VNodeState, type VNodeInit } from './vnode-state.js';
import { applyTableStep } from './table-steps.js';
import type { StorageThreadServices } from './storage-thread-services.js';

const TICK_MS = 1000;

export class VNodeActor implements Actor<VNodeMessage> {
  /**
   * Batches are applied or served before receiveBinary returns: the commit log and memtables
   * copy what they keep, reads copy keys and answer at once. The host may reuse the buffer.
   */
  readonly borrowsBinary = true;
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
      answerWrite(context, () => this.state.write(bytes));
      return;
    }
    if (type === VNodeMessageType.read) {
      const reply = serveReadBatch(bytes, () => this.state);
      context.reply(reply, [reply.buffer as ArrayBuffer]);
      return;
    }
    throw new Error(`unknown vnode batch type ${String(type)}`);
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
        const startToken = command.startToken ?? undefined;
        const endToken = command.endToken ?? undefined;
        const page =
          command.mode === 'unfiltered'
            ? this.state.scanUnfilteredPage(command.tableId, startToken, endToken, command.after, command.limit)
            : this.state.scanPage(command.tableId, startToken, endToken, command.after, command.limit).map((live) => asPartitionUpdate(command.tableId, live));
        const reply = new ReadReplyWriter();
        reply.begin();
        for (const partition of page) reply.found(partition);
        return reply.finish(page.length);
      }
      case 'cleanup-table':
        return this.state.cleanupTable(command.tableId, command.keep);
      case 'table-step':
        return applyTableStep(this.services, command.step);
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
