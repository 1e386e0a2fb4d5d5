/**
 * A term's bind markers and their receivers, handed down as Cassandra's Term.Raw.prepare hands
 * them (collectMarkerSpecification then records each):
 *
 *   ?                 the receiver itself
 *   [a, ?] / {?}      value(c): the element type
 *   {?: ?}            key(c), value(c)
 *   (?, ?)            c[0], c[1]: the component types (Tuples.componentSpecOf)
 *   {f: ?}            c.f: the field's type
 *   f(?, ?)           arg0(system.f), arg1(system.f): the resolved overload's argument types
 *   token(?, ?)       arg0(system.token)...: the partition key columns' types
 *   (type) ?          the receiver itself (TypeCast checks the hint, then prepares its term
 *                     for the receiver)
 *
 * The term comes back rewritten for the executor's checks: each marker becomes a stand-in
 * marker of its receiver's type, and each function call holding markers a stand-in of the
 * call's receiver type once the call is resolved and checked (its value would depend on the
 * arguments: blobAsInt of a stand-in blob is not an int). Literals stay, for those checks to
 * refuse as they refuse at execution. Where the receiver cannot take the literal at all (a
 * list literal for an int), the value layer's own refusal is raised here.
 */

import { AssertionError, assertNever } from '../../lib/assert.js';
import { InvalidRequestError } from '../../lib/errors.js';
import { FunctionCall } from '../ast/function-call.js';
import { ListLiteral } from '../ast/list-literal.js';
import { MapLiteral } from '../ast/map-literal.js';
import { SetLiteral } from '../ast/set-literal.js';
import type { Term } from '../ast/term.js';
import { TupleLiteral } from '../ast/tuple-literal.js';
import { TypeHint } from '../ast/type-hint.js';
import { UserTypeLiteral } from '../ast/user-type-literal.js';
import type { Clock } from '../../lib/clock.js';
import { functionSignature, qualifiedName } from '../functions/function-signature.js';
import { resolveFunction } from '../functions/resolve-function.js';
import type { TableMetadata } from '../schema/table-metadata.js';
import { formatCqlType, nativeCqlType } from '../types/cql-type.js';
import { evaluateTerm } from '../values/evaluate-term.js';
import { testResultType, testTermAssignment } from '../values/term-assignment.js';
import { resolveTypeWithoutUserTypes } from '../values/type-resolver.js';
import { derivedReceiver, type MarkerReceiver } from './marker-receiver.js';
import type { PrepareScope } from './prepare-scope.js';

const BIGINT = nativeCqlType('bigint')!;

/** Where the term is prepared: the statement's table (token() takes its partition key's types; none for a BATCH's own USING) and the scope. */
export interface TermOwner {
  readonly table: TableMetadata | null;
  readonly scope: PrepareScope;
}

export function prepareTerm(term: Term, receiver: MarkerReceiver, owner: TermOwner): Term {
  if (!containsMarker(term)) return term;
  const { scope } = owner;
  const types = resolveTypeWithoutUserTypes;
  const part = (name: string, type: MarkerReceiver['type']): MarkerReceiver => derivedReceiver(receiver, name, type);
  const type = receiver.type;
  switch (term.kind) {
    case 'BindMarker':
      scope.variables.add(term, receiver);
      return scope.standInMarker(type);
    case 'ListLiteral': {
      if (type.kind !== 'list') return refused(term, receiver, owner);
      const element = part(`value(${receiver.name})`, type.element);
      return ListLiteral.create({ elements: term.elements.map((e) => prepareTerm(e, element, owner)) });
    }
    case 'SetLiteral': {
      if (type.kind !== 'set') return refused(term, receiver, owner);
      const element = part(`value(${receiver.name})`, type.element);
      return SetLiteral.create({ elements: term.elements.map((e) => prepareTerm(e, element, owner)) });
    }
    case 'MapLiteral': {
      if (type.kind !== 'map') return refused(term, receiver, owner);
      const key = part(`key(${receiver.name})`, type.key);
      const value = part(`value(${receiver.name})`, type.value);
      return MapLiteral.create({ entries: term.entries.map((entry) => ({ key: prepareTerm(entry.key, key, owner), value: prepareTerm(entry.value, value, owner) })) });
    }
    case 'TupleLiteral': {
      if (type.kind !== 'tuple' || term.elements.length > type.elements.length) return refused(term, receiver, owner);
      return TupleLiteral.create({ elements: term.elements.map((e, i) => prepareTerm(e, part(`${receiver.name}[${i}]`, type.elements[i]!), owner)) });
    }
    case 'UserTypeLiteral': {
      if (type.kind !== 'udt') return refused(term, receiver, owner);
      const fields = term.fields.map((given) => ({ given, field: type.fields.find((f) => f.name === given.name) }));
      if (fields.some(({ field }) => field === undefined)) return refused(term, receiver, owner);
      return UserTypeLiteral.create({
        fields: fields.map(({ given, field }) => ({ name: given.name, value: prepareTerm(given.value, part(`${receiver.name}.${field!.name}`, field!.type), owner) })),
      });
    }
    case 'TypeHint': {
      const hinted = types(term.type);
      if (testTermAssignment(term.value, hinted, types) === 'no' || testResultType(hinted, type) === 'no') return refused(term, receiver, owner);
      return TypeHint.create({ type: term.type, value: prepareTerm(term.value, receiver, owner) });
    }
    case 'FunctionCall':
      return isTokenCall(term) ? prepareTokenCall(term, receiver, owner) : prepareFunctionCall(term, receiver, owner);
    case 'Literal':
      throw new AssertionError('a literal holds no marker');
    default:
      return assertNever(term, 'term');
  }
}

/** prepareTerm for a term no shared executor check evaluates: its rewrite is checked once every stand-in exists. */
export function prepareCheckedTerm(term: Term, receiver: MarkerReceiver, owner: TermOwner): Term {
  const rewritten = prepareTerm(term, receiver, owner);
  owner.scope.checkLater(rewritten, receiver);
  return rewritten;
}

/**
 * FunctionCall.Raw.prepare: the overload for this receiver, refused if an aggregate or if its
 * result does not fit; each argument prepared for its parameter and checked now, since the
 * call itself becomes a stand-in.
 */
function prepareFunctionCall(call: FunctionCall, receiver: MarkerReceiver, owner: TermOwner): Term {
  const fn = resolveFunction(call, call.args.map((term) => ({ term })), { receiverType: receiver.type, usage: 'term' });
  // The messages of values/function-call-value.ts, which refuses the same calls at execution.
  if (fn.kind === 'aggregate') throw new InvalidRequestError('Aggregation function are not supported in the where clause');
  if (testResultType(fn.returnType, receiver.type) === 'no') {
    throw new InvalidRequestError(
      `Type error: cannot assign result of function ${qualifiedName(fn)} (type ${formatCqlType(fn.returnType)}) to ${receiver.name} (type ${formatCqlType(receiver.type)})`,
    );
  }
  if (fn.argTypes.length !== call.args.length) {
    throw new InvalidRequestError(`Incorrect number of arguments specified for function ${functionSignature(fn)} (expected ${fn.argTypes.length}, found ${call.args.length})`);
  }
  call.args.forEach((arg, i) => {
    const parameter = derivedReceiver(receiver, `arg${i}(${qualifiedName(fn).toLowerCase()})`, fn.argTypes[i]!);
    prepareCheckedTerm(arg, parameter, owner);
  });
  return owner.scope.standInMarker(receiver.type);
}

/** token(?, ...) as a term (TokenFct): one argument per partition key column, of its type; the executor computes the token. */
function prepareTokenCall(call: FunctionCall, receiver: MarkerReceiver, owner: TermOwner): Term {
  if (owner.table === null) throw new InvalidRequestError('Invalid call to function system.token outside a statement on a table');
  const columns = owner.table.partitionKey;
  if (testResultType(BIGINT, receiver.type) === 'no') {
    throw new InvalidRequestError(`Type error: cannot assign result of function system.token (type bigint) to ${receiver.name} (type ${formatCqlType(receiver.type)})`);
  }
  if (call.args.length !== columns.length) {
    throw new InvalidRequestError(`Invalid number of arguments in call to function system.token: ${columns.length} required but ${call.args.length} provided`);
  }
  const args = call.args.map((arg, i) => prepareTerm(arg, derivedReceiver(receiver, `arg${i}(system.token)`, columns[i]!.type), owner));
  return FunctionCall.create({ keyspace: call.keyspace, name: call.name, args });
}

export function isTokenCall(term: Term): term is FunctionCall {
  return term.kind === 'FunctionCall' && term.name === 'token' && (term.keyspace === null || term.keyspace === 'system');
}

/**
 * The receiver cannot take this literal at all (a list literal for a map, a field the type
 * lacks): the value layer refuses it before looking at any element, with its own message.
 */
function refused(term: Term, receiver: MarkerReceiver, owner: TermOwner): never {
  const clock: Clock = owner.scope.executionContext().clock;
  evaluateTerm(term, receiver, {
    clock,
    boundValue: () => {
      throw new AssertionError(`the value layer evaluated a marker of ${receiver.name} it should have refused`);
    },
  });
  throw new AssertionError(`the value layer took a literal for ${receiver.name} that prepare refused`);
}

export function containsMarker(term: Term): boolean {
  switch (term.kind) {
    case 'BindMarker':
      return true;
    case 'Literal':
      return false;
    case 'ListLiteral':
    case 'SetLiteral':
    case 'TupleLiteral':
      return term.elements.some(containsMarker);
    case 'MapLiteral':
      return term.entries.some((entry) => containsMarker(entry.key) || containsMarker(entry.value));
    case 'UserTypeLiteral':
      return term.fields.some((field) => containsMarker(field.value));
    case 'FunctionCall':
      return term.args.some(containsMarker);
    case 'TypeHint':
      return containsMarker(term.value);
    default:
      return assertNever(term, 'term');
  }
}
