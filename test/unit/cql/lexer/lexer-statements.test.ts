import { describe, expect, it } from 'vitest';
import { tokenize } from '../../../../src/cql/lexer/lexer.js';
import { summarize } from './token-summary.js';

describe('tokenize: realistic statements', () => {
  it('lexes CREATE KEYSPACE with a replication map', () => {
    const source =
      "CREATE KEYSPACE IF NOT EXISTS Shop WITH replication = " +
      "{'class': 'NetworkTopologyStrategy', 'dc1': 3} AND durable_writes = true;";
    expect(summarize(source)).toEqual([
      'keyword:create', 'keyword:keyspace', 'keyword:if', 'keyword:not', 'keyword:exists',
      'identifier:shop', 'keyword:with', 'identifier:replication', 'equals:=',
      'leftBrace:{', 'string:class', 'colon::', 'string:NetworkTopologyStrategy', 'comma:,',
      'string:dc1', 'colon::', 'integer:3', 'rightBrace:}',
      'keyword:and', 'identifier:durable_writes', 'equals:=', 'boolean:true', 'semicolon:;',
    ]);
  });

  it('lexes CREATE TABLE with nested frozen collections and table options', () => {
    const source = `CREATE TABLE shop."Orders" (
      id uuid, day date, items frozen<map<text, int>>, "Total" decimal,
      PRIMARY KEY ((id), day)
    ) WITH CLUSTERING ORDER BY (day DESC) AND default_time_to_live = 86400;`;
    expect(summarize(source)).toEqual([
      'keyword:create', 'keyword:table', 'identifier:shop', 'dot:.', 'quotedIdentifier:Orders',
      'leftParen:(',
      'identifier:id', 'keyword:uuid', 'comma:,', 'identifier:day', 'keyword:date', 'comma:,',
      'identifier:items', 'keyword:frozen', 'lessThan:<', 'keyword:map', 'lessThan:<',
      'keyword:text', 'comma:,', 'keyword:int', 'greaterThan:>', 'greaterThan:>', 'comma:,',
      'quotedIdentifier:Total', 'keyword:decimal', 'comma:,',
      'keyword:primary', 'keyword:key', 'leftParen:(', 'leftParen:(', 'identifier:id',
      'rightParen:)', 'comma:,', 'identifier:day', 'rightParen:)',
      'rightParen:)', 'keyword:with', 'keyword:clustering', 'keyword:order', 'keyword:by',
      'leftParen:(', 'identifier:day', 'keyword:desc', 'rightParen:)', 'keyword:and',
      'identifier:default_time_to_live', 'equals:=', 'integer:86400', 'semicolon:;',
    ]);
  });

  it('lexes SELECT with token(), IN, positional and named markers', () => {
    const source =
      'select id, writetime(v) AS wt from ks.t where token(id) > ? and day in (:d1, :d2) ' +
      'and ts >= -5 limit :lim ALLOW FILTERING';
    expect(summarize(source)).toEqual([
      'keyword:select', 'identifier:id', 'comma:,', 'keyword:writetime', 'leftParen:(',
      'identifier:v', 'rightParen:)', 'keyword:as', 'identifier:wt', 'keyword:from',
      'identifier:ks', 'dot:.', 'identifier:t', 'keyword:where', 'keyword:token', 'leftParen:(',
      'identifier:id', 'rightParen:)', 'greaterThan:>', 'questionMark:?', 'keyword:and',
      'identifier:day', 'keyword:in', 'leftParen:(', 'colon::', 'identifier:d1', 'comma:,',
      'colon::', 'identifier:d2', 'rightParen:)', 'keyword:and', 'identifier:ts',
      'greaterThanOrEqual:>=', 'minus:-', 'integer:5', 'keyword:limit', 'colon::',
      'identifier:lim', 'keyword:allow', 'keyword:filtering',
    ]);
  });

  it('lexes INSERT JSON with a $$ string holding quotes, and USING TTL', () => {
    const source = `INSERT INTO t JSON $${'$'}{"id": 1, "note": "it's"}$${'$'} USING TTL 60`;
    expect(summarize(source)).toEqual([
      'keyword:insert', 'keyword:into', 'identifier:t', 'keyword:json',
      `string:{"id": 1, "note": "it's"}`, 'keyword:using', 'keyword:ttl', 'integer:60',
    ]);
  });

  it('lexes UPDATE with list append, map element, counters and IF', () => {
    const source =
      "UPDATE t SET tags = tags + ['a'], m['k'] = 0x0A, c = c - 1, n += 2, o -= 3 " +
      "WHERE id = 123e4567-e89b-12d3-a456-426614174000 IF EXISTS";
    expect(summarize(source)).toEqual([
      'keyword:update', 'identifier:t', 'keyword:set', 'identifier:tags', 'equals:=',
      'identifier:tags', 'plus:+', 'leftBracket:[', 'string:a', 'rightBracket:]', 'comma:,',
      'identifier:m', 'leftBracket:[', 'string:k', 'rightBracket:]', 'equals:=', 'blob:0a',
      'comma:,', 'identifier:c', 'equals:=', 'identifier:c', 'minus:-', 'integer:1', 'comma:,',
      'identifier:n', 'plusEquals:+=', 'integer:2', 'comma:,', 'identifier:o', 'minusEquals:-=',
      'integer:3', 'keyword:where', 'identifier:id', 'equals:=',
      'uuid:123e4567-e89b-12d3-a456-426614174000', 'keyword:if', 'keyword:exists',
    ]);
  });

  it('lexes a BATCH over several lines', () => {
    const source = `BEGIN UNLOGGED BATCH USING TIMESTAMP 1700000000000000
      INSERT INTO t (k, v) VALUES (1, 'one');
      DELETE v FROM t WHERE k = 2;
    APPLY BATCH;`;
    expect(summarize(source)).toEqual([
      'keyword:begin', 'keyword:unlogged', 'keyword:batch', 'keyword:using', 'keyword:timestamp',
      'integer:1700000000000000',
      'keyword:insert', 'keyword:into', 'identifier:t', 'leftParen:(', 'identifier:k', 'comma:,',
      'identifier:v', 'rightParen:)', 'keyword:values', 'leftParen:(', 'integer:1', 'comma:,',
      'string:one', 'rightParen:)', 'semicolon:;',
      'keyword:delete', 'identifier:v', 'keyword:from', 'identifier:t', 'keyword:where',
      'identifier:k', 'equals:=', 'integer:2', 'semicolon:;',
      'keyword:apply', 'keyword:batch', 'semicolon:;',
    ]);
  });

  it('lexes every operator and punctuation mark', () => {
    expect(summarize('( ) [ ] { } , ; . .. : = != < <= > >= + - * / % += -= ?')).toEqual([
      'leftParen:(', 'rightParen:)', 'leftBracket:[', 'rightBracket:]', 'leftBrace:{',
      'rightBrace:}', 'comma:,', 'semicolon:;', 'dot:.', 'range:..', 'colon::', 'equals:=',
      'notEquals:!=', 'lessThan:<', 'lessThanOrEqual:<=', 'greaterThan:>',
      'greaterThanOrEqual:>=', 'plus:+', 'minus:-', 'star:*', 'slash:/', 'percent:%',
      'plusEquals:+=', 'minusEquals:-=', 'questionMark:?',
    ]);
    expect(summarize('m[1..3]')).toEqual([
      'identifier:m', 'leftBracket:[', 'integer:1', 'range:..', 'integer:3', 'rightBracket:]',
    ]);
    expect(summarize('a<=b>=c==d')).toEqual([
      'identifier:a', 'lessThanOrEqual:<=', 'identifier:b', 'greaterThanOrEqual:>=',
      'identifier:c', 'equals:=', 'equals:=', 'identifier:d',
    ]);
  });

  it('keeps a colon before a name apart, so {field:now()} stays a UDT literal', () => {
    expect(summarize('{created:now()}')).toEqual([
      'leftBrace:{', 'identifier:created', 'colon::', 'identifier:now', 'leftParen:(',
      'rightParen:)', 'rightBrace:}',
    ]);
    expect(summarize('= : "Name"')).toEqual(['equals:=', 'colon::', 'quotedIdentifier:Name']);
  });

  it('ends every token list with one end token at the end of the text', () => {
    for (const source of ['', '   ', '-- only a comment', 'select', 'select  ']) {
      const tokens = tokenize(source);
      const end = tokens[tokens.length - 1];
      expect(end).toMatchObject({ kind: 'end', text: '', raw: '', offset: source.length });
      expect(tokens.filter((token) => token.kind === 'end')).toHaveLength(1);
    }
  });

  it('gives each token its exact source slice as raw', () => {
    const source = "SELECT \"A\"\"b\", 'x''y', $$z$$, 0XFF, Infinity FROM T";
    for (const token of tokenize(source)) {
      expect(source.slice(token.offset, token.offset + token.raw.length)).toBe(token.raw);
    }
  });
});
