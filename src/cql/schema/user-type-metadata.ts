import type { CreateTypeStatement } from '../ast/create-type-statement.js';
import { isNativeCqlType, udtType, type UdtCqlType, type UdtField } from '../types/cql-type.js';
import { InvalidRequestError } from '../../lib/errors.js';
import { resolveType, type UserTypeResolver } from './resolve-type.js';

export interface UserTypeContext {
  /** The session's keyspace, used when the statement names none. */
  readonly keyspace: string;
  readonly resolveUserType: UserTypeResolver;
}

/**
 * Checks CREATE TYPE as Cassandra does and builds the type, non-frozen (a column freezes it
 * with frozen<...>). A type cannot name itself: it is not in the catalog yet.
 */
export function userTypeFromCreate(statement: CreateTypeStatement, context: UserTypeContext): UdtCqlType {
  const keyspace = statement.type.keyspace ?? context.keyspace;
  const name = statement.type.name;
  const seen = new Set<string>();
  const fields: UdtField[] = [];
  for (const field of statement.fields) {
    if (seen.has(field.name)) throw new InvalidRequestError(`Duplicate field name '${field.name}' in type '${name}'`);
    seen.add(field.name);
    const type = resolveType(field.type, keyspace, context.resolveUserType);
    if (isNativeCqlType(type) && type.kind === 'counter') throw new InvalidRequestError('A user type cannot contain counters');
    if (type.kind === 'udt' && !type.frozen) throw new InvalidRequestError('A user type cannot contain non-frozen UDTs');
    fields.push({ name: field.name, type });
  }
  return udtType(keyspace, name, fields, false);
}
