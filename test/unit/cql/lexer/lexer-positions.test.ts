import { describe, expect, it } from 'vitest';
import { tokenize } from '../../../../src/cql/lexer/lexer.js';
import { summarize } from './token-summary.js';

/** `text@line:column` of each token, end included. */
function located(source: string): string[] {
  return tokenize(source).map((token) => `${token.raw}@${token.line}:${token.column}`);
}

describe('tokenize: comments', () => {
  it('skips -- and // line comments, to the line end or the text end', () => {
    expect(summarize('select -- all of it\n* // everything\r\nfrom t -- trailing')).toEqual([
      'keyword:select', 'star:*', 'keyword:from', 'identifier:t',
    ]);
    expect(summarize('a--b')).toEqual(['identifier:a']);
    expect(summarize('a - -b')).toEqual(['identifier:a', 'minus:-', 'minus:-', 'identifier:b']);
    expect(summarize('a/b')).toEqual(['identifier:a', 'slash:/', 'identifier:b']);
  });

  it('skips /* */ block comments, which do not nest and may span lines', () => {
    expect(summarize('a /* one\n two */ b /**/ c /* /* */ d /*-- x*/ e')).toEqual([
      'identifier:a', 'identifier:b', 'identifier:c', 'identifier:d', 'identifier:e',
    ]);
    expect(summarize('a/*x*/b')).toEqual(['identifier:a', 'identifier:b']);
    expect(summarize('a */ b')).toEqual(['identifier:a', 'star:*', 'slash:/', 'identifier:b']);
  });

  it('does not see comments inside strings or quoted identifiers', () => {
    expect(summarize(`'--' "/*" '/* x */' $$//$$`)).toEqual([
      'string:--', 'quotedIdentifier:/*', 'string:/* x */', 'string://',
    ]);
  });
});

describe('tokenize: positions', () => {
  it('gives 1-based line and column, and offsets, on one line', () => {
    const tokens = tokenize('SELECT a FROM t;');
    expect(tokens.map((token) => [token.offset, token.line, token.column])).toEqual([
      [0, 1, 1], [7, 1, 8], [9, 1, 10], [14, 1, 15], [15, 1, 16], [16, 1, 17],
    ]);
  });

  it('counts lines over LF, CRLF and lone CR', () => {
    expect(located('a\nb\r\nc\rd\n\n  e')).toEqual([
      'a@1:1', 'b@2:1', 'c@3:1', 'd@4:1', 'e@6:3', '@6:4',
    ]);
  });

  it('counts lines inside block comments, strings and quoted identifiers', () => {
    const source = [
      'SELECT /* a comment',
      '   over two lines */ x,',
      "  'a string",
      "over lines' AS y, \"a",
      'name\" FROM t -- tail',
    ].join('\n');
    expect(located(source)).toEqual([
      'SELECT@1:1', 'x@2:22', ',@2:23', "'a string\nover lines'@3:3", 'AS@4:13', 'y@4:16',
      ',@4:17', '"a\nname"@4:19', 'FROM@5:7', 't@5:12', '@5:21',
    ]);
  });

  it('counts columns in UTF-16 code units, like Java and ANTLR', () => {
    expect(located("'🌍' x")).toEqual(["'🌍'@1:1", 'x@1:6', '@1:7']);
  });
});
