/**
 * Answers a write batch: at once with the error if it was refused (nothing of it applied), or
 * when the commit log says it is durable. The mailbox does not wait for the sync, so the next
 * batch can join the same group fsync.
 */

import type { ActorContext } from '../../actors/actor.js';

export function answerWrite(context: ActorContext, write: () => Promise<void>): void {
  let durable: Promise<void>;
  try {
    durable = write();
  } catch (error) {
    context.replyError(asError(error));
    return;
  }
  const replier = context.replyLater();
  durable.then(
    () => replier.reply(true),
    (error: unknown) => replier.replyError(asError(error)),
  );
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
