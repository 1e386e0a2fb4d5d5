/**
 * A CQL type as written in DDL: CqlType's shapes (../types/cql-type.ts), except that user types
 * are `UserTypeReference`s by name, resolved later by the schema layer. A type expression
 * without user types has exactly CqlType's structure.
 *
 * `frozen` records how the type was written (`frozen<...>`); tuples are frozen in storage
 * whatever the flag says (the schema layer normalizes, as Cassandra does).
 */

import type { ListShape, MapShape, NativeCqlType, SetShape, TupleShape } from '../types/cql-type.js';
import type { UserTypeReference } from './user-type-reference.js';

export type ListTypeExpression = ListShape<TypeExpression>;
export type SetTypeExpression = SetShape<TypeExpression>;
export type MapTypeExpression = MapShape<TypeExpression>;
export type TupleTypeExpression = TupleShape<TypeExpression>;

export type TypeExpression =
  | NativeCqlType
  | ListTypeExpression
  | SetTypeExpression
  | MapTypeExpression
  | TupleTypeExpression
  | UserTypeReference;
