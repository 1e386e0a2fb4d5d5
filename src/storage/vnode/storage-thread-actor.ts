/**
 * The data-plane entry of one worker thread: one per thread, it takes the write and read
 * batches the engine builds per thread (not per vnode) and hands each record to the VNodeState
 * that owns its token, through the thread's vnode directory (services.vnodes). A 1,000-row
 * write over 16 vnodes on 2 threads is then 2 ring messages, 2 commit-log entries and 2 acks
 * instead of 16 of each. The VNodeActors keep everything else: flush, compaction, status,
 * replay, snapshots.
 */

import type { Actor, ActorContext } from '../../actors/actor.js';
import { InvalidRequestError } from '../../lib/errors.js';
import { serveReadBatch } from './read-batch.js';
import type { StorageThreadServices } from './storage-thread-services.js';
import type { VNodeState } from './vnode-state.js';
import { VNodeRanges } from './vnode-ranges.js';
import { VNodeMessageType } from './vnode-wire.js';
import { applyWriteBatch } from './write-batch.js';
import { answerWrite } from './answer-write.js';

export class StorageThreadActor implements Actor {
  /**
   * Batches are applied or served before receiveBinary returns: the commit log and memtables
   * copy what they keep, reads copy keys and answer at once. The host may reuse the buffer.
   */
  readonly borrowsBinary = true;
  private readonly ranges: VNodeRanges;

  constructor(private readonly services: StorageThreadServices) {
    this.ranges = new VNodeRanges(services.config.vnodeCount);
  }

  receive(message: unknown): void {
    throw new Error(`the storage-thread actor takes binary batches only, not ${JSON.stringify(message)}`);
  }

  receiveBinary(bytes: Uint8Array, context: ActorContext): void {
    const type = bytes[0];
    if (type === VNodeMessageType.write) {
      answerWrite(context, () => applyWriteBatch(bytes, this.services, (tokenHigh) => this.vnodeAt(this.ranges.lookupVNodeByHigh(tokenHigh))));
      return;
    }
    if (type === VNodeMessageType.read) {
      const reply = serveReadBatch(bytes, (token) => this.vnodeAt(this.ranges.lookupVNode(token)));
      context.reply(reply, [reply.buffer as ArrayBuffer]);
      return;
    }
    throw new Error(`unknown storage-thread batch type ${String(type)}`);
  }

  private vnodeAt(index: number): VNodeState {
    const state = this.services.vnodes.get(index);
    if (state === undefined) throw new InvalidRequestError(`vnode ${index} is not served by thread ${this.services.threadIndex}`);
    return state;
  }
}
