import { describe, expect, it } from 'vitest';
import { CqlSyntaxError } from '../../../../src/cql/cql-syntax-error.js';
import { tokenize } from '../../../../src/cql/lexer/lexer.js';
import { CqlErrorCode, SibylError } from '../../../../src/lib/errors.js';

function syntaxErrorOf(source: string): CqlSyntaxError {
  try {
    tokenize(source);
  } catch (error) {
    if (error instanceof CqlSyntaxError) return error;
    throw error;
  }
  throw new Error(`expected a syntax error for ${JSON.stringify(source)}`);
}

describe('tokenize: errors', () => {
  it('reports an unexpected character with its line:column, as Cassandra words it', () => {
    const error = syntaxErrorOf('SELECT * FROM $t');
    expect(error).toBeInstanceOf(SibylError);
    expect(error.code).toBe(CqlErrorCode.syntaxError);
    expect(error.code).toBe(0x2000);
    expect(error.name).toBe('CqlSyntaxError');
    expect(error.message).toBe("line 1:15 no viable alternative at character '$'");
    expect(error).toMatchObject({ line: 1, column: 15, offset: 14 });
  });

  it('rejects characters outside the grammar, naming them readably', () => {
    const cases: ReadonlyArray<readonly [string, string, number, number]> = [
      ['a ! b', "'!'", 1, 3],
      ['a\n  #', "'#'", 2, 3],
      ['_x', "'_'", 1, 1],
      ['a @b', "'@'", 1, 3],
      ['x = `y`', "'`'", 1, 5],
      ['a \\ b', "'\\'", 1, 3],
      ['a\u00a0b', 'U+00A0', 1, 2],
      ['a\fb', 'U+000C', 1, 2],
      ['é', "'é' (U+00E9)", 1, 1],
      ['x 🌍', "'🌍' (U+1F30D)", 1, 3],
      ['\ud800', 'U+D800', 1, 1],
      ['\u0000', 'U+0000', 1, 1],
      ['a μs', "'μ' (U+03BC)", 1, 3],
      ['1 $ 2', "'$'", 1, 3],
    ];
    for (const [source, shown, line, column] of cases) {
      const error = syntaxErrorOf(source);
      const detail = `no viable alternative at character ${shown}`;
      expect(error.message).toBe(`line ${line}:${column} ${detail}`);
      expect(error).toMatchObject({ line, column });
    }
  });

  it('points an unterminated string, $$ string or quoted identifier at its opening', () => {
    expect(syntaxErrorOf("SELECT 'abc").message).toBe('line 1:8 unterminated string literal');
    expect(syntaxErrorOf("x\n  'it''s")).toMatchObject({ line: 2, column: 3, offset: 4 });
    expect(syntaxErrorOf("'a''").message).toBe('line 1:1 unterminated string literal');
    expect(syntaxErrorOf('a $$abc$').message).toBe('line 1:3 unterminated $$ string literal');
    expect(syntaxErrorOf('$$').message).toBe('line 1:1 unterminated $$ string literal');
    expect(syntaxErrorOf('a "b""c').message).toBe('line 1:3 unterminated quoted identifier');
    expect(syntaxErrorOf('"').message).toBe('line 1:1 unterminated quoted identifier');
  });

  it('rejects an empty quoted identifier', () => {
    expect(syntaxErrorOf('SELECT "" FROM t').message).toBe('line 1:8 empty quoted identifier');
  });

  it('points an unterminated block comment at its start, after earlier lines', () => {
    const error = syntaxErrorOf('SELECT a\n/* x */ FROM t\n  /* never closed\n');
    expect(error.message).toBe('line 3:3 unterminated block comment');
    expect(error).toMatchObject({ line: 3, column: 3, offset: 26 });
    expect(syntaxErrorOf('/*/').message).toBe('line 1:1 unterminated block comment');
  });

  it('reports the first error only, after tokens that lexed fine', () => {
    const error = syntaxErrorOf("SELECT a FROM t WHERE b = 'x' AND c = #");
    expect(error).toMatchObject({ line: 1, column: 39 });
  });
});
