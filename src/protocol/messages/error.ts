/**
 * ERROR (spec 4.2.1 and section 9): <code: [int]><message: [string]>, then the code's fields:
 *
 *   0x1000 Unavailable       [consistency] cl, [int] required, [int] alive
 *   0x1100 Write_timeout     [consistency] cl, [int] received, [int] blockfor, [string] write type
 *   0x1200 Read_timeout      [consistency] cl, [int] received, [int] blockfor, [byte] data_present
 *   0x1300 Read_failure      [consistency] cl, [int] received, [int] blockfor, [int] failures,
 *                            [byte] data_present
 *   0x1400 Function_failure  [string] keyspace, [string] function, [string list] argument types
 *   0x1500 Write_failure     [consistency] cl, [int] received, [int] blockfor, [int] failures,
 *                            [string] write type
 *   0x2400 Already_exists    [string] keyspace, [string] table ('' for a keyspace)
 *   0x2500 Unprepared        [short bytes] the unknown id
 *   every other code         nothing more
 *
 * In v5 the failure count becomes a reason map, [int] n then n × <endpoint [inetaddr]><reason
 * [short]>. The coordinators count failed replicas but do not keep their addresses, so the map
 * has one entry per failure at 0.0.0.0 with reason UNKNOWN (0x0000): the count a driver takes
 * from it is right, and a v5 client parses the body (the v4 shape would derail it).
 */

import type { ConsistencyLevel } from '../../cluster/consistency/consistency-level.js';
import type { WriteType } from '../../cluster/coordinator/consistency-errors.js';
import { assert, assertNever } from '../../lib/assert.js';
import { PROTOCOL_V4, PROTOCOL_V5 } from '../frame/protocol-version.js';
import { ProtocolError } from '../protocol-error.js';
import type { BodyReader } from '../wire/body-reader.js';
import type { BodyWriter } from '../wire/body-writer.js';

export const ErrorCode = {
  server: 0x0000,
  protocol: 0x000a,
  badCredentials: 0x0100,
  unavailable: 0x1000,
  overloaded: 0x1001,
  isBootstrapping: 0x1002,
  truncate: 0x1003,
  writeTimeout: 0x1100,
  readTimeout: 0x1200,
  readFailure: 0x1300,
  functionFailure: 0x1400,
  writeFailure: 0x1500,
  syntax: 0x2000,
  unauthorized: 0x2100,
  invalid: 0x2200,
  config: 0x2300,
  alreadyExists: 0x2400,
  unprepared: 0x2500,
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** The codes whose body is the message alone. */
export type PlainErrorKind = 'server' | 'protocol' | 'badCredentials' | 'overloaded' | 'isBootstrapping' | 'truncate' | 'syntax' | 'unauthorized' | 'invalid' | 'config';

interface Replicas {
  readonly consistency: ConsistencyLevel;
  readonly received: number;
  readonly blockFor: number;
}

export type ErrorBody =
  | { readonly kind: PlainErrorKind; readonly message: string }
  | { readonly kind: 'unavailable'; readonly message: string; readonly consistency: ConsistencyLevel; readonly required: number; readonly alive: number }
  | ({ readonly kind: 'writeTimeout'; readonly message: string; readonly writeType: WriteType } & Replicas)
  | ({ readonly kind: 'readTimeout'; readonly message: string; readonly dataPresent: boolean } & Replicas)
  | ({ readonly kind: 'readFailure'; readonly message: string; readonly failures: number; readonly dataPresent: boolean } & Replicas)
  | ({ readonly kind: 'writeFailure'; readonly message: string; readonly failures: number; readonly writeType: WriteType } & Replicas)
  | { readonly kind: 'functionFailure'; readonly message: string; readonly keyspace: string; readonly functionName: string; readonly argumentTypes: readonly string[] }
  | { readonly kind: 'alreadyExists'; readonly message: string; readonly keyspace: string; readonly table: string }
  | { readonly kind: 'unprepared'; readonly message: string; readonly id: Uint8Array };

export interface ErrorResponse {
  readonly kind: 'error';
  readonly error: ErrorBody;
}

export function errorResponse(error: ErrorBody): ErrorResponse {
  return { kind: 'error', error };
}

export function protocolErrorBody(message: string): ErrorBody {
  return { kind: 'protocol', message };
}

export function encodeError(writer: BodyWriter, error: ErrorBody, version = PROTOCOL_V4): void {
  writer.int(ErrorCode[error.kind]);
  writer.string(error.message);
  switch (error.kind) {
    case 'unavailable':
      writer.consistency(error.consistency);
      writer.int(error.required);
      writer.int(error.alive);
      return;
    case 'writeTimeout':
    case 'writeFailure':
      writeReplicas(writer, error);
      if (error.kind === 'writeFailure') writeFailures(writer, error.failures, version);
      writer.string(error.writeType);
      return;
    case 'readTimeout':
    case 'readFailure':
      writeReplicas(writer, error);
      if (error.kind === 'readFailure') writeFailures(writer, error.failures, version);
      writer.byte(error.dataPresent ? 1 : 0);
      return;
    case 'functionFailure':
      writer.string(error.keyspace);
      writer.string(error.functionName);
      writer.stringList(error.argumentTypes);
      return;
    case 'alreadyExists':
      writer.string(error.keyspace);
      writer.string(error.table);
      return;
    case 'unprepared':
      writer.shortBytes(error.id);
      return;
    case 'server':
    case 'protocol':
    case 'badCredentials':
    case 'overloaded':
    case 'isBootstrapping':
    case 'truncate':
    case 'syntax':
    case 'unauthorized':
    case 'invalid':
    case 'config':
      return;
    default:
      assertNever(error, 'error body');
  }
}

function writeReplicas(writer: BodyWriter, replicas: Replicas): void {
  writer.consistency(replicas.consistency);
  writer.int(replicas.received);
  writer.int(replicas.blockFor);
}

const kindByCode = new Map<number, ErrorBody['kind']>(Object.entries(ErrorCode).map(([kind, code]) => [code, kind as ErrorBody['kind']]));

export function decodeError(reader: BodyReader, version = PROTOCOL_V4): ErrorBody {
  const code = reader.int('error code');
  const message = reader.string('error message');
  const kind = kindByCode.get(code);
  if (kind === undefined) throw new ProtocolError(`Unknown error code 0x${code.toString(16).padStart(4, '0')}`);
  const replicas = (): Replicas => ({ consistency: reader.consistency('consistency'), received: reader.int('received'), blockFor: reader.int('block for') });
  switch (kind) {
    case 'unavailable':
      return { kind, message, consistency: reader.consistency('consistency'), required: reader.int('required'), alive: reader.int('alive') };
    case 'writeTimeout':
      return { kind, message, ...replicas(), writeType: reader.string('write type') as WriteType };
    case 'writeFailure': {
      const known = replicas();
      return { kind, message, ...known, failures: readFailures(reader, version), writeType: reader.string('write type') as WriteType };
    }
    case 'readTimeout':
      return { kind, message, ...replicas(), dataPresent: reader.byte('data present') !== 0 };
    case 'readFailure': {
      const known = replicas();
      return { kind, message, ...known, failures: readFailures(reader, version), dataPresent: reader.byte('data present') !== 0 };
    }
    case 'functionFailure':
      return { kind, message, keyspace: reader.string('keyspace'), functionName: reader.string('function'), argumentTypes: reader.stringList('argument types') };
    case 'alreadyExists':
      return { kind, message, keyspace: reader.string('keyspace'), table: reader.string('table') };
    case 'unprepared':
      return { kind, message, id: reader.shortBytes('prepared id') };
    default:
      return { kind, message };
  }
}

/** Reason UNKNOWN (RequestFailureReason), for replicas whose failure was counted, not named. */
const UNKNOWN_FAILURE_REASON = 0x0000;

/** More failures than any replica set has is a bug, not something to write out entry by entry. */
const FAILURES_MAX = 1024;

function writeFailures(writer: BodyWriter, failures: number, version: number): void {
  assert(failures >= 0 && failures <= FAILURES_MAX, `failure count ${failures}`);
  writer.int(failures);
  if (version < PROTOCOL_V5) return;
  for (let i = 0; i < failures; i++) {
    writer.byte(4);
    writer.raw(Uint8Array.of(0, 0, 0, 0));
    writer.short(UNKNOWN_FAILURE_REASON);
  }
}

function readFailures(reader: BodyReader, version: number): number {
  const failures = reader.int('failures');
  if (version < PROTOCOL_V5) return failures;
  if (failures < 0 || failures > FAILURES_MAX) throw new ProtocolError(`failure count ${failures}`);
  for (let i = 0; i < failures; i++) {
    reader.inetAddr('failure endpoint');
    reader.short('failure reason');
  }
  return failures;
}
