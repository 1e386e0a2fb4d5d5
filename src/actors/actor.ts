/**
 * What an actor is to the runtime: a handler of one message at a time, in order (an async
 * receive holds back the next message of that actor only), plus optional data-plane and
 * control-plane entry points. Actors stay thin (STYLE rule 6): receive routes each message of
 * a closed `kind` union to a method of a plain state object.
 *
 * Kinds are registered by a kinds module: a compiled JS module (path given at system start)
 * that every worker thread imports, so actor code never has to cross a thread.
 */

import type { MessagePort } from 'node:worker_threads';
import type { ActorRef } from './actor-ref.js';
import type { SupervisorPolicy } from './supervision.js';

export interface Actor<M = unknown> {
  /** One message at a time per actor, in the order they arrived. */
  receive(message: M, context: ActorContext): void | Promise<void>;
  /**
   * Data plane: bytes from sendBinary/askBinary. The actor owns them, unless it borrows them
   * (borrowsBinary).
   */
  receiveBinary?(bytes: Uint8Array, context: ActorContext): void | Promise<void>;
  /**
   * True when receiveBinary keeps nothing of its bytes once it returns (or once the promise it
   * returns settles): the host then lends a buffer it reuses for later messages (binary-buffer-
   * pool.ts), instead of allocating one per message.
   */
  readonly borrowsBinary?: boolean;
  /** Control plane (comlink): the result answers ActorSystem.control(). */
  control?(command: unknown, context: ActorContext): unknown;
  /** Called once when the actor stops or before it is replaced by a restart. */
  stopped?(): void;
}

/** Answers one ask later, after the handler returned (e.g. after a group commit). */
export interface Replier {
  reply(value: unknown, transfer?: readonly ArrayBuffer[]): void;
  replyError(error: Error): void;
}

export interface ActorContext {
  readonly self: ActorRef;
  /** Per-thread services built by the kinds module's createServices. */
  readonly services: unknown;
  tell(to: ActorRef, message: unknown): void;
  ask<T>(to: ActorRef, message: unknown, timeoutMs?: number): Promise<T>;
  /**
   * Answers the message being handled, if it was an ask; transfer lists ArrayBuffers to move.
   * An ask whose handler returns without replying is answered with undefined.
   */
  reply(value: unknown, transfer?: readonly ArrayBuffer[]): void;
  replyError(error: Error): void;
  /**
   * Takes over the answer to the message being handled: the runtime no longer answers it
   * when the handler returns, and the Replier may be used once, at any later time.
   */
  replyLater(): Replier;
}

export interface ActorKind {
  create(init: unknown, context: ActorContext): Actor;
  /** Default: restart, limits.actorRestartsMax times within limits.actorRestartWindowMs. */
  supervision?: SupervisorPolicy;
}

export type ActorKinds = Readonly<Record<string, ActorKind>>;

export interface ActorHostInfo {
  /** Worker thread index, or -1 on the main thread. */
  readonly threadIndex: number;
  readonly node: string;
  readonly options: unknown;
  /** A worker thread's line to a node-wide service on main (ActorSystemOptions.threadServicePort). */
  readonly servicePort?: MessagePort | undefined;
}

/** The shape of the module named by ActorSystemOptions.kindsModule. */
export interface ActorKindsModule {
  kinds: ActorKinds;
  createServices?(host: ActorHostInfo): unknown;
}

export function isActorKindsModule(value: unknown): value is ActorKindsModule {
  if (typeof value !== 'object' || value === null) return false;
  const kinds = (value as { kinds?: unknown }).kinds;
  return typeof kinds === 'object' && kinds !== null;
}
