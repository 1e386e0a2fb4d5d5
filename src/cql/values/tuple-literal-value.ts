/**
 * A tuple literal for its receiver (Tuples.Literal): at most as many components as the type,
 * each assignable to its component type; missing trailing components are null. A tuple is
 * written whole, so a component bound to unset is refused.
 */

import { InvalidRequestError } from '../../lib/errors.js';
import type { TupleLiteral } from '../ast/tuple-literal.js';
import { formatCqlType } from '../types/cql-type.js';
import { driverTypes } from '../types/driver-values.js';
import type { Evaluate } from './collection-literal-values.js';
import { testTermAssignment } from './term-assignment.js';
import type { TermContext, TermReceiver } from './term-context.js';
import { resolveTypeWithoutUserTypes } from './type-resolver.js';
import { isUnset } from './unset-value.js';

export function tupleLiteralValue(literal: TupleLiteral, receiver: TermReceiver, context: TermContext, evaluate: Evaluate): unknown {
  const type = receiver.type;
  if (type.kind !== 'tuple') {
    throw new InvalidRequestError(`Invalid tuple type literal for ${receiver.name} of type ${formatCqlType(type)}`);
  }
  literal.elements.forEach((element, i) => {
    if (i >= type.elements.length) {
      throw new InvalidRequestError(
        `Invalid tuple literal for ${receiver.name}: too many elements. Type ${formatCqlType(type)} expects ${type.elements.length} but got ${literal.elements.length}`,
      );
    }
    const componentType = type.elements[i]!;
    if (testTermAssignment(element, componentType, context.types ?? resolveTypeWithoutUserTypes) === 'no') {
      throw new InvalidRequestError(`Invalid tuple literal for ${receiver.name}: component ${i} is not of type ${formatCqlType(componentType)}`);
    }
  });
  const values = type.elements.map((componentType, i) => {
    const element = literal.elements[i];
    if (element === undefined) return null;
    const value = evaluate(element, { name: `${receiver.name}[${i}]`, type: componentType }, context);
    if (isUnset(value)) throw new InvalidRequestError(`Invalid unset value for tuple field number ${i}`);
    return value;
  });
  return driverTypes.Tuple.fromArray(values);
}
