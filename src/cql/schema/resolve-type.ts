import type { TypeExpression } from '../ast/type-expression.js';
import {
  formatCqlType,
  isNativeCqlType,
  listType,
  mapType,
  nativeCqlType,
  setType,
  tupleType,
  udtType,
  type CqlType,
  type NativeCqlType,
} from '../types/cql-type.js';
import { assertNever } from '../../lib/assert.js';
import { InvalidRequestError } from '../../lib/errors.js';

/** Looks up a user type already in the catalog; null when there is none. */
export type UserTypeResolver = (keyspace: string, name: string) => CqlType | null;

/**
 * A written type made a CqlType: user types looked up (only in `keyspace`, as Cassandra
 * allows), everything inside frozen<...> or a tuple frozen, and Cassandra's checks on nesting
 * (no non-frozen collections or UDTs inside collections, no counters inside collections).
 */
export function resolveType(expression: TypeExpression, keyspace: string, resolveUserType: UserTypeResolver): CqlType {
  return resolve(expression, keyspace, resolveUserType, false, false);
}

function resolve(
  expression: TypeExpression,
  keyspace: string,
  resolveUserType: UserTypeResolver,
  insideFrozen: boolean,
  insideCollection: boolean,
): CqlType {
  if (expression.kind === 'UserTypeReference') {
    const typeKeyspace = expression.keyspace ?? keyspace;
    if (typeKeyspace !== keyspace) {
      throw new InvalidRequestError(
        `Statement on keyspace ${keyspace} cannot refer to a user type in keyspace ${typeKeyspace}; user types can only be used in the keyspace they are defined in`,
      );
    }
    const found = resolveUserType(typeKeyspace, expression.name);
    if (found === null || found.kind !== 'udt') throw new InvalidRequestError(`Unknown type ${typeKeyspace}.${expression.name}`);
    const frozen = expression.frozen || insideFrozen;
    if (insideCollection && !frozen) {
      throw new InvalidRequestError(`Non-frozen UDTs are not allowed inside collections: ${formatCqlType({ ...found, frozen })}`);
    }
    return udtType(found.keyspace, found.name, found.fields, frozen);
  }
  if (isNativeExpression(expression)) {
    if (expression.kind === 'counter' && insideCollection) throw new InvalidRequestError('Counters are not allowed inside collections');
    return expression;
  }
  switch (expression.kind) {
    case 'list':
    case 'set':
    case 'map': {
      const frozen = expression.frozen || insideFrozen;
      const inner = (e: TypeExpression): CqlType => resolve(e, keyspace, resolveUserType, frozen, true);
      const type =
        expression.kind === 'map'
          ? mapType(inner(expression.key), inner(expression.value), frozen)
          : expression.kind === 'list'
            ? listType(inner(expression.element), frozen)
            : setType(inner(expression.element), frozen);
      if (insideCollection && !frozen) {
        throw new InvalidRequestError(`Non-frozen collections are not allowed inside collections: ${formatCqlType(type)}`);
      }
      return type;
    }
    case 'tuple':
      return tupleType(
        expression.elements.map((e) => resolve(e, keyspace, resolveUserType, true, false)),
        true,
      );
    default:
      return assertNever(expression, 'type expression');
  }
}

function isNativeExpression(expression: TypeExpression): expression is NativeCqlType {
  return nativeCqlType(expression.kind) !== null;
}

/** True when the value is stored as several cells (a non-frozen collection or UDT). */
export function isMultiCell(type: CqlType): boolean {
  if (isNativeCqlType(type)) return false;
  return type.kind !== 'tuple' && !type.frozen;
}

/** True when the type is or contains `duration`, which has no order and so cannot be a key. */
export function referencesDuration(type: CqlType): boolean {
  if (isNativeCqlType(type)) return type.kind === 'duration';
  switch (type.kind) {
    case 'list':
    case 'set':
      return referencesDuration(type.element);
    case 'map':
      return referencesDuration(type.key) || referencesDuration(type.value);
    case 'tuple':
      return type.elements.some(referencesDuration);
    case 'udt':
      return type.fields.some((field) => referencesDuration(field.type));
    default:
      return assertNever(type, 'CQL type');
  }
}
