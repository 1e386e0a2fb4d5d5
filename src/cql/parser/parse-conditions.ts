/**
 * The IF clause of UPDATE and DELETE (Cassandra's `K_IF (K_EXISTS | updateConditions)`):
 * `IF EXISTS`, or conditions joined by AND:
 *
 *   c op term | c CONTAINS [KEY] term | c IN (terms) | c IN marker
 *   c '[' term ']' op term | c '[' term ']' IN ...
 *
 * `exists` is also a column name, so `IF exists = 1` is a condition: EXISTS is the keyword
 * unless an operator follows it. UDT field conditions (`IF u.f = 1`) have no node yet and are an
 * InvalidRequestError.
 */

import { Condition } from '../ast/condition.js';
import type { RelationOperator } from '../ast/relation-operator.js';
import type { Term } from '../ast/term.js';
import { parseName } from './parse-names.js';
import { acceptComparison, isComparisonAt, parseInValues } from './parse-relation-operator.js';
import { parseTerm } from './parse-term.js';
import type { TokenStream } from './token-stream.js';
import { unsupported } from './unsupported.js';

export interface IfClause {
  readonly ifExists: boolean;
  readonly conditions: readonly Condition[];
}

const NO_IF: IfClause = Object.freeze({ ifExists: false, conditions: Object.freeze([]) });

export function parseIfClause(stream: TokenStream): IfClause {
  if (!stream.acceptKeyword('if')) return NO_IF;
  if (stream.isKeyword('exists') && !startsCondition(stream, 1)) {
    stream.next();
    return Object.freeze({ ifExists: true, conditions: Object.freeze([]) });
  }
  const conditions: Condition[] = [];
  do conditions.push(parseCondition(stream));
  while (stream.acceptKeyword('and'));
  return Object.freeze({ ifExists: false, conditions: Object.freeze(conditions) });
}

/** True when the token `ahead` continues a condition on a column (an operator, `[` or `.`). */
function startsCondition(stream: TokenStream, ahead: number): boolean {
  return (
    isComparisonAt(stream, ahead) ||
    stream.is('leftBracket', ahead) ||
    stream.is('dot', ahead) ||
    stream.isKeyword('in', ahead) ||
    stream.isKeyword('contains', ahead)
  );
}

function parseCondition(stream: TokenStream): Condition {
  const column = parseName(stream, 'a column name');
  if (stream.is('dot')) throw unsupported('Conditions on user type fields are');
  let elementKey: Term | null = null;
  if (stream.accept('leftBracket')) {
    elementKey = parseTerm(stream);
    stream.expect('rightBracket');
  }
  if (stream.acceptKeyword('in')) {
    return Condition.create({ column, operator: 'IN', value: null, inValues: parseInValues(stream), elementKey });
  }
  let operator: RelationOperator | null = acceptComparison(stream);
  if (operator === null && elementKey === null && stream.acceptKeyword('contains')) {
    operator = stream.acceptKeyword('key') ? 'CONTAINS KEY' : 'CONTAINS';
  }
  if (operator === null) throw stream.mismatched('a condition operator');
  return Condition.create({ column, operator, value: parseTerm(stream), inValues: null, elementKey });
}
