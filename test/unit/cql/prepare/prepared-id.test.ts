import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { computePreparedId, isFullyQualified, preparedIdOf } from '../../../../src/cql/prepare/prepared-id.js';
import { parseStatement } from '../../../../src/cql/parser/parser.js';

const md5 = (text: string): string => createHash('md5').update(text, 'utf8').digest('hex');

describe('prepared ids: QueryProcessor.computeId', () => {
  it('is the MD5 of the keyspace followed by the query, or of the query alone', () => {
    expect(computePreparedId('SELECT * FROM t', 'ks').toString('hex')).toBe(md5('ksSELECT * FROM t'));
    expect(computePreparedId('SELECT * FROM t', null).toString('hex')).toBe(md5('SELECT * FROM t'));
    expect(computePreparedId("SELECT * FROM t WHERE v = 'é'", 'ks').toString('hex')).toBe(md5("ksSELECT * FROM t WHERE v = 'é'"));
  });

  it('leaves the session keyspace out for fully qualified statements only', () => {
    const qualified = 'SELECT * FROM ks.t WHERE k = ?';
    expect(preparedIdOf(qualified, parseStatement(qualified), 'other').toString('hex')).toBe(md5(qualified));
    const unqualified = 'SELECT * FROM t WHERE k = ?';
    expect(preparedIdOf(unqualified, parseStatement(unqualified), 'ks').toString('hex')).toBe(md5(`ks${unqualified}`));
    expect(preparedIdOf(unqualified, parseStatement(unqualified), 'other').toString('hex')).toBe(md5(`other${unqualified}`));
    expect(preparedIdOf(unqualified, parseStatement(unqualified), null).toString('hex')).toBe(md5(unqualified));
  });

  it('calls a statement fully qualified as QualifiedStatement.isFullyQualified does', () => {
    const cases: Array<[string, boolean]> = [
      ['SELECT * FROM ks.t', true],
      ['SELECT * FROM t', false],
      ['INSERT INTO ks.t (k) VALUES (1)', true],
      ['UPDATE t SET v = 1 WHERE k = 1', false],
      ['DELETE FROM ks.t WHERE k = 1', true],
      ['TRUNCATE ks.t', true],
      ['BEGIN BATCH INSERT INTO ks.t (k) VALUES (1); DELETE FROM ks.u WHERE k = 1; APPLY BATCH', true],
      ['BEGIN BATCH INSERT INTO ks.t (k) VALUES (1); DELETE FROM u WHERE k = 1; APPLY BATCH', false],
      ['USE ks', false],
      ['CREATE TABLE ks.t (k int PRIMARY KEY)', false],
      ['DROP KEYSPACE ks', false],
    ];
    for (const [query, expected] of cases) expect(isFullyQualified(parseStatement(query)), query).toBe(expected);
  });
});
