/**
 * A CQL type as written in DDL: CqlType's shapes (../types/cql-type.ts), except that user types
 * are `UserTypeReference`s by name, resolved later by the schema layer. A type expression
 * without user types has exactly CqlType's structure.
 *
 * `frozen` records how the type was written (`frozen<...>`); tuples are frozen in storage
 * whatever the flag says (the schema layer normalizes, as Cassandra does).
 */

import type { NativeCqlType } from '../types/cql-type.js';
import type { UserTypeReference } from './user-type-reference.js';

export interface ListTypeExpression {
  readonly kind: 'list';
  readonly element: TypeExpression;
  readonly frozen: boolean;
}

export interface SetTypeExpression {
  readonly kind: 'set';
  readonly element: TypeExpression;
  readonly frozen: boolean;
}

export interface MapTypeExpression {
  readonly kind: 'map';
  readonly key: TypeExpression;
  readonly value: TypeExpression;
  readonly frozen: boolean;
}

export interface TupleTypeExpression {
  readonly kind: 'tuple';
  readonly elements: readonly TypeExpression[];
  readonly frozen: boolean;
}

export type TypeExpression =
  | NativeCqlType
  | ListTypeExpression
  | SetTypeExpression
  | MapTypeExpression
  | TupleTypeExpression
  | UserTypeReference;
