/**
 * The <query_parameters> shared by QUERY and EXECUTE (spec 4.1.4):
 *
 *   <consistency><flags>[<n>[name_1]<value_1>...[name_n]<value_n>][<result_page_size>]
 *     [<paging_state>][<serial_consistency>][<timestamp>]            (v5 adds [<keyspace>][<now_in_seconds>])
 *
 * flags is a [byte] in v4 and an [int] in v5; each optional field is present iff its flag is
 * set, in flag order. v4 bits beyond 0x40 are refused: 0x80 would be v5's keyspace, which a
 * v4 server must not read as anything else.
 */

import type { ConsistencyLevel } from '../../cluster/consistency/consistency-level.js';
import { PROTOCOL_V5 } from '../frame/protocol-version.js';
import { ProtocolError } from '../protocol-error.js';
import type { BodyReader } from '../wire/body-reader.js';
import type { BodyWriter } from '../wire/body-writer.js';
import type { WireValue } from '../wire/wire-value.js';

export const QueryFlag = {
  values: 0x01,
  skipMetadata: 0x02,
  pageSize: 0x04,
  withPagingState: 0x08,
  withSerialConsistency: 0x10,
  withDefaultTimestamp: 0x20,
  withNamesForValues: 0x40,
  /** v5 */
  withKeyspace: 0x80,
  /** v5 */
  withNowInSeconds: 0x100,
} as const;

const V4_FLAGS = 0x7f;
const V5_FLAGS = 0x1ff;
const LONG_MIN = -(2n ** 63n);

export interface QueryParameters {
  readonly consistency: ConsistencyLevel;
  /** Bound values in order; with names, valueNames[i] names values[i]. */
  readonly values: readonly WireValue[];
  readonly valueNames: readonly string[] | null;
  /** The client asked for Rows without column specs (No_metadata). */
  readonly skipMetadata: boolean;
  /** As sent; <= 0 means no paging. */
  readonly pageSize: number | null;
  readonly pagingState: Uint8Array | null;
  readonly serialConsistency: ConsistencyLevel | null;
  /** Microseconds since the epoch: the write timestamp unless the statement says USING TIMESTAMP. */
  readonly defaultTimestamp: bigint | null;
  /** v5 only. */
  readonly keyspace: string | null;
  /** v5 only. */
  readonly nowInSeconds: number | null;
}

export function decodeQueryParameters(reader: BodyReader, version: number): QueryParameters {
  const consistency = reader.consistency('consistency');
  const flags = version >= PROTOCOL_V5 ? reader.int('query flags') : reader.byte('query flags');
  const allowed = version >= PROTOCOL_V5 ? V5_FLAGS : V4_FLAGS;
  if ((flags & ~allowed) !== 0) {
    throw new ProtocolError(`Unknown query flags 0x${(flags & ~allowed).toString(16)} in protocol v${version}`);
  }
  const has = (flag: number): boolean => (flags & flag) !== 0;
  const named = has(QueryFlag.values) && has(QueryFlag.withNamesForValues);
  const values: WireValue[] = [];
  const valueNames: string[] | null = named ? [] : null;
  if (has(QueryFlag.values)) {
    const count = reader.short('value count');
    for (let i = 0; i < count; i++) {
      valueNames?.push(reader.string(`name of value ${i}`));
      values.push(reader.value(`value ${i}`));
    }
  }
  const pageSize = has(QueryFlag.pageSize) ? reader.int('page size') : null;
  const pagingState = has(QueryFlag.withPagingState) ? reader.bytes('paging state') : null;
  const serialConsistency = has(QueryFlag.withSerialConsistency) ? reader.consistency('serial consistency') : null;
  const defaultTimestamp = has(QueryFlag.withDefaultTimestamp) ? readTimestamp(reader) : null;
  const keyspace = has(QueryFlag.withKeyspace) ? reader.string('keyspace') : null;
  const nowInSeconds = has(QueryFlag.withNowInSeconds) ? reader.int('now in seconds') : null;
  const skipMetadata = has(QueryFlag.skipMetadata);
  return { consistency, values, valueNames, skipMetadata, pageSize, pagingState, serialConsistency, defaultTimestamp, keyspace, nowInSeconds };
}

/** Cassandra refuses only Long.MIN_VALUE, its "no timestamp" marker (QueryOptions.Codec). */
export function readTimestamp(reader: BodyReader): bigint {
  const timestamp = reader.long('default timestamp');
  if (timestamp === LONG_MIN) {
    throw new ProtocolError(`Out of bound timestamp, must be in [${LONG_MIN + 1n}, ${-LONG_MIN - 1n}] (got ${timestamp})`);
  }
  return timestamp;
}

export function encodeQueryParameters(writer: BodyWriter, parameters: QueryParameters, version: number): void {
  writer.consistency(parameters.consistency);
  const flags = queryFlagsOf(parameters);
  if (version >= PROTOCOL_V5) writer.int(flags);
  else writer.byte(flags);
  if (parameters.values.length > 0) {
    writer.short(parameters.values.length);
    parameters.values.forEach((value, i) => {
      if (parameters.valueNames !== null) writer.string(parameters.valueNames[i]!);
      writer.value(value);
    });
  }
  if (parameters.pageSize !== null) writer.int(parameters.pageSize);
  if (parameters.pagingState !== null) writer.bytes(parameters.pagingState);
  if (parameters.serialConsistency !== null) writer.consistency(parameters.serialConsistency);
  if (parameters.defaultTimestamp !== null) writer.long(parameters.defaultTimestamp);
  if (parameters.keyspace !== null) writer.string(parameters.keyspace);
  if (parameters.nowInSeconds !== null) writer.int(parameters.nowInSeconds);
}

function queryFlagsOf(p: QueryParameters): number {
  let flags = 0;
  if (p.values.length > 0) flags |= QueryFlag.values;
  if (p.values.length > 0 && p.valueNames !== null) flags |= QueryFlag.withNamesForValues;
  if (p.skipMetadata) flags |= QueryFlag.skipMetadata;
  if (p.pageSize !== null) flags |= QueryFlag.pageSize;
  if (p.pagingState !== null) flags |= QueryFlag.withPagingState;
  if (p.serialConsistency !== null) flags |= QueryFlag.withSerialConsistency;
  if (p.defaultTimestamp !== null) flags |= QueryFlag.withDefaultTimestamp;
  if (p.keyspace !== null) flags |= QueryFlag.withKeyspace;
  if (p.nowInSeconds !== null) flags |= QueryFlag.withNowInSeconds;
  return flags;
}

/** Parameters with nothing optional: what a test or a benchmark starts from. */
export function plainQueryParameters(consistency: ConsistencyLevel, values: readonly WireValue[] = []): QueryParameters {
  return {
    consistency,
    values,
    valueNames: null,
    skipMetadata: false,
    pageSize: null,
    pagingState: null,
    serialConsistency: null,
    defaultTimestamp: null,
    keyspace: null,
    nowInSeconds: null,
  };
}
