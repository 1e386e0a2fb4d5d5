/**
 * The table of asks waiting for an answer (Proto.Actor's future.go): each has a u32
 * correlation id, the host it went to (so a dying thread fails exactly its own requests),
 * and always a timer. Every entry ends exactly once: resolved, rejected, or timed out with
 * RequestTimeoutError. Answers for unknown ids (late, after a timeout) are reported to the
 * caller so it can count them as dead letters.
 */

import { assert } from '../lib/assert.js';
import { OverloadedError, RequestTimeoutError } from '../lib/errors.js';
import type { HostAddress } from './envelope.js';
import type { TimerHandle, Timers } from './timers.js';

interface PendingRequest {
  readonly host: HostAddress;
  readonly timer: TimerHandle;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: Error) => void;
}

export class PendingRequests {
  private readonly requests = new Map<number, PendingRequest>();
  private lastId = 0;

  constructor(
    private readonly timers: Timers,
    private readonly requestsMax: number,
  ) {
    assert(requestsMax > 0 && requestsMax < 0xffff_ffff, 'pending requests bound');
  }

  get size(): number {
    return this.requests.size;
  }

  /** Registers an ask to `host`; `describe` names it in the timeout error (a function: built only then). */
  open<T>(host: HostAddress, timeoutMs: number, describe: string | (() => string)): { correlationId: number; answer: Promise<T> } {
    assert(Number.isFinite(timeoutMs) && timeoutMs > 0, 'an ask needs a positive timeout');
    if (this.requests.size >= this.requestsMax) {
      throw new OverloadedError(`${this.requests.size} asks pending: the caller must wait for answers`);
    }
    const correlationId = this.nextId();
    const answer = new Promise<T>((resolve, reject) => {
      const timer = this.timers.setTimeout(() => {
        if (this.requests.delete(correlationId)) {
          reject(new RequestTimeoutError(`no answer within ${timeoutMs} ms: ${typeof describe === 'string' ? describe : describe()}`));
        }
      }, timeoutMs);
      this.requests.set(correlationId, {
        host,
        timer,
        resolve: resolve as (value: unknown) => void,
        reject,
      });
    });
    return { correlationId, answer };
  }

  /** False when the request already ended (timed out): the answer is a dead letter. */
  resolve(correlationId: number, value: unknown): boolean {
    const request = this.take(correlationId);
    request?.resolve(value);
    return request !== undefined;
  }

  reject(correlationId: number, error: Error): boolean {
    const request = this.take(correlationId);
    request?.reject(error);
    return request !== undefined;
  }

  rejectHost(host: HostAddress, error: Error): number {
    let count = 0;
    for (const [id, request] of this.requests) {
      if (request.host !== host) continue;
      this.take(id);
      request.reject(error);
      count += 1;
    }
    return count;
  }

  rejectAll(error: Error): void {
    for (const id of [...this.requests.keys()]) this.reject(id, error);
  }

  private take(correlationId: number): PendingRequest | undefined {
    const request = this.requests.get(correlationId);
    if (request === undefined) return undefined;
    this.requests.delete(correlationId);
    this.timers.clearTimeout(request.timer);
    return request;
  }

  /** u32, never 0 (0 marks "no answer wanted" in ring records), never one still pending. */
  private nextId(): number {
    do {
      this.lastId = this.lastId >= 0xffff_ffff ? 1 : this.lastId + 1;
    } while (this.requests.has(this.lastId));
    return this.lastId;
  }
}
