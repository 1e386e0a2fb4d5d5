/**
 * Cassandra's `comparatorType`: native types (`varchar` is text), `list<t>`, `set<t>`,
 * `map<k, v>`, `tuple<t, ...>`, `frozen<t>` and user type names `[ks.]name`, which stay
 * unresolved `UserTypeReference`s. Not supported: custom types given as a class name string and
 * 5.0's `vector<t, n>` (CqlType has neither).
 */

import { InvalidRequestError } from '../../lib/errors.js';
import { CqlSyntaxError } from '../cql-syntax-error.js';
import type { TypeExpression } from '../ast/type-expression.js';
import { UserTypeReference } from '../ast/user-type-reference.js';
import { nativeCqlType } from '../types/cql-type.js';
import { isName, parseName } from './parse-names.js';
import type { TokenStream } from './token-stream.js';

const EXPECTING_TYPE = 'a type';

/** Deeper type nesting is refused, so that hostile text cannot overflow the stack. */
export const MAX_TYPE_DEPTH = 64;

export function parseType(stream: TokenStream, depth = 0): TypeExpression {
  return parseTypeWithin(stream, false, depth);
}

function parseTypeWithin(stream: TokenStream, frozen: boolean, depth: number): TypeExpression {
  const token = stream.peek();
  if (depth >= MAX_TYPE_DEPTH) throw new CqlSyntaxError(token, `type nested deeper than ${MAX_TYPE_DEPTH} levels`);
  if (!isName(token) && !stream.isKeyword('set')) throw stream.mismatched(EXPECTING_TYPE);
  const word = token.kind === 'quotedIdentifier' ? null : token.text;
  const opens = stream.is('lessThan', 1);
  if (word === 'frozen' && opens) {
    stream.next();
    stream.next();
    const inner = parseTypeWithin(stream, true, depth + 1);
    stream.expect('greaterThan');
    if (inner.kind !== 'list' && inner.kind !== 'set' && inner.kind !== 'map' && inner.kind !== 'tuple' && inner.kind !== 'UserTypeReference') {
      throw new InvalidRequestError('frozen<> is only allowed on collections, tuples, and user-defined types');
    }
    return inner;
  }
  if ((word === 'list' || word === 'set') && opens) {
    stream.next();
    stream.next();
    const element = parseType(stream, depth + 1);
    stream.expect('greaterThan');
    return Object.freeze({ kind: word, element, frozen });
  }
  if (word === 'map' && opens) {
    stream.next();
    stream.next();
    const key = parseType(stream, depth + 1);
    stream.expect('comma');
    const value = parseType(stream, depth + 1);
    stream.expect('greaterThan');
    return Object.freeze({ kind: 'map', key, value, frozen });
  }
  if (word === 'tuple' && opens) {
    stream.next();
    stream.next();
    const elements = [parseType(stream, depth + 1)];
    while (stream.accept('comma')) elements.push(parseType(stream, depth + 1));
    stream.expect('greaterThan');
    return Object.freeze({ kind: 'tuple', elements: Object.freeze(elements), frozen });
  }
  const native = word === null || stream.is('dot', 1) ? null : nativeCqlType(word);
  if (native !== null) {
    stream.next();
    return native;
  }
  if (word === 'set') {
    // `set` is reserved: never a user type name, so only `set<` can follow.
    stream.next();
    throw stream.mismatched("'<'");
  }
  const first = parseName(stream, EXPECTING_TYPE);
  if (!stream.accept('dot')) return UserTypeReference.create({ keyspace: null, name: first, frozen });
  return UserTypeReference.create({ keyspace: first, name: parseName(stream, EXPECTING_TYPE), frozen });
}
