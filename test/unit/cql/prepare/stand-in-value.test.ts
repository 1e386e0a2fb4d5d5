import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { standInValue } from '../../../../src/cql/prepare/stand-in-value.js';
import { nativeCqlType } from '../../../../src/cql/types/cql-type.js';
import { serializeValue } from '../../../../src/cql/types/value-codec.js';
import { normalizeValue } from '../../../../src/cql/values/normalize-value.js';
import { typeArbitrary } from '../values/value-arbitraries.js';

describe('standInValue', () => {
  it('gives every type a value its codec takes, non-empty and already canonical', () => {
    fc.assert(
      fc.property(typeArbitrary, (type) => {
        const value = standInValue(type);
        expect(value).not.toBeNull();
        expect(serializeValue(type, value).length).toBeGreaterThan(0);
        expect(serializeValue(type, normalizeValue(type, value))).toEqual(serializeValue(type, value));
      }),
    );
  });

  it('gives 1 for int (a LIMIT must be positive) and a non-empty text (an empty partition key is refused)', () => {
    expect(standInValue(nativeCqlType('int')!)).toBe(1);
    expect(standInValue(nativeCqlType('text')!)).toBe('a');
  });
});
