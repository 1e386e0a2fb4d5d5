/**
 * A table's WITH options, one `name = value` each, in Cassandra's alphabetical order
 * (TableParams.appendCqlTo). Only the options Sibyl keeps are printed: the others Cassandra
 * prints (additional_write_policy, cdc, crc_check_chance, read_repair...) would not parse back
 * here, since tableOptionsFrom refuses them as unknown properties.
 */

import { tableCaching, tableCompression, tableSpeculativeRetry, type TableOptions } from '../schema/table-options.js';
import { cqlStringLiteral, cqlStringMap } from './cql-identifier.js';
import { javaDoubleText } from './java-double-text.js';

const COMPACTION_PACKAGE = 'org.apache.cassandra.db.compaction.';

export function tableOptionsCql(options: TableOptions): readonly string[] {
  const compaction: [string, string][] = [['class', COMPACTION_PACKAGE + options.compaction.class], ...options.compaction.options];
  return [
    `bloom_filter_fp_chance = ${javaDoubleText(options.bloomFilterFpChance)}`,
    `caching = ${cqlStringMap(tableCaching(options))}`,
    `comment = ${cqlStringLiteral(options.comment)}`,
    `compaction = ${cqlStringMap(compaction)}`,
    `compression = ${cqlStringMap(tableCompression(options))}`,
    `default_time_to_live = ${options.defaultTimeToLive}`,
    `gc_grace_seconds = ${options.gcGraceSeconds}`,
    `speculative_retry = ${cqlStringLiteral(tableSpeculativeRetry(options))}`,
  ];
}
