import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tokenize } from '../../../../src/cql/lexer/lexer.js';
import { parseStatement } from '../../../../src/cql/parser/parser.js';
import { applyTextEdit, textEditArbitrary } from '../../../helpers/text-edits.js';
import { editTokens, parsesOrFailsCleanly } from './parse-outcome.js';

const STATEMENTS: readonly string[] = [
  "CREATE KEYSPACE IF NOT EXISTS ks WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1} AND durable_writes = true;",
  "ALTER KEYSPACE \"Ks\" WITH replication = {'class': 'NetworkTopologyStrategy', 'dc1': 3, 'dc2': 2}",
  'DROP KEYSPACE IF EXISTS ks;',
  'USE ks',
  'CREATE TABLE IF NOT EXISTS ks."T" (pk1 uuid, pk2 int, ck1 timestamp, ck2 text, s text STATIC, key int, ' +
    'l list<frozen<map<text, int>>>, u frozen<ks.addr>, t tuple<int, blob>, PRIMARY KEY ((pk1, pk2), ck1, ck2)) ' +
    "WITH CLUSTERING ORDER BY (ck1 DESC, ck2 ASC) AND compaction = {'class': 'SizeTieredCompactionStrategy', 'min_threshold': 4} " +
    "AND default_time_to_live = 0 AND gc_grace_seconds = 864000 AND bloom_filter_fp_chance = 0.01 AND comment = 'c';",
  'CREATE COLUMNFAMILY t (k int PRIMARY KEY, v set<text>, m map<int, frozen<list<int>>>)',
  'ALTER TABLE ks.t ADD IF NOT EXISTS (a int, b text STATIC)',
  'ALTER TABLE t DROP (a, b);',
  'ALTER TABLE t WITH default_time_to_live = -1 AND speculative_retry = \'99p\'',
  'DROP TABLE IF EXISTS ks.t',
  'TRUNCATE TABLE ks.t;',
  'CREATE TYPE IF NOT EXISTS ks.addr (street text, zip int, phones list<frozen<phone>>);',
  'DROP TYPE IF EXISTS addr',
];

/** Pieces to splice in: tokens of the grammar and single characters. */
const pieceArbitrary: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '(', ')', '<', '>', ',', ';', '.', '{', '}', ':', '=', '-', '?', "'x'", '"Q"', '1', '0.5', 'NaN', 'true',
    'AND', 'WITH', 'PRIMARY', 'KEY', 'STATIC', 'frozen', 'list', 'set', 'map', 'tuple', 'int', 'IF', 'NOT',
    'EXISTS', 'CLUSTERING', 'ORDER', 'BY', 'ASC', 'DESC', 'CREATE', 'TABLE', 'TYPE', 'KEYSPACE', 'SELECT',
    'COMPACT', 'STORAGE', 'ADD', 'DROP', 'RENAME', 'key', 'ttl', 'select', ' ', '\n',
  ),
  fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }),
);

const editArbitrary = textEditArbitrary(pieceArbitrary);

const statementArbitrary = fc.constantFrom(...STATEMENTS);
const editsArbitrary = fc.array(editArbitrary, { minLength: 1, maxLength: 4 });

describe('parser robustness', () => {
  it('parses every seed statement', () => {
    for (const statement of STATEMENTS) expect(() => parseStatement(statement)).not.toThrow();
  });

  it('character mutations throw only CqlSyntaxError or InvalidRequestError', () => {
    fc.assert(
      fc.property(statementArbitrary, editsArbitrary, (statement, edits) => {
        parsesOrFailsCleanly(edits.reduce(applyTextEdit, statement));
      }),
      { numRuns: 10_000, seed: 0x5eed },
    );
  });

  it('token mutations throw only CqlSyntaxError or InvalidRequestError', () => {
    fc.assert(
      fc.property(statementArbitrary, editsArbitrary, (statement, edits) => {
        const tokens = tokenize(statement).filter((t) => t.kind !== 'end').map((t) => t.raw);
        parsesOrFailsCleanly(edits.reduce(editTokens, tokens).join(' '));
      }),
      { numRuns: 10_000, seed: 0xcafe },
    );
  });
});
