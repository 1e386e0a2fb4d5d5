import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CqlSyntaxError } from '../../../../src/cql/cql-syntax-error.js';
import { tokenize } from '../../../../src/cql/lexer/lexer.js';
import type { Token } from '../../../../src/cql/lexer/token.js';
import { TOKEN_KIND_LABELS } from '../../../../src/cql/lexer/token-kind.js';
import { applyTextEdit, textEditArbitrary } from '../../../helpers/text-edits.js';

const STATEMENTS: readonly string[] = [
  "CREATE KEYSPACE ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1};",
  'CREATE TABLE ks."T" (k int, c text, m frozen<map<text, int>>, PRIMARY KEY ((k), c)) ' +
    'WITH CLUSTERING ORDER BY (c DESC);',
  'SELECT k, token(k), ttl(v) FROM ks.t WHERE token(k) > -9223372036854775808 AND c IN (?, :c2) ' +
    'LIMIT 10 ALLOW FILTERING;',
  'INSERT INTO t JSON $${"k": 1, "v": "it\'s"}$$;',
  "UPDATE t USING TTL 3600 SET l = l + [1.5e3, NaN, -Infinity], s = s - {'x'}, " +
    'b = 0xCAFE, d = 1h30m WHERE k = 123e4567-e89b-12d3-a456-426614174000 IF v != null;',
  "BEGIN BATCH\n  INSERT INTO t (k, v) VALUES (1, 'one''s');\n" +
    '  DELETE FROM t WHERE k = 2; -- bye\nAPPLY BATCH; /* done\n */',
  "SELECT * FROM t WHERE d > P1Y2M3DT4H AND e < P0001-02-03T04:05:06 AND f = 'x' // end",
];

/** A character or a piece of the grammar: quotes, comment openers, prefixes, any code point. */
const unitArbitrary: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    "'", '"', '$', '$$', '-', '--', '/', '//', '/*', '*/', '*', '\n', '\r', '\r\n', ' ', '\t',
    '0x', 'P', 'T', 'e', 'E', 'µ', 'ms', '.', '..', ':', '!', '=', '<', '>', '_', '1', '9',
    'select', 'NaN', 'true', 'deadbeef-', '-0000', '2024-01-01',
  ),
  fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 1 }),
  fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
  fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code)),
);

const arbitrarySource = fc.string({ unit: unitArbitrary, maxLength: 60 });

const editArbitrary = textEditArbitrary(fc.string({ unit: unitArbitrary, minLength: 1, maxLength: 3 }));

const mutatedStatement = fc
  .tuple(fc.constantFrom(...STATEMENTS), fc.array(editArbitrary, { minLength: 1, maxLength: 4 }))
  .map(([statement, edits]) => edits.reduce(applyTextEdit, statement));

/** Where each line starts, computed apart from the lexer: after LF, CRLF or a lone CR. */
function lineStartsOf(source: string): number[] {
  const starts = [0];
  for (const lineBreak of source.matchAll(/\r\n|\r|\n/g)) {
    starts.push(lineBreak.index + lineBreak[0].length);
  }
  return starts;
}

function checkPosition(
  lineStarts: readonly number[],
  what: string,
  at: Token | CqlSyntaxError,
): string | undefined {
  let low = 0;
  let high = lineStarts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if ((lineStarts[middle] ?? 0) <= at.offset) low = middle;
    else high = middle - 1;
  }
  const line = low + 1;
  const column = at.offset - (lineStarts[low] ?? 0) + 1;
  if (at.line !== line || at.column !== column) {
    return `${what} at ${at.offset} says ${at.line}:${at.column}, expected ${line}:${column}`;
  }
  return undefined;
}

/**
 * The lexer's contract for any text: tokens that slice the text in order and end with `end`,
 * or a CqlSyntaxError placed on a character of the text. Returns what broke it, if anything.
 */
function contractViolation(source: string): string | undefined {
  const lineStarts = lineStartsOf(source);
  let tokens: Token[];
  try {
    tokens = tokenize(source);
  } catch (error) {
    if (!(error instanceof CqlSyntaxError)) return `threw ${String(error)}`;
    if (!(error.offset >= 0 && error.offset < source.length)) return `error offset ${error.offset}`;
    if (!error.message.startsWith(`line ${error.line}:${error.column} `)) return error.message;
    return checkPosition(lineStarts, 'error', error);
  }
  let previousEnd = 0;
  for (const [index, token] of tokens.entries()) {
    if (!Object.hasOwn(TOKEN_KIND_LABELS, token.kind)) return `unknown kind ${token.kind}`;
    if ((token.kind === 'end') !== (index === tokens.length - 1)) return 'end misplaced';
    if (token.offset < previousEnd) return `token at ${token.offset} overlaps`;
    if (token.kind !== 'end' && token.raw === '') return `empty token at ${token.offset}`;
    if (source.slice(token.offset, token.offset + token.raw.length) !== token.raw) return 'raw';
    const wrongPosition = checkPosition(lineStarts, token.kind, token);
    if (wrongPosition !== undefined) return wrongPosition;
    previousEnd = token.offset + token.raw.length;
  }
  if (tokens[tokens.length - 1]?.offset !== source.length) return 'end not at the end';
  return undefined;
}

function summaries(tokens: readonly Token[]): string[] {
  return tokens.map((token) => `${token.kind}:${token.text}`);
}

describe('tokenize: properties', () => {
  it('lexes the seed statements', () => {
    for (const statement of STATEMENTS) expect(contractViolation(statement)).toBeUndefined();
    for (const statement of STATEMENTS) expect(() => tokenize(statement)).not.toThrow();
  });

  it('returns tokens or throws a placed CqlSyntaxError, for arbitrary text', () => {
    fc.assert(
      fc.property(arbitrarySource, (source) => {
        const violation = contractViolation(source);
        if (violation !== undefined) throw new Error(violation);
      }),
      { numRuns: 20_000 },
    );
  });

  it('keeps the contract on mutated statements, whose tokens re-lex alike', () => {
    fc.assert(
      fc.property(mutatedStatement, (source) => {
        const violation = contractViolation(source);
        if (violation !== undefined) throw new Error(violation);
        let tokens: Token[];
        try {
          tokens = tokenize(source);
        } catch {
          return;
        }
        // Spaces between tokens never change them: each token lexes the same on its own.
        const spaced = tokens.map((token) => token.raw).join(' ');
        expect(summaries(tokenize(spaced))).toEqual(summaries(tokens));
      }),
      { numRuns: 20_000 },
    );
  });

  it('stays linear on long adversarial inputs', () => {
    const size = 200_000;
    const inputs = [
      "''".repeat(size / 2),
      `'${"''".repeat(size / 2)}`,
      '/*'.repeat(size / 2),
      '-'.repeat(size),
      'P'.padEnd(size, '1'),
      '1'.repeat(size),
      '1m'.repeat(size / 2),
      '0'.repeat(size) + 'x',
      'deadbeef-'.repeat(size / 9),
      'a.'.repeat(size / 2),
      '$$'.padEnd(size, '$ '),
      '"'.padEnd(size, 'a""'),
    ];
    for (const input of inputs) {
      const started = performance.now();
      try {
        tokenize(input);
      } catch (error) {
        expect(error).toBeInstanceOf(CqlSyntaxError);
      }
      // 200,000 characters lex in a few milliseconds; a quadratic lexer would take minutes.
      expect(performance.now() - started).toBeLessThan(1_000);
      expect(contractViolation(input)).toBeUndefined();
    }
  });
});
