/**
 * A prepared statement (src/cql/prepare) as RESULT Prepared (spec 4.2.5.4): its id, one
 * variable per marker with the keyspace and table it binds into (one Global_tables_spec
 * whenever they agree, which is where the Node driver takes a routing keyspace from), the
 * partition key indexes (none unless every partition key column is bound by a marker), and the
 * rows a SELECT returns; anything else returns no columns (No_metadata, count 0, as Cassandra's
 * ResultMetadata.EMPTY).
 */

import type { PreparedStatement } from '../../cql/prepare/prepared-statement.js';
import type { PreparedResult } from '../messages/result.js';
import { NO_RESULT_METADATA, rowsMetadataOf } from '../messages/rows-metadata.js';

export function preparedResultOf(prepared: PreparedStatement): PreparedResult {
  return {
    kind: 'prepared',
    id: prepared.id,
    resultMetadataId: prepared.resultMetadataId,
    variables: prepared.variables,
    partitionKeyIndexes: prepared.partitionKeyIndexes ?? [],
    resultMetadata: prepared.resultColumns.length === 0 ? NO_RESULT_METADATA : rowsMetadataOf(prepared.resultColumns),
  };
}
