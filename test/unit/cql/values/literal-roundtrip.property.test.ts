import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Term } from '../../../../src/cql/ast/term.js';
import { parseStatement } from '../../../../src/cql/parser/parser.js';
import { formatCqlType } from '../../../../src/cql/types/cql-type.js';
import { serializeValue } from '../../../../src/cql/types/value-codec.js';
import { formatCqlLiteral } from '../../../../src/cql/values/cql-literal-text.js';
import { evaluateTerm } from '../../../../src/cql/values/evaluate-term.js';
import { context } from './term-fixtures.js';
import { typedValueArbitrary } from './value-arbitraries.js';

/** The term the parser makes of the constant, written where an INSERT takes a value. */
function parsedTerm(text: string): Term {
  const statement = parseStatement(`INSERT INTO t (c) VALUES (${text})`);
  if (statement.kind !== 'InsertStatement') throw new Error(`not an INSERT: ${statement.kind}`);
  return statement.values[0]!;
}

describe('a value printed as a CQL constant, parsed and evaluated, is the same value', () => {
  it('holds for random types and values (bytes compared)', () => {
    fc.assert(
      fc.property(typedValueArbitrary({ nonFinite: true }), ({ type, value }) => {
        const term = parsedTerm(formatCqlLiteral(type, value));
        const back = evaluateTerm(term, { name: 'c', type }, context());
        const expected = Buffer.from(serializeValue(type, value)).toString('hex');
        expect(Buffer.from(serializeValue(type, back)).toString('hex'), `${formatCqlType(type)}: ${formatCqlLiteral(type, value)}`).toBe(expected);
      }),
      { numRuns: 3000 },
    );
  });
});
