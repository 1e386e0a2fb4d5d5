import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tokenize } from '../../../../src/cql/lexer/lexer.js';
import { parseStatement } from '../../../../src/cql/parser/parser.js';
import { applyTextEdit, textEditArbitrary } from '../../../helpers/text-edits.js';
import { editTokens, parsesOrFailsCleanly } from './parse-outcome.js';

/** Valid data statements covering every form the parser knows, to mutate. */
const STATEMENTS: readonly string[] = [
  "SELECT JSON DISTINCT k, count(*), writetime(v) AS w, ttl(v), token(k), CAST(v AS text), ks.f(v, 'x', ?), (int) :n FROM ks.t " +
    "WHERE k = ? AND (c1, c2) >= (1, -2.5) AND token(k) > 0 AND m['a'] = 1 AND s CONTAINS KEY 'x' AND l CONTAINS ? AND v IN (1, 2) " +
    'AND w IN ? AND (c1, c2) IN ((1, 2), ?) AND t LIKE \'a%\' GROUP BY k, c1 ORDER BY c1 DESC, c2 ASC PER PARTITION LIMIT 1 LIMIT ? ALLOW FILTERING;',
  'SELECT * FROM t WHERE (k = 1) AND c != -Infinity AND d = NaN LIMIT -1',
  "INSERT INTO ks.t (k, l, s, m, u, tp, b, d, id) VALUES (?, [1, 2], {'a'}, {'k': -1.5e3}, {street: 'x', zip: :zip}, (1, 'a'), 0xcafe, -1h30m, " +
    '123e4567-e89b-12d3-a456-426614174000) IF NOT EXISTS USING TTL 86400 AND TIMESTAMP ?;',
  'INSERT INTO t JSON \'{"k": 1}\' DEFAULT UNSET IF NOT EXISTS USING TIMESTAMP 1',
  "UPDATE ks.t USING TTL ? AND TIMESTAMP 5 SET a = 1, b = b + 2, c = c - ?, d += {'x'}, e -= [1], f = [0] + f, m['k'] = now(), " +
    "u.street = 'y', n = toTimestamp(now()) WHERE k = ? AND c IN (1, 2) IF a = 1 AND m['k'] > 2 AND l[0] IN (1, ?) AND s CONTAINS 1;",
  'UPDATE t SET v = null WHERE k = 0 IF EXISTS',
  "DELETE a, m['k'], l[?], u.f FROM ks.t USING TIMESTAMP ? WHERE k = :k AND (c1, c2) = (1, 2) IF EXISTS;",
  'DELETE FROM t WHERE k IN ? IF v = 1 AND w != {}',
  'BEGIN UNLOGGED BATCH USING TIMESTAMP ? INSERT INTO t (k, v) VALUES (?, ?); UPDATE t SET v = v + 1 WHERE k = ? ' +
    'DELETE FROM t WHERE k = 1; APPLY BATCH;',
  'BEGIN COUNTER BATCH UPDATE c SET n = n - 1 WHERE k = 0 APPLY BATCH',
  'DESCRIBE FULL SCHEMA',
  'DESC TABLE ks.t;',
  'DESCRIBE KEYSPACE ks',
  'DESCRIBE TYPE ks.addr',
  'DESC "Ks"."T"',
];

/** Pieces to splice in: tokens of the data statements' grammar and single characters. */
const pieceArbitrary: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '(', ')', '[', ']', '{', '}', ',', ';', '.', ':', '=', '!=', '<', '<=', '>', '>=', '+', '-', '+=', '-=', '*', '?', ':x',
    "'x'", '"Q"', '1', '-1', '0.5', 'NaN', 'true', 'null', '0xff', '1h', '123e4567-e89b-12d3-a456-426614174000',
    'SELECT', 'JSON', 'DISTINCT', 'FROM', 'WHERE', 'AND', 'IN', 'CONTAINS', 'KEY', 'LIKE', 'TOKEN', 'token', 'count', 'ttl',
    'writetime', 'CAST', 'AS', 'GROUP', 'ORDER', 'BY', 'ASC', 'DESC', 'PER', 'PARTITION', 'LIMIT', 'ALLOW', 'FILTERING',
    'INSERT', 'INTO', 'VALUES', 'DEFAULT', 'UNSET', 'IF', 'NOT', 'EXISTS', 'USING', 'TTL', 'TIMESTAMP', 'UPDATE', 'SET',
    'DELETE', 'BEGIN', 'BATCH', 'APPLY', 'UNLOGGED', 'COUNTER', 'DESCRIBE', 'TABLE', 'TYPE', 'KEYSPACE', 'FULL', 'SCHEMA',
    'IS', 'BETWEEN', 'int', 'frozen', 'list', 'map', 'now()', ' ', '\n',
  ),
  fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }),
);

const statementArbitrary = fc.constantFrom(...STATEMENTS);
const editsArbitrary = fc.array(textEditArbitrary(pieceArbitrary), { minLength: 1, maxLength: 4 });
const TOKENS = STATEMENTS.map((s) => tokenize(s).filter((t) => t.kind !== 'end').map((t) => t.raw));

describe('data statement parser robustness', () => {
  it('parses every seed statement', () => {
    for (const statement of STATEMENTS) expect(() => parseStatement(statement)).not.toThrow();
  });

  it('character mutations throw only CqlSyntaxError or InvalidRequestError', () => {
    fc.assert(
      fc.property(statementArbitrary, editsArbitrary, (statement, edits) => {
        parsesOrFailsCleanly(edits.reduce(applyTextEdit, statement));
      }),
      { numRuns: 30_000, seed: 0xd41 },
    );
  });

  it('token mutations throw only CqlSyntaxError or InvalidRequestError', () => {
    fc.assert(
      fc.property(fc.nat({ max: TOKENS.length - 1 }), editsArbitrary, (which, edits) => {
        parsesOrFailsCleanly(edits.reduce(editTokens, TOKENS[which]!).join(' '));
      }),
      { numRuns: 30_000, seed: 0xd42 },
    );
  });

  it('random token sequences after a verb throw only CqlSyntaxError or InvalidRequestError', () => {
    const verb = fc.constantFrom('SELECT', 'INSERT INTO t', 'UPDATE t', 'DELETE', 'BEGIN BATCH', 'DESCRIBE', 'SELECT * FROM t WHERE', 'UPDATE t SET');
    const piece = pieceArbitrary.filter((p) => p.length > 1 || /[^\s]/.test(p));
    fc.assert(
      fc.property(verb, fc.array(piece, { maxLength: 24 }), (start, pieces) => {
        parsesOrFailsCleanly([start, ...pieces].join(' '));
      }),
      { numRuns: 20_000, seed: 0xd43 },
    );
  });
});
