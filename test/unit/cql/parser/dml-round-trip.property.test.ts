import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bindMarkersOf } from '../../../../src/cql/ast/bind-markers.js';
import { parseStatement } from '../../../../src/cql/parser/parser.js';
import { CqlPrinter, type PrintStyle } from './cql-printer.js';
import { dataStatementArbitrary } from './dml-arbitraries.js';

/** The AST with every bind marker index set to 0 (the arbitraries do not number markers). */
function withoutMarkerIndexes(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutMarkerIndexes);
  if (typeof value !== 'object' || value === null) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) copy[key] = withoutMarkerIndexes(field);
  if (copy['kind'] === 'BindMarker') copy['index'] = 0;
  return copy;
}

const styleArbitrary: fc.Arbitrary<PrintStyle> = fc.record({
  shorthand: fc.boolean(),
  semicolons: fc.boolean(),
  explicitDefaultNull: fc.boolean(),
});

describe('data statements round-trip through text', () => {
  it('parse(print(ast)) is ast, with markers numbered 0.. in textual order', () => {
    fc.assert(
      fc.property(dataStatementArbitrary, styleArbitrary, (statement, style) => {
        const printer = new CqlPrinter(style);
        const text = printer.statement(statement);
        const parsed = parseStatement(text);
        const markers = bindMarkersOf(parsed);
        // expect() only on a mismatch, for its diff: on 10,000 large trees it costs more than parsing.
        const same =
          isDeepStrictEqual(withoutMarkerIndexes(parsed), statement) &&
          markers.every((m, i) => m.index === i && m.name === printer.markerNames[i]) &&
          markers.length === printer.markerNames.length;
        if (!same) {
          expect({ text, ast: withoutMarkerIndexes(parsed) }).toEqual({ text, ast: statement });
          expect(markers.map((m) => [m.index, m.name])).toEqual(printer.markerNames.map((n, i) => [i, n]));
        }
      }),
      { numRuns: 10_000, seed: 0xd44 },
    );
  });
});
