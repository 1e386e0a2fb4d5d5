/**
 * The coordinator-leader protocol (counter-mutation-messages.ts): a leader's Unavailable,
 * WriteTimeout and WriteFailure cross the wire (msgpackr, as MessagingService packs them) and
 * come out as the same client errors, writeType COUNTER; anything malformed is refused on
 * either side rather than taken for an answer.
 */

import { Packr } from 'msgpackr';
import { describe, expect, it } from 'vitest';
import { WriteFailureError, WriteTimeoutError } from '../../../../src/cluster/coordinator/consistency-errors.js';
import {
  COUNTER_MUTATION_APPLIED,
  decodeCounterMutationRequest,
  refusalOf,
  throwIfRefused,
} from '../../../../src/cluster/coordinator/counter-mutation-messages.js';
import { UnavailableError } from '../../../../src/cluster/consistency/unavailable-error.js';
import { CqlErrorCode, InvalidRequestError } from '../../../../src/lib/errors.js';

const packr = new Packr({ moreTypes: true });

function overTheWire(value: unknown): unknown {
  return packr.unpack(packr.pack(value));
}

function raised(payload: unknown): Record<string, unknown> {
  try {
    throwIfRefused(overTheWire(payload), 'QUORUM');
  } catch (error) {
    return { ...(error as Record<string, unknown>), name: (error as Error).name, message: (error as Error).message };
  }
  throw new Error('expected an error');
}

describe('counter mutation messages', () => {
  it('a request survives the wire and is checked', () => {
    const batch = Uint8Array.of(1, 0, 0, 0, 0);
    expect(decodeCounterMutationRequest(overTheWire({ batch, level: 'LOCAL_QUORUM' }))).toEqual({ batch, level: 'LOCAL_QUORUM' });
    expect(() => decodeCounterMutationRequest({ batch, level: 'quorum' })).toThrow(/malformed/);
    expect(() => decodeCounterMutationRequest({ batch: 'bytes', level: 'ONE' })).toThrow(/malformed/);
    expect(() => decodeCounterMutationRequest(null)).toThrow(/malformed/);
  });

  it("a leader's refusals come back as the client errors they stand for, with their counts", () => {
    expect(raised(refusalOf(new UnavailableError('QUORUM', 2, 1)))).toMatchObject({ name: 'UnavailableError', code: CqlErrorCode.unavailable, required: 2, alive: 1 });
    expect(raised(refusalOf(new UnavailableError('EACH_QUORUM', 2, 0, 'dc2')))).toMatchObject({ required: 2, alive: 0, datacenter: 'dc2' });
    expect(raised(refusalOf(new WriteTimeoutError('QUORUM', 1, 2, 'COUNTER')))).toMatchObject({
      name: 'WriteTimeoutError',
      code: CqlErrorCode.writeTimeout,
      received: 1,
      blockFor: 2,
      writeType: 'COUNTER',
    });
    const failure = raised(refusalOf(new WriteFailureError('QUORUM', 1, 2, 2, 'COUNTER', 'disk full')));
    expect(failure).toMatchObject({ name: 'WriteFailureError', received: 1, blockFor: 2, failures: 2, writeType: 'COUNTER' });
    expect(failure['message']).toBe('Operation failed - received 1 responses and 2 failures: disk full');
  });

  it('an applied write raises nothing; other errors are not refusals; a malformed answer is refused', () => {
    expect(() => throwIfRefused(overTheWire(COUNTER_MUTATION_APPLIED), 'ONE')).not.toThrow();
    expect(refusalOf(new InvalidRequestError('unknown table'))).toBeNull();
    expect(refusalOf(new Error('boom'))).toBeNull();
    expect(() => throwIfRefused({ kind: 'writeTimeout', received: -1, blockFor: 2 }, 'ONE')).toThrow(/malformed/);
    expect(() => throwIfRefused({ kind: 'done' }, 'ONE')).toThrow(/malformed/);
    expect(() => throwIfRefused(undefined, 'ONE')).toThrow(/malformed/);
  });
});
