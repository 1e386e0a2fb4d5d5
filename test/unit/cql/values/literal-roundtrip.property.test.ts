import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Term } from '../../../../src/cql/ast/term.js';
import { isNativeCqlType, formatCqlType, type CqlType } from '../../../../src/cql/types/cql-type.js';
import { serializeValue } from '../../../../src/cql/types/value-codec.js';
import { formatCqlLiteral } from '../../../../src/cql/values/cql-literal-text.js';
import { evaluateTerm } from '../../../../src/cql/values/evaluate-term.js';
import { tupleElementsOf, udtFieldValue } from '../../../../src/cql/values/value-shapes.js';
import { context, lit, list, map, NULL, set, tuple, udt } from './term-fixtures.js';
import { typedValueArbitrary } from './value-arbitraries.js';

/**
 * The term a parser makes of formatCqlLiteral's text: constants as the lexer classifies them
 * ('…' strings with '' undone, numbers, uuids, 0x blobs, durations, booleans), composites as
 * their literals. (The DML parser is not built yet; this stands in for parseTerm(text).)
 */
function termOfLiteral(type: CqlType, value: unknown): Term {
  if (value === null) return NULL;
  if (isNativeCqlType(type)) return constant(formatCqlLiteral(type, value));
  switch (type.kind) {
    case 'list':
      return list(...(value as unknown[]).map((element) => termOfLiteral(type.element, element)));
    case 'set':
      return (value as unknown[]).length === 0 ? map() : set(...(value as unknown[]).map((element) => termOfLiteral(type.element, element)));
    case 'map':
      return map(...[...(value as Map<unknown, unknown>)].map(([k, v]) => [termOfLiteral(type.key, k), termOfLiteral(type.value, v)] as [Term, Term]));
    case 'tuple': {
      const elements = tupleElementsOf(value);
      return tuple(...type.elements.map((elementType, i) => termOfLiteral(elementType, elements[i] ?? null)));
    }
    case 'udt':
      return udt(Object.fromEntries(type.fields.map((field) => [field.name, termOfLiteral(field.type, udtFieldValue(value, field.name) ?? null)])));
  }
}

function constant(text: string): Term {
  if (text.startsWith("'")) return lit('string', text.slice(1, -1).replaceAll("''", "'"));
  if (text === 'true' || text === 'false') return lit('boolean', text);
  if (text.startsWith('0x')) return lit('blob', text);
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-/.test(text)) return lit('uuid', text);
  if (/^-?\d+$/.test(text)) return lit('integer', text);
  if (/^-?(\d|NaN|Infinity)/.test(text) && !/[a-zµ]/i.test(text.replace(/E[+-]?\d+$/, '').replace(/NaN|Infinity/, ''))) return lit('float', text);
  return lit('duration', text);
}

describe('a value printed as a CQL constant reads back as the same value', () => {
  it('holds for random types and values (bytes compared)', () => {
    fc.assert(
      fc.property(typedValueArbitrary({ nonFinite: true }), ({ type, value }) => {
        const term = termOfLiteral(type, value);
        const back = evaluateTerm(term, { name: 'c', type }, context());
        const expected = Buffer.from(serializeValue(type, value)).toString('hex');
        expect(Buffer.from(serializeValue(type, back)).toString('hex'), `${formatCqlType(type)}: ${formatCqlLiteral(type, value)}`).toBe(expected);
      }),
      { numRuns: 3000 },
    );
  });
});
