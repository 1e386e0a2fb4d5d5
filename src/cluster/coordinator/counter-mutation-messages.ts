/**
 * What a coordinator and a counter leader say to each other (Verb.counterMutation), as
 * msgpackr-friendly plain data: the request carries the counter mutations (an encoded write
 * batch whose counter cells hold deltas, counter-mutation.ts) and the statement's consistency
 * level; the answer says the write was applied and replicated at that level, or why not, with
 * the fields the client's error needs (Unavailable's required and alive, WriteTimeout's and
 * WriteFailure's acks), so the coordinator raises the leader's error as the leader counted it.
 * Any other failure of the leader travels as a RemoteFailureError. Both sides check the shape.
 */

import { consistencyLevelFromName, type ConsistencyLevel } from '../consistency/consistency-level.js';
import { UnavailableError } from '../consistency/unavailable-error.js';
import { WriteFailureError, WriteTimeoutError } from './consistency-errors.js';

export interface CounterMutationRequest {
  /** An encoded write batch (vnode/encoded-batch.ts): one mutation per partition. */
  readonly batch: Uint8Array;
  readonly level: ConsistencyLevel;
}

export type CounterMutationResponse =
  | { readonly kind: 'applied' }
  | { readonly kind: 'unavailable'; readonly required: number; readonly alive: number; readonly datacenter: string | null }
  | { readonly kind: 'writeTimeout'; readonly received: number; readonly blockFor: number }
  | { readonly kind: 'writeFailure'; readonly received: number; readonly blockFor: number; readonly failures: number; readonly detail: string };

export const COUNTER_MUTATION_APPLIED: CounterMutationResponse = Object.freeze({ kind: 'applied' });

/** The request a leader received, checked; throws on anything else (a peer's bug, not data). */
export function decodeCounterMutationRequest(payload: unknown): CounterMutationRequest {
  const { batch, level } = (payload ?? {}) as { batch?: unknown; level?: unknown };
  const known = typeof level === 'string' ? consistencyLevelFromName(level) : undefined;
  if (!(batch instanceof Uint8Array) || known === undefined || known !== level) {
    throw new Error('malformed counter mutation request: expected { batch: bytes, level: consistency level }');
  }
  return { batch, level: known };
}

/** The answer for a leader's refusal the coordinator should raise as is; null for other errors. */
export function refusalOf(error: unknown): CounterMutationResponse | null {
  if (error instanceof UnavailableError) {
    return { kind: 'unavailable', required: error.required, alive: error.alive, datacenter: error.datacenter ?? null };
  }
  if (error instanceof WriteTimeoutError) return { kind: 'writeTimeout', received: error.received, blockFor: error.blockFor };
  if (error instanceof WriteFailureError) {
    // The error keeps only its whole message; the detail is what follows the counts.
    const detail = error.message.replace(/^Operation failed - received \d+ responses and \d+ failures: /, '');
    return { kind: 'writeFailure', received: error.received, blockFor: error.blockFor, failures: error.failures, detail };
  }
  return null;
}

/** Raises the leader's refusal as the client error it stands for; returns when it applied. */
export function throwIfRefused(payload: unknown, level: ConsistencyLevel): void {
  const response = decodeCounterMutationResponse(payload);
  switch (response.kind) {
    case 'applied':
      return;
    case 'unavailable':
      throw new UnavailableError(level, response.required, response.alive, ...(response.datacenter === null ? [] : [response.datacenter]));
    case 'writeTimeout':
      throw new WriteTimeoutError(level, response.received, response.blockFor, 'COUNTER');
    case 'writeFailure':
      throw new WriteFailureError(level, response.received, response.blockFor, response.failures, 'COUNTER', response.detail);
  }
}

function decodeCounterMutationResponse(payload: unknown): CounterMutationResponse {
  const response = (payload ?? {}) as Partial<Record<string, unknown>>;
  const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 0;
  switch (response['kind']) {
    case 'applied':
      return COUNTER_MUTATION_APPLIED;
    case 'unavailable':
      if (isCount(response['required']) && isCount(response['alive']) && (response['datacenter'] === null || typeof response['datacenter'] === 'string')) {
        return response as CounterMutationResponse;
      }
      break;
    case 'writeTimeout':
      if (isCount(response['received']) && isCount(response['blockFor'])) return response as CounterMutationResponse;
      break;
    case 'writeFailure':
      if (isCount(response['received']) && isCount(response['blockFor']) && isCount(response['failures']) && typeof response['detail'] === 'string') {
        return response as CounterMutationResponse;
      }
      break;
  }
  throw new Error(`malformed counter mutation response: ${JSON.stringify(payload)}`);
}
