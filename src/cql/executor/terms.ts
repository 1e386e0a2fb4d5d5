/**
 * Terms to values for a receiver (a column, an element, a key), through the value layer
 * (src/cql/values): literals by the receiver's type, bound values checked against it,
 * functions, collection literals. One place for the executor to ask.
 */

import { InvalidRequestError } from '../../lib/errors.js';
import type { Term } from '../ast/term.js';
import type { CqlType } from '../types/cql-type.js';
import { driverTypes } from '../types/driver-values.js';
import { evaluateTerm } from '../values/evaluate-term.js';
import type { TermContext } from '../values/term-context.js';
import type { ExecutionContext } from './execution-context.js';

export interface Receiver {
  readonly name: string;
  readonly type: CqlType;
}

export function termValue(term: Term, receiver: Receiver, context: ExecutionContext): unknown {
  return evaluateTerm(term, receiver, termServices(context));
}

/** What evaluating a statement's terms needs from its context; made once for all of a statement's terms. */
export function termServices(context: ExecutionContext): TermContext {
  return {
    boundValue: (index: number) => {
      if (index >= context.params.length) throw new InvalidRequestError(`Expected ${index + 1} or more bound values but got ${context.params.length}`);
      return context.params[index];
    },
    clock: context.clock,
  };
}

export function isUnset(value: unknown): boolean {
  return value === driverTypes.unset;
}

/** A term that must give a value (key columns, LIMIT): unset and null refused with Cassandra's words. */
export function requiredValue(term: Term, receiver: Receiver, context: ExecutionContext, what = receiver.name): unknown {
  const value = termValue(term, receiver, context);
  if (isUnset(value)) throw new InvalidRequestError(`Invalid unset value for ${what}`);
  if (value === null) throw new InvalidRequestError(`Invalid null value for ${what}`);
  return value;
}
