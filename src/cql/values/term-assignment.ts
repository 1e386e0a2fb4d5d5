/**
 * Whether a term can be assigned to a receiver type, and how well (Cassandra's
 * AssignmentTestable.testAssignment), without evaluating it. Function overloads are chosen by
 * this test, and collection literals check their elements with it before anything is parsed,
 * which is why "[1, 'a']" for a list<int> fails as a whole ("value 'a' is not of type int").
 *
 *   constants        literal-assignment.ts
 *   bind markers     weak: any value may come
 *   collections      the receiver's kind, then every element: no if one is no, exact if all are
 *                    exact, else weak; an empty literal is weak ({} fits a set or a map)
 *   tuple, udt       weak when every component given fits, else no
 *   function calls   by the resolved function's return type: exact if equal, weak if
 *                    value-compatible (fromJson is always weak); weak when resolution fails,
 *                    so the call's own error surfaces later
 *   type hints       by the hinted type, the same way
 */

import { assertNever } from '../../lib/assert.js';
import { InvalidRequestError } from '../../lib/errors.js';
import type { Term } from '../ast/term.js';
import { resolveFunction } from '../functions/resolve-function.js';
import type { CqlType } from '../types/cql-type.js';
import { testLiteralAssignment, type AssignmentResult } from './literal-assignment.js';
import { isValueCompatible, sameType } from './type-compatibility.js';
import type { TypeResolver } from './type-resolver.js';

export type { AssignmentResult } from './literal-assignment.js';

export function testTermAssignment(term: Term, receiver: CqlType, types: TypeResolver): AssignmentResult {
  switch (term.kind) {
    case 'Literal':
      return testLiteralAssignment(term, receiver);
    case 'BindMarker':
      return 'weak';
    case 'ListLiteral':
      if (receiver.kind !== 'list') return 'no';
      return term.elements.length === 0 ? 'weak' : testAll(term.elements, receiver.element, types);
    case 'SetLiteral':
      if (receiver.kind !== 'set') return 'no';
      return term.elements.length === 0 ? 'weak' : testAll(term.elements, receiver.element, types);
    case 'MapLiteral': {
      if (term.entries.length === 0) return receiver.kind === 'set' || receiver.kind === 'map' ? 'weak' : 'no';
      if (receiver.kind !== 'map') return 'no';
      const keys = testAll(term.entries.map((entry) => entry.key), receiver.key, types);
      const values = testAll(term.entries.map((entry) => entry.value), receiver.value, types);
      return combine(keys, values);
    }
    case 'TupleLiteral':
      if (receiver.kind !== 'tuple' || term.elements.length > receiver.elements.length) return 'no';
      return term.elements.every((element, i) => testTermAssignment(element, receiver.elements[i]!, types) !== 'no') ? 'weak' : 'no';
    case 'UserTypeLiteral': {
      if (receiver.kind !== 'udt') return 'no';
      const fits = receiver.fields.every((field) => {
        const given = term.fields.find((entry) => entry.name === field.name);
        return given === undefined || testTermAssignment(given.value, field.type, types) !== 'no';
      });
      return fits ? 'weak' : 'no';
    }
    case 'FunctionCall':
      return testFunctionCall(term, receiver, types);
    case 'TypeHint':
      return testResultType(types(term.type), receiver);
    default:
      return assertNever(term, 'term');
  }
}

/** The receiver's test of a value of type `source`: exact if equal, weak if value-compatible. */
export function testResultType(source: CqlType, receiver: CqlType): AssignmentResult {
  if (sameType(receiver, source)) return 'exact';
  return isValueCompatible(receiver, source) ? 'weak' : 'no';
}

function testFunctionCall(term: Extract<Term, { kind: 'FunctionCall' }>, receiver: CqlType, types: TypeResolver): AssignmentResult {
  try {
    const fn = resolveFunction(term, term.args.map((arg) => ({ term: arg })), { receiverType: receiver, usage: 'term', types });
    if (fn.name === 'fromjson') return 'weak';
    return testResultType(fn.returnType, receiver);
  } catch (error) {
    if (error instanceof InvalidRequestError) return 'weak';
    throw error;
  }
}

function testAll(terms: readonly Term[], receiver: CqlType, types: TypeResolver): AssignmentResult {
  let result: AssignmentResult = 'exact';
  for (const term of terms) result = combine(result, testTermAssignment(term, receiver, types));
  return result;
}

function combine(a: AssignmentResult, b: AssignmentResult): AssignmentResult {
  if (a === 'no' || b === 'no') return 'no';
  return a === 'exact' && b === 'exact' ? 'exact' : 'weak';
}
