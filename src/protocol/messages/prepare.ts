/**
 * PREPARE (spec 4.1.5): <query: [long string]>. v5 adds [int] flags, 0x01 followed by the
 * [string] keyspace the statement's unqualified names resolve to.
 */

import { PROTOCOL_V5 } from '../frame/protocol-version.js';
import { ProtocolError } from '../protocol-error.js';
import type { BodyReader } from '../wire/body-reader.js';
import type { BodyWriter } from '../wire/body-writer.js';

const WITH_KEYSPACE = 0x01;

export interface PrepareRequest {
  readonly kind: 'prepare';
  readonly query: string;
  /** v5 only. */
  readonly keyspace: string | null;
}

export function decodePrepare(reader: BodyReader, version: number): PrepareRequest {
  const query = reader.longString('query');
  if (version < PROTOCOL_V5) return { kind: 'prepare', query, keyspace: null };
  const flags = reader.int('prepare flags');
  if ((flags & ~WITH_KEYSPACE) !== 0) throw new ProtocolError(`Unknown PREPARE flags 0x${(flags & ~WITH_KEYSPACE).toString(16)}`);
  const keyspace = (flags & WITH_KEYSPACE) !== 0 ? reader.string('keyspace') : null;
  return { kind: 'prepare', query, keyspace };
}

export function encodePrepare(writer: BodyWriter, request: PrepareRequest, version: number): void {
  writer.longString(request.query);
  if (version < PROTOCOL_V5) return;
  writer.int(request.keyspace === null ? 0 : WITH_KEYSPACE);
  if (request.keyspace !== null) writer.string(request.keyspace);
}
