/**
 * A term's value for its receiver: what the executor writes for INSERT values, SET
 * assignments and WHERE restrictions. The result is a canonical JS value (normalize-value.ts)
 * of the receiver's type, null, or UNSET_VALUE when a bound value (or a collection element)
 * was left unset. Every refusal is an InvalidRequestError worded as Cassandra words it; each
 * term kind's rules are in its own file.
 */

import { assertNever } from '../../lib/assert.js';
import { InvalidRequestError } from '../../lib/errors.js';
import type { Term } from '../ast/term.js';
import { formatCqlType } from '../types/cql-type.js';
import { listLiteralValue, mapLiteralValue, setLiteralValue } from './collection-literal-values.js';
import { functionCallValue } from './function-call-value.js';
import { literalValue } from './literal-value.js';
import { normalizeValue } from './normalize-value.js';
import { testResultType, testTermAssignment } from './term-assignment.js';
import type { TermContext, TermReceiver } from './term-context.js';
import { termText, typeExpressionText } from './term-text.js';
import { tupleLiteralValue } from './tuple-literal-value.js';
import { resolveTypeWithoutUserTypes } from './type-resolver.js';
import { isUnset, UNSET_VALUE } from './unset-value.js';
import { userTypeLiteralValue } from './user-type-literal-value.js';

export function evaluateTerm(term: Term, receiver: TermReceiver, context: TermContext): unknown {
  switch (term.kind) {
    case 'Literal':
      return literalValue(term, receiver, context.clock);
    case 'BindMarker': {
      const value = context.boundValue(term.index);
      if (isUnset(value)) return UNSET_VALUE;
      return normalizeValue(receiver.type, value);
    }
    case 'ListLiteral':
      return listLiteralValue(term, receiver, context, evaluateTerm);
    case 'SetLiteral':
      return setLiteralValue(term, receiver, context, evaluateTerm);
    case 'MapLiteral':
      return mapLiteralValue(term, receiver, context, evaluateTerm);
    case 'TupleLiteral':
      return tupleLiteralValue(term, receiver, context, evaluateTerm);
    case 'UserTypeLiteral':
      return userTypeLiteralValue(term, receiver, context, evaluateTerm);
    case 'FunctionCall':
      return functionCallValue(term, receiver, context, evaluateTerm);
    case 'TypeHint': {
      // Cassandra checks the hint, then prepares the term for the receiver itself (TypeCast).
      const types = context.types ?? resolveTypeWithoutUserTypes;
      const hinted = types(term.type);
      if (testTermAssignment(term.value, hinted, types) === 'no') {
        throw new InvalidRequestError(`Cannot cast value ${termText(term.value)} to type ${typeExpressionText(term.type)}`);
      }
      if (testResultType(hinted, receiver.type) === 'no') {
        throw new InvalidRequestError(`Cannot assign value ${termText(term)} to ${receiver.name} of type ${formatCqlType(receiver.type)}`);
      }
      return evaluateTerm(term.value, receiver, context);
    }
    default:
      return assertNever(term, 'term');
  }
}
