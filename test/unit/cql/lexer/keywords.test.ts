import { describe, expect, it } from 'vitest';
import {
  isKeyword,
  isReservedKeyword,
  isUnreservedKeyword,
  KEYWORDS,
  lookupKeyword,
} from '../../../../src/cql/lexer/keywords.js';
import { tokenize } from '../../../../src/cql/lexer/lexer.js';

describe('keywords', () => {
  it('splits reserved from unreserved as Cassandra does', () => {
    const reserved = ['select', 'from', 'where', 'keyspace', 'schema', 'table', 'token', 'with'];
    for (const word of reserved) {
      expect(isReservedKeyword(word)).toBe(true);
      expect(isUnreservedKeyword(word)).toBe(false);
    }
    for (const word of ['key', 'ttl', 'count', 'text', 'int', 'type', 'values', 'as', 'json']) {
      expect(isUnreservedKeyword(word)).toBe(true);
      expect(isReservedKeyword(word)).toBe(false);
    }
    expect(lookupKeyword('filtering')).toBe('unreserved');
    expect(lookupKeyword('apply')).toBe('reserved');
  });

  it('holds only lower-case words, and neither literals nor prototype names', () => {
    for (const word of Object.keys(KEYWORDS)) expect(word).toMatch(/^[a-z_]+$/);
    for (const word of ['true', 'false', 'nan', 'infinity', 'constructor', 'toString', 'SELECT']) {
      expect(isKeyword(word)).toBe(false);
      expect(lookupKeyword(word)).toBeUndefined();
    }
  });

  it('is what the lexer emits as keyword tokens, in any case', () => {
    for (const word of Object.keys(KEYWORDS)) {
      for (const spelling of [word, word.toUpperCase()]) {
        const [token] = tokenize(spelling);
        expect(token).toMatchObject({ kind: 'keyword', text: word, raw: spelling });
      }
    }
  });
});
