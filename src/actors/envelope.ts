/**
 * Everything that crosses a MessagePort between two actor hosts (main thread, worker
 * threads): a closed union on `kind` (STYLE rule 5, piscina's types.ts). Envelopes are plain
 * data, packed with msgpackr by port-link.ts; only spawn arguments and replies with a
 * transfer list go by structured clone.
 *
 *   tell        to an actor, no answer
 *   ask         to an actor; answered by reply/replyError to replyTo.host with correlationId
 *   reply       the answer to an ask
 *   replyError  the failure of an ask (DeadLetterError, OverloadedError, handler's error)
 *   deadLetter  worker -> main: a message found no actor (main counts and logs)
 *   failure     worker -> main: an actor's handler threw; what supervision decided
 */

import type { ActorRef } from './actor-ref.js';
import type { WireError } from './actor-errors.js';
import type { SupervisorDirective } from './supervision.js';

/** A worker thread index, or MAIN_HOST for the main thread. */
export type HostAddress = number;
export const MAIN_HOST: HostAddress = -1;

export interface ReplyTarget {
  readonly host: HostAddress;
  readonly correlationId: number;
}

export interface TellEnvelope {
  readonly kind: 'tell';
  readonly to: ActorRef;
  readonly body: unknown;
}

export interface AskEnvelope {
  readonly kind: 'ask';
  readonly to: ActorRef;
  readonly body: unknown;
  readonly replyTo: ReplyTarget;
}

export interface ReplyEnvelope {
  readonly kind: 'reply';
  readonly correlationId: number;
  readonly value: unknown;
}

export interface ReplyErrorEnvelope {
  readonly kind: 'replyError';
  readonly correlationId: number;
  readonly error: WireError;
}

export interface DeadLetterEnvelope {
  readonly kind: 'deadLetter';
  readonly to: ActorRef;
  readonly message: string;
}

export interface FailureEnvelope {
  readonly kind: 'failure';
  readonly ref: ActorRef;
  readonly error: string;
  readonly directive: SupervisorDirective;
}

export type Envelope =
  | TellEnvelope
  | AskEnvelope
  | ReplyEnvelope
  | ReplyErrorEnvelope
  | DeadLetterEnvelope
  | FailureEnvelope;

const envelopeKinds: ReadonlySet<string> = new Set<Envelope['kind']>([
  'tell',
  'ask',
  'reply',
  'replyError',
  'deadLetter',
  'failure',
]);

/** The receive-side shape check (the send side is typed). */
export function isEnvelope(value: unknown): value is Envelope {
  if (typeof value !== 'object' || value === null) return false;
  const kind = (value as { kind?: unknown }).kind;
  return typeof kind === 'string' && envelopeKinds.has(kind);
}

/** A short description of a message for dead-letter events and logs: never the payload. */
export function describeMessage(body: unknown): string {
  if (body instanceof Uint8Array) return `binary(${body.byteLength} bytes)`;
  if (typeof body === 'object' && body !== null) {
    const kind = (body as { kind?: unknown }).kind;
    return typeof kind === 'string' ? `{kind:${kind}}` : 'object';
  }
  return typeof body;
}
