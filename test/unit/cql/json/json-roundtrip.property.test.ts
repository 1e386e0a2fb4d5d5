import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fromJsonValue } from '../../../../src/cql/json/from-json.js';
import { parseJson } from '../../../../src/cql/json/json-parser.js';
import { toJson } from '../../../../src/cql/json/to-json.js';
import { serializeValue } from '../../../../src/cql/types/value-codec.js';
import { formatCqlType, type CqlType } from '../../../../src/cql/types/cql-type.js';
import { ManualClock } from '../../../../src/lib/clock.js';
import { typedValueArbitrary } from '../values/value-arbitraries.js';

const clock = new ManualClock(0);

/**
 * Decimals are the exception: Cassandra reads JSON numbers with Jackson's defaults, as doubles,
 * so a decimal comes back as the double nearest to it (0.00 as 0.0). from-json.test.ts pins that.
 */
function containsDecimal(type: CqlType): boolean {
  switch (type.kind) {
    case 'list':
    case 'set':
      return containsDecimal(type.element);
    case 'map':
      return containsDecimal(type.key) || containsDecimal(type.value);
    case 'tuple':
      return type.elements.some(containsDecimal);
    case 'udt':
      return type.fields.some((field) => containsDecimal(field.type));
    default:
      return type.kind === 'decimal';
  }
}

describe('toJson then fromJson gives the value back, for every type but decimal', () => {
  it('holds for random types and values (bytes compared)', () => {
    fc.assert(
      fc.property(typedValueArbitrary({ nonFinite: false }).filter(({ type }) => !containsDecimal(type)), ({ type, value }) => {
        const json = toJson(type, value);
        const back = fromJsonValue(type, parseJson(json), clock);
        const expected = Buffer.from(serializeValue(type, value)).toString('hex');
        const actual = Buffer.from(serializeValue(type, back)).toString('hex');
        expect(actual, `${formatCqlType(type)}: ${json}`).toBe(expected);
      }),
      { numRuns: 3000 },
    );
  });

  it('gives JSON that a standard parser reads', () => {
    fc.assert(
      fc.property(typedValueArbitrary({ nonFinite: true }), ({ type, value }) => {
        expect(() => JSON.parse(toJson(type, value))).not.toThrow();
      }),
      { numRuns: 1000 },
    );
  });
});
