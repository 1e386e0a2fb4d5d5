/**
 * Turning the type of a type hint, `(type) term`, into a CqlType. User types need the
 * statement's keyspace and the catalog, which only the executor has: it passes a resolver.
 * Without one, a hint that names a user type is refused as unknown.
 */

import type { TypeExpression } from '../ast/type-expression.js';
import { resolveType } from '../schema/resolve-type.js';
import type { CqlType } from '../types/cql-type.js';

export type TypeResolver = (expression: TypeExpression) => CqlType;

/** Resolves natives, collections and tuples; every user type is unknown. */
export const resolveTypeWithoutUserTypes: TypeResolver = (expression) => resolveType(expression, '', () => null);
