/**
 * BATCH (spec 4.1.7):
 *
 *   <type: [byte]><n: [short]><statement_1>...<statement_n><consistency><flags>
 *     [<serial_consistency>][<timestamp>]                      (v5: [<keyspace>][<now_in_seconds>])
 *   statement = <kind: [byte]> (0: [long string] query | 1: [short bytes] prepared id)
 *               <n: [short]><value_1>...<value_n>
 *
 * type 0 logged, 1 unlogged, 2 counter. flags is a [byte] (v5 [int]): 0x10 serial
 * consistency, 0x20 default timestamp (v5: 0x80 keyspace, 0x100 now in seconds). 0x40 (names
 * for values) is refused: the spec itself says it cannot be implemented (CASSANDRA-10246),
 * since the names would come after the statements they belong to were already read. The
 * four low bits "must always be 0" (spec), so they are refused too.
 */

import type { ConsistencyLevel } from '../../cluster/consistency/consistency-level.js';
import { PROTOCOL_V5 } from '../frame/protocol-version.js';
import { ProtocolError } from '../protocol-error.js';
import type { BodyReader } from '../wire/body-reader.js';
import type { BodyWriter } from '../wire/body-writer.js';
import type { WireValue } from '../wire/wire-value.js';
import { QueryFlag, readTimestamp } from './query-parameters.js';

export const BATCH_TYPES = ['LOGGED', 'UNLOGGED', 'COUNTER'] as const;
export type BatchType = (typeof BATCH_TYPES)[number];

export type BatchStatement =
  | { readonly kind: 'query'; readonly query: string; readonly values: readonly WireValue[] }
  | { readonly kind: 'prepared'; readonly id: Uint8Array; readonly values: readonly WireValue[] };

export interface BatchRequest {
  readonly kind: 'batch';
  readonly batchType: BatchType;
  readonly statements: readonly BatchStatement[];
  readonly consistency: ConsistencyLevel;
  readonly serialConsistency: ConsistencyLevel | null;
  readonly defaultTimestamp: bigint | null;
  /** v5 only. */
  readonly keyspace: string | null;
  /** v5 only. */
  readonly nowInSeconds: number | null;
}

const V4_BATCH_FLAGS = QueryFlag.withSerialConsistency | QueryFlag.withDefaultTimestamp;
const V5_BATCH_FLAGS = V4_BATCH_FLAGS | QueryFlag.withKeyspace | QueryFlag.withNowInSeconds;

export function decodeBatch(reader: BodyReader, version: number): BatchRequest {
  const typeCode = reader.byte('batch type');
  const batchType = BATCH_TYPES[typeCode];
  if (batchType === undefined) throw new ProtocolError(`Invalid BATCH type ${typeCode} (0 logged, 1 unlogged, 2 counter)`);
  const count = reader.short('statement count');
  const statements: BatchStatement[] = [];
  for (let i = 0; i < count; i++) statements.push(decodeStatement(reader, i));
  const consistency = reader.consistency('consistency');
  const flags = version >= PROTOCOL_V5 ? reader.int('batch flags') : reader.byte('batch flags');
  checkFlags(flags, version);
  const has = (flag: number): boolean => (flags & flag) !== 0;
  const serialConsistency = has(QueryFlag.withSerialConsistency) ? reader.consistency('serial consistency') : null;
  const defaultTimestamp = has(QueryFlag.withDefaultTimestamp) ? readTimestamp(reader) : null;
  const keyspace = has(QueryFlag.withKeyspace) ? reader.string('keyspace') : null;
  const nowInSeconds = has(QueryFlag.withNowInSeconds) ? reader.int('now in seconds') : null;
  return { kind: 'batch', batchType, statements, consistency, serialConsistency, defaultTimestamp, keyspace, nowInSeconds };
}

function decodeStatement(reader: BodyReader, index: number): BatchStatement {
  const kind = reader.byte(`kind of statement ${index}`);
  if (kind !== 0 && kind !== 1) {
    throw new ProtocolError(`Invalid query kind in BATCH messages. Must be 0 or 1 but got ${kind} (statement ${index})`);
  }
  const query = kind === 0 ? reader.longString(`query of statement ${index}`) : null;
  const id = kind === 1 ? reader.shortBytes(`prepared id of statement ${index}`) : null;
  const valueCount = reader.short(`value count of statement ${index}`);
  const values: WireValue[] = [];
  for (let i = 0; i < valueCount; i++) values.push(reader.value(`value ${i} of statement ${index}`));
  return query !== null ? { kind: 'query', query, values } : { kind: 'prepared', id: id!, values };
}

function checkFlags(flags: number, version: number): void {
  if ((flags & QueryFlag.withNamesForValues) !== 0) {
    throw new ProtocolError('Named values are not supported in BATCH: the protocol cannot express them (CASSANDRA-10246)');
  }
  const allowed = version >= PROTOCOL_V5 ? V5_BATCH_FLAGS : V4_BATCH_FLAGS;
  if ((flags & ~allowed) !== 0) throw new ProtocolError(`Invalid BATCH flags 0x${(flags & ~allowed).toString(16)} in protocol v${version}`);
}

export function encodeBatch(writer: BodyWriter, request: BatchRequest, version: number): void {
  writer.byte(BATCH_TYPES.indexOf(request.batchType));
  writer.short(request.statements.length);
  for (const statement of request.statements) {
    if (statement.kind === 'query') {
      writer.byte(0);
      writer.longString(statement.query);
    } else {
      writer.byte(1);
      writer.shortBytes(statement.id);
    }
    writer.short(statement.values.length);
    for (const value of statement.values) writer.value(value);
  }
  writer.consistency(request.consistency);
  let flags = 0;
  if (request.serialConsistency !== null) flags |= QueryFlag.withSerialConsistency;
  if (request.defaultTimestamp !== null) flags |= QueryFlag.withDefaultTimestamp;
  if (request.keyspace !== null) flags |= QueryFlag.withKeyspace;
  if (request.nowInSeconds !== null) flags |= QueryFlag.withNowInSeconds;
  if (version >= PROTOCOL_V5) writer.int(flags);
  else writer.byte(flags);
  if (request.serialConsistency !== null) writer.consistency(request.serialConsistency);
  if (request.defaultTimestamp !== null) writer.long(request.defaultTimestamp);
  if (request.keyspace !== null) writer.string(request.keyspace);
  if (request.nowInSeconds !== null) writer.int(request.nowInSeconds);
}
