/**
 * caching, compression and speculative_retry: accepted as Cassandra accepts them (the values
 * cqlsh's DESCRIBE and drivers send), kept normalized as Cassandra stores them, refused with
 * Cassandra's messages (CachingParams, CompressionParams, SpeculativeRetryPolicy). ALTER TABLE
 * changes one and keeps the others.
 */

import { describe, expect, it } from 'vitest';
import { CreateTableStatement } from '../../../../src/cql/ast/create-table-statement.js';
import { AlterTableStatement } from '../../../../src/cql/ast/alter-table-statement.js';
import { parseStatement } from '../../../../src/cql/parser/parser.js';
import { tableFromCreate } from '../../../../src/cql/schema/table-metadata.js';
import { tableCaching, tableCompression, tableOptionsFrom, tableSpeculativeRetry, type TableOptions } from '../../../../src/cql/schema/table-options.js';
import { InvalidRequestError } from '../../../../src/lib/errors.js';

function optionsOf(withClause: string): TableOptions {
  const statement = parseStatement(`CREATE TABLE t (k int PRIMARY KEY) WITH ${withClause}`);
  if (!CreateTableStatement.is(statement)) throw new Error('not CREATE TABLE');
  return tableFromCreate(statement, { keyspace: 'ks', resolveUserType: () => null, tableId: 1 }).options;
}

function refusal(withClause: string): string {
  try {
    optionsOf(withClause);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidRequestError);
    return (error as Error).message;
  }
  throw new Error(`accepted: ${withClause}`);
}

const entries = (map: ReadonlyMap<string, string>): Record<string, string> => Object.fromEntries(map);

describe('caching', () => {
  it.each([
    ["{'keys': 'ALL', 'rows_per_partition': 'NONE'}", { keys: 'ALL', rows_per_partition: 'NONE' }],
    ["{'keys': 'none', 'rows_per_partition': 'all'}", { keys: 'NONE', rows_per_partition: 'ALL' }],
    ["{'rows_per_partition': 120}", { keys: 'NONE', rows_per_partition: '120' }],
    ["{'keys': 'ALL', 'rows_per_partition': '0'}", { keys: 'ALL', rows_per_partition: 'NONE' }],
    ['{}', { keys: 'NONE', rows_per_partition: 'NONE' }],
  ])('%s is kept as %j', (value, expected) => {
    expect(entries(tableCaching(optionsOf(`caching = ${value}`)))).toEqual(expected);
  });

  it.each([
    ["{'keys': 'SOME'}", "Invalid value 'SOME' for caching sub-option 'keys': only 'ALL' and 'NONE' are allowed"],
    ["{'rows_per_partition': '-1'}", "Invalid value '-1' for caching sub-option 'rows_per_partition': only 'ALL', 'NONE', and integer values are allowed"],
    ["{'keys': 'ALL', 'rows': 'ALL'}", "Invalid caching sub-options [rows]: only 'keys' and 'rows_per_partition' are allowed"],
    ["'ALL'", "Invalid value for property 'caching': expected a map"],
  ])('%s is refused', (value, message) => {
    expect(refusal(`caching = ${value}`)).toBe(message);
  });
});

describe('compression', () => {
  it.each([
    ["{'class': 'LZ4Compressor'}", { chunk_length_in_kb: '16', class: 'org.apache.cassandra.io.compress.LZ4Compressor' }],
    ["{'class': 'org.apache.cassandra.io.compress.SnappyCompressor', 'chunk_length_in_kb': 4}", { chunk_length_in_kb: '4', class: 'org.apache.cassandra.io.compress.SnappyCompressor' }],
    ["{'class': 'ZstdCompressor', 'compression_level': '5', 'min_compress_ratio': 2}", { chunk_length_in_kb: '16', class: 'org.apache.cassandra.io.compress.ZstdCompressor', compression_level: '5', min_compress_ratio: '2.0' }],
    ["{'enabled': 'false'}", { enabled: 'false' }],
    ['{}', { enabled: 'false' }],
  ])('%s is kept as %j', (value, expected) => {
    expect(entries(tableCompression(optionsOf(`compression = ${value}`)))).toEqual(expected);
  });

  it.each([
    ["{'chunk_length_in_kb': 16}", "Missing sub-option 'class' for the 'compression' option."],
    ["{'enabled': false, 'class': 'LZ4Compressor'}", "If the 'enabled' option is set to false no other options must be specified"],
    ["{'class': ''}", "The 'class' option must not be empty. To disable compression use 'enabled' : false"],
    ["{'class': 'GzipCompressor'}", 'Could not create Compression for type org.apache.cassandra.io.compress.GzipCompressor'],
    ["{'class': 'LZ4Compressor', 'chunk_length_in_kb': 3}", 'chunk_length_in_kb must be a power of 2'],
    ["{'class': 'LZ4Compressor', 'chunk_length_in_kb': 0}", 'Invalid negative or null chunk_length_in_kb'],
    ["{'class': 'LZ4Compressor', 'chunk_length_in_kb': 'big'}", 'Invalid value for chunk_length_in_kb'],
    ["{'class': 'LZ4Compressor', 'min_compress_ratio': 0.5}", 'min_compress_ratio can either be 0 or greater than or equal to 1'],
    ["{'class': 'SnappyCompressor', 'level': 1}", 'Unknown compression options level'],
  ])('%s is refused', (value, message) => {
    expect(refusal(`compression = ${value}`)).toBe(message);
  });
});

describe('speculative_retry', () => {
  it.each([
    ['99p', '99p'],
    ['99.0PERCENTILE', '99p'],
    ['99.95p', '99.95p'],
    ['50ms', '50ms'],
    ['12.7ms', '12ms'],
    ['always', 'ALWAYS'],
    ['NONE', 'NEVER'],
    ['min(99p, 50ms)', 'MIN(99p,50ms)'],
    ['MAX(10ms,90PERCENTILE)', 'MAX(90p,10ms)'],
  ])('%s is kept as %s', (value, expected) => {
    expect(tableSpeculativeRetry(optionsOf(`speculative_retry = '${value}'`))).toBe(expected);
  });

  it.each([
    ['often', "Invalid value often for option 'speculative_retry'"],
    ['100p', "Invalid value 100p for PERCENTILE option 'speculative_retry': must be between (0.0 and 100.0)"],
    ['1.2.3ms', "Invalid value 1.2.3ms for option 'speculative_retry'"],
    ['MIN(99p,95p)', "Invalid value MIN(99p,95p) for option 'speculative_retry': MIN()/MAX() arguments should be of different types, but both are of type PERCENTILE"],
  ])('%s is refused', (value, message) => {
    expect(refusal(`speculative_retry = '${value}'`)).toBe(message);
  });
});

describe('defaults and ALTER', () => {
  it("a table that does not name them gets Cassandra's defaults", () => {
    const options = optionsOf("comment = 'x'");
    expect(entries(tableCaching(options))).toEqual({ keys: 'ALL', rows_per_partition: 'NONE' });
    expect(entries(tableCompression(options))).toEqual({ chunk_length_in_kb: '16', class: 'org.apache.cassandra.io.compress.LZ4Compressor' });
    expect(tableSpeculativeRetry(options)).toBe('99p');
  });

  it('ALTER TABLE ... WITH changes the one named and keeps the others', () => {
    const created = optionsOf("caching = {'keys': 'NONE'} AND speculative_retry = '10ms'");
    const alter = parseStatement("ALTER TABLE t WITH compression = {'enabled': 'false'} AND speculative_retry = 'ALWAYS'");
    if (!AlterTableStatement.is(alter) || alter.action.kind !== 'AlterOptionsAction') throw new Error('not ALTER TABLE ... WITH');
    const altered = tableOptionsFrom(alter.action.options, created);
    expect(entries(tableCaching(altered))).toEqual({ keys: 'NONE', rows_per_partition: 'NONE' });
    expect(entries(tableCompression(altered))).toEqual({ enabled: 'false' });
    expect(tableSpeculativeRetry(altered)).toBe('ALWAYS');
  });
});
