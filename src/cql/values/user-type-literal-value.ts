/**
 * A user type literal for its receiver (UserTypes.Literal): every field given must be a field
 * of the type and assignable to it; missing fields are null. A frozen UDT is written whole, so
 * a field bound to unset is refused; in a non-frozen one the field stays UNSET_VALUE, for the
 * executor to leave that field alone.
 */

import { InvalidRequestError } from '../../lib/errors.js';
import type { UserTypeLiteral } from '../ast/user-type-literal.js';
import { formatCqlType } from '../types/cql-type.js';
import type { Evaluate } from './collection-literal-values.js';
import { udtObject } from './normalize-value.js';
import { testTermAssignment } from './term-assignment.js';
import type { TermContext, TermReceiver } from './term-context.js';
import { resolveTypeWithoutUserTypes } from './type-resolver.js';
import { isUnset } from './unset-value.js';

export function userTypeLiteralValue(literal: UserTypeLiteral, receiver: TermReceiver, context: TermContext, evaluate: Evaluate): unknown {
  const type = receiver.type;
  if (type.kind !== 'udt') {
    throw new InvalidRequestError(`Invalid user type literal for ${receiver.name} of type ${formatCqlType(type)}`);
  }
  const given = new Map(literal.fields.map((field) => [field.name, field.value]));
  for (const field of type.fields) {
    const term = given.get(field.name);
    if (term !== undefined && testTermAssignment(term, field.type, context.types ?? resolveTypeWithoutUserTypes) === 'no') {
      throw new InvalidRequestError(`Invalid user type literal for ${receiver.name}: field ${field.name} is not of type ${formatCqlType(field.type)}`);
    }
  }
  for (const name of given.keys()) {
    if (!type.fields.some((field) => field.name === name)) {
      throw new InvalidRequestError(`Unknown field '${name}' in value of user defined type ${type.name}`);
    }
  }
  return udtObject(
    type.fields.map((field) => {
      const term = given.get(field.name);
      if (term === undefined) return [field.name, null] as const;
      const value = evaluate(term, { name: `${receiver.name}.${field.name}`, type: field.type }, context);
      if (isUnset(value) && type.frozen) {
        throw new InvalidRequestError(`Invalid unset value for field '${field.name}' of user defined type ${type.name}`);
      }
      return [field.name, value] as const;
    }),
  );
}
