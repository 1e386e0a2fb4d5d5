/**
 * List, set and map literals for their receiver (Lists/Sets/Maps.Literal): the receiver must
 * be that kind of collection, every element must be assignable to the element type before any
 * is evaluated, no element may be null, and one unset element (a marker bound to unset) makes
 * the whole collection unset. `{}` is an empty set or an empty map, as the receiver says.
 * Sets come out sorted without duplicates and maps sorted by key, as Cassandra keeps them.
 */

import { InvalidRequestError } from '../../lib/errors.js';
import type { ListLiteral } from '../ast/list-literal.js';
import type { MapLiteral } from '../ast/map-literal.js';
import type { SetLiteral } from '../ast/set-literal.js';
import type { Term } from '../ast/term.js';
import { formatCqlType, type CqlType } from '../types/cql-type.js';
import { sortedMap, sortedSet } from './normalize-value.js';
import { testTermAssignment } from './term-assignment.js';
import type { TermContext, TermReceiver } from './term-context.js';
import { termText } from './term-text.js';
import { resolveTypeWithoutUserTypes } from './type-resolver.js';
import { isUnset, UNSET_VALUE } from './unset-value.js';

/** Evaluates one term for a receiver; passed in to avoid an import cycle with evaluate-term.ts. */
export type Evaluate = (term: Term, receiver: TermReceiver, context: TermContext) => unknown;

export function listLiteralValue(literal: ListLiteral, receiver: TermReceiver, context: TermContext, evaluate: Evaluate): unknown {
  if (receiver.type.kind !== 'list') throw invalidLiteral('list', receiver);
  const element = { name: `value(${receiver.name})`, type: receiver.type.element };
  checkElements('list', literal.elements, 'value', receiver, element.type, context);
  const values = boundElements(literal.elements.map((term) => evaluate(term, element, context)));
  return values ?? UNSET_VALUE;
}

export function setLiteralValue(literal: SetLiteral, receiver: TermReceiver, context: TermContext, evaluate: Evaluate): unknown {
  if (receiver.type.kind !== 'set') throw invalidLiteral('set', receiver);
  const element = { name: `value(${receiver.name})`, type: receiver.type.element };
  checkElements('set', literal.elements, 'value', receiver, element.type, context);
  const values = boundElements(literal.elements.map((term) => evaluate(term, element, context)));
  return values === null ? UNSET_VALUE : sortedSet(element.type, values);
}

export function mapLiteralValue(literal: MapLiteral, receiver: TermReceiver, context: TermContext, evaluate: Evaluate): unknown {
  const type = receiver.type;
  if (literal.entries.length === 0) {
    // Cassandra parses {} as an empty set literal, which a map receiver also takes.
    if (type.kind === 'set') return [];
    if (type.kind === 'map') return new Map();
    throw invalidLiteral('set', receiver);
  }
  if (type.kind !== 'map') throw invalidLiteral('map', receiver);
  const key = { name: `key(${receiver.name})`, type: type.key };
  const value = { name: `value(${receiver.name})`, type: type.value };
  for (const entry of literal.entries) {
    checkElements('map', [entry.key], 'key', receiver, key.type, context);
    checkElements('map', [entry.value], 'value', receiver, value.type, context);
  }
  const entries: [unknown, unknown][] = [];
  for (const entry of literal.entries) {
    const keyValue = nonNull(evaluate(entry.key, key, context));
    if (isUnset(keyValue)) throw new InvalidRequestError('unset value is not supported for map keys');
    const entryValue = nonNull(evaluate(entry.value, value, context));
    if (isUnset(entryValue)) return UNSET_VALUE;
    entries.push([keyValue, entryValue]);
  }
  return sortedMap(type, entries);
}

function checkElements(
  kind: 'list' | 'set' | 'map',
  elements: readonly Term[],
  role: 'key' | 'value',
  receiver: TermReceiver,
  elementType: CqlType,
  context: TermContext,
): void {
  for (const element of elements) {
    if (testTermAssignment(element, elementType, context.types ?? resolveTypeWithoutUserTypes) === 'no') {
      throw new InvalidRequestError(
        `Invalid ${kind} literal for ${receiver.name}: ${role} ${termText(element)} is not of type ${formatCqlType(elementType)}`,
      );
    }
  }
}

/** In order, as Cassandra binds them: a null element is refused, an unset one unsets all (null). */
function boundElements(values: readonly unknown[]): unknown[] | null {
  for (const value of values) {
    if (isUnset(value)) return null;
    nonNull(value);
  }
  return [...values];
}

function nonNull(value: unknown): unknown {
  if (value === null) throw new InvalidRequestError('null is not supported inside collections');
  return value;
}

function invalidLiteral(kind: 'list' | 'set' | 'map', receiver: TermReceiver): InvalidRequestError {
  return new InvalidRequestError(`Invalid ${kind} literal for ${receiver.name} of type ${formatCqlType(receiver.type)}`);
}
