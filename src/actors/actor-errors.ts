/**
 * The runtime's operating errors, each named (piscina's errors.ts, Proto.Actor's future.go):
 * a request to a gone address is answered with DeadLetterError instead of hanging; a handler
 * that threw answers its ask with ActorFailedError; a thread that died fails its pending asks
 * with ThreadExitedError. OverloadedError and RequestTimeoutError come from src/lib/errors.ts.
 * Errors cross threads as { name, message } and are rebuilt here by name.
 */

import {
  CqlErrorCode,
  InvalidRequestError,
  OverloadedError,
  RequestTimeoutError,
  SibylError,
} from '../lib/errors.js';

/** The target actor does not exist (never spawned, stopped, or on a node we do not know). */
export class DeadLetterError extends SibylError {
  override readonly name = 'DeadLetterError';
  readonly code = CqlErrorCode.serverError;
}

/** The handler of an ask threw; the message is the handler's error message. */
export class ActorFailedError extends SibylError {
  override readonly name = 'ActorFailedError';
  readonly code = CqlErrorCode.serverError;
  constructor(
    message: string,
    /** The name of the error the handler threw (e.g. 'TypeError'). */
    readonly causeName: string,
  ) {
    super(message);
  }
}

/** The worker thread running the target actor exited while the request was pending. */
export class ThreadExitedError extends SibylError {
  override readonly name = 'ThreadExitedError';
  readonly code = CqlErrorCode.serverError;
}

/** An error as it crosses a thread: plain data, msgpackr-serializable. */
export interface WireError {
  readonly name: string;
  readonly message: string;
}

export function toWireError(error: unknown): WireError {
  if (error instanceof ActorFailedError) return { name: error.causeName, message: error.message };
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: 'Error', message: String(error) };
}

/** Rebuilds the runtime's own errors by name; anything else is the handler's failure. */
export function fromWireError(wire: WireError): Error {
  switch (wire.name) {
    case 'DeadLetterError':
      return new DeadLetterError(wire.message);
    case 'OverloadedError':
      return new OverloadedError(wire.message);
    case 'RequestTimeoutError':
      return new RequestTimeoutError(wire.message);
    case 'ThreadExitedError':
      return new ThreadExitedError(wire.message);
    case 'InvalidRequestError':
      return new InvalidRequestError(wire.message);
    default:
      return new ActorFailedError(wire.message, wire.name);
  }
}
