/**
 * One item of UPDATE's SET (Cassandra's `columnOperation`):
 *
 *   c = term            set          c = c + term | c += term    add
 *   c[term] = term      setElement   c = c - term | c -= term    subtract
 *   c.field = term      setField     c = term + c                prepend
 *
 * After `c =`, a bare name (one that does not open a function call) is the column again, as a
 * term never starts with a bare name. Naming another column is a syntax error worded as
 * Cassandra's (`Only expressions of the form X = X +<value> are supported.`).
 */

import { Assignment } from '../ast/assignment.js';
import type { AssignmentOperation } from '../ast/assignment-operation.js';
import { CqlSyntaxError } from '../cql-syntax-error.js';
import { isFunctionCallAt, isName, parseName } from './parse-names.js';
import { parseTerm } from './parse-term.js';
import type { TokenStream } from './token-stream.js';

const EXPECTING_COLUMN = 'a column name';

export function parseAssignment(stream: TokenStream): Assignment {
  const column = parseName(stream, EXPECTING_COLUMN);
  return Assignment.create({ column, operation: Object.freeze(parseOperation(stream, column)) });
}

function parseOperation(stream: TokenStream, column: string): AssignmentOperation {
  if (stream.accept('plusEquals')) return { op: 'add', value: parseTerm(stream) };
  if (stream.accept('minusEquals')) return { op: 'subtract', value: parseTerm(stream) };
  if (stream.accept('leftBracket')) {
    const key = parseTerm(stream);
    stream.expect('rightBracket');
    stream.expect('equals');
    return { op: 'setElement', key, value: parseTerm(stream) };
  }
  if (stream.accept('dot')) {
    const field = parseName(stream, 'a field name');
    stream.expect('equals');
    return { op: 'setField', field, value: parseTerm(stream) };
  }
  stream.expect('equals');
  if (isName(stream.peek()) && !isFunctionCallAt(stream)) return parseSelfOperation(stream, column);
  const value = parseTerm(stream);
  if (!stream.is('plus')) return { op: 'set', value };
  stream.next();
  const self = stream.peek();
  if (parseName(stream, EXPECTING_COLUMN) !== column) {
    throw new CqlSyntaxError(self, 'Only expressions of the form X = <value> + X are supported.');
  }
  return { op: 'prepend', value };
}

/** After `c =` when a name follows: `c + term` or `c - term`. */
function parseSelfOperation(stream: TokenStream, column: string): AssignmentOperation {
  const self = stream.next();
  const sign = stream.peek();
  if (!stream.accept('plus') && !stream.accept('minus')) throw stream.mismatched("'+' or '-'");
  if (self.text !== column) {
    throw new CqlSyntaxError(self, `Only expressions of the form X = X ${sign.raw}<value> are supported.`);
  }
  const value = parseTerm(stream);
  return sign.kind === 'plus' ? { op: 'add', value } : { op: 'subtract', value };
}
