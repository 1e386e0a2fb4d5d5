/**
 * User type names in type text (formatCqlType, which system_schema stores and DESCRIBE prints)
 * are quoted whenever they would not read back as themselves: the catalog parses that text at
 * start-up, so a name printed bare that parses as something else (a native type, a reserved
 * word) would lose the table. Checked on tricky names and on random ones, by parsing back.
 */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KEYWORDS } from '../../../../src/cql/lexer/keywords.js';
import { tokenize } from '../../../../src/cql/lexer/lexer.js';
import { parseType } from '../../../../src/cql/parser/parse-type.js';
import { TokenStream } from '../../../../src/cql/parser/token-stream.js';
import { formatCqlType, listType, mapType, nativeCqlType, nativeCqlTypeKinds, tupleType, udtType } from '../../../../src/cql/types/cql-type.js';

const int = nativeCqlType('int')!;
const udt = (name: string, frozen = true) => udtType('ks', name, [{ name: 'f', type: int }], frozen);

/** The user type name the text names, or a description of what it parsed as instead. */
function nameParsedFrom(text: string): string {
  const stream = new TokenStream(tokenize(text));
  let expression = parseType(stream);
  expect(stream.is('end')).toBe(true);
  while (expression.kind === 'list') expression = expression.element;
  return expression.kind === 'UserTypeReference' ? expression.name : `<${expression.kind}>`;
}

describe('user type names in type text', () => {
  it.each([
    ['address', 'frozen<address>'],
    ['Address', 'frozen<"Address">'],
    ['select', 'frozen<"select">'],
    ['int', 'frozen<"int">'],
    ['varchar', 'frozen<"varchar">'],
    ['true', 'frozen<"true">'],
    ['nan', 'frozen<"nan">'],
    ['my type', 'frozen<"my type">'],
    ['we"ird', 'frozen<"we""ird">'],
    ['key', 'frozen<key>'],
    ['list', 'frozen<list>'],
  ])('%s is written %s', (name, expected) => {
    expect(formatCqlType(udt(name))).toBe(expected);
  });

  it('quotes inside collections, tuples and non-frozen values alike', () => {
    expect(formatCqlType(udt('from', false))).toBe('"from"');
    expect(formatCqlType(listType(udt('Int'), true))).toBe('frozen<list<frozen<"Int">>>');
    expect(formatCqlType(mapType(udt('table'), tupleType([udt('timestamp')]), true))).toBe('frozen<map<frozen<"table">, frozen<tuple<frozen<"timestamp">>>>>');
  });

  it('every keyword, native type name and random name parses back to the same user type', () => {
    const tricky = [...Object.keys(KEYWORDS), ...nativeCqlTypeKinds, 'varchar', 'true', 'false', 'nan', 'infinity', 'NaN', 'Infinity'];
    const names = fc.oneof(fc.constantFrom(...tricky), fc.string({ minLength: 1, maxLength: 8 }), fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9_]{0,6}$/));
    fc.assert(
      fc.property(names, fc.boolean(), (name, inList) => {
        const type = inList ? listType(udt(name), true) : udt(name);
        expect(nameParsedFrom(formatCqlType(type))).toBe(name);
      }),
      { numRuns: 3_000 },
    );
    for (const name of tricky) expect(nameParsedFrom(formatCqlType(udt(name)))).toBe(name);
  });
});
