/**
 * A function call as a term (FunctionCall.Raw.prepare, then execute): resolve the overload
 * for the receiver, refuse aggregates, check that the result fits the receiver ("Type error:
 * cannot assign result of function system.now (type timeuuid) to k (type int)"), evaluate the
 * arguments with the parameter types as receivers (named "arg0(system.totimestamp)"), refuse
 * unset arguments, apply, and re-read the result as the receiver's type when it is only
 * value-compatible (a timestamp into a bigint column is its millisecond count).
 */

import { InvalidRequestError } from '../../lib/errors.js';
import type { FunctionCall } from '../ast/function-call.js';
import { functionSignature, qualifiedName } from '../functions/function-signature.js';
import { resolveFunction } from '../functions/resolve-function.js';
import { formatCqlType } from '../types/cql-type.js';
import type { Evaluate } from './collection-literal-values.js';
import { convertCompatibleValue } from './convert-compatible-value.js';
import { testResultType } from './term-assignment.js';
import type { TermContext, TermReceiver } from './term-context.js';
import { isUnset } from './unset-value.js';

export function functionCallValue(call: FunctionCall, receiver: TermReceiver, context: TermContext, evaluate: Evaluate): unknown {
  const args = call.args.map((arg) => ({ term: arg }));
  const fn = resolveFunction(call, args, { receiverType: receiver.type, usage: 'term', types: context.types });
  if (fn.kind === 'aggregate') throw new InvalidRequestError('Aggregation function are not supported in the where clause');
  if (testResultType(fn.returnType, receiver.type) === 'no') {
    throw new InvalidRequestError(
      `Type error: cannot assign result of function ${qualifiedName(fn)} (type ${formatCqlType(fn.returnType)}) to ${receiver.name} (type ${formatCqlType(receiver.type)})`,
    );
  }
  if (fn.argTypes.length !== call.args.length) {
    throw new InvalidRequestError(
      `Incorrect number of arguments specified for function ${functionSignature(fn)} (expected ${fn.argTypes.length}, found ${call.args.length})`,
    );
  }
  const values = call.args.map((arg, i) => {
    const value = evaluate(arg, { name: `arg${i}(${qualifiedName(fn).toLowerCase()})`, type: fn.argTypes[i]! }, context);
    if (isUnset(value)) throw new InvalidRequestError(`Invalid unset value for argument in call to function ${fn.name}`);
    return value;
  });
  return convertCompatibleValue(receiver.type, fn.returnType, fn.apply(values, context));
}
