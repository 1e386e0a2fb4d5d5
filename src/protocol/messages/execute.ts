/**
 * EXECUTE (spec 4.1.6): <id: [short bytes]><query_parameters>; v5 sends the prepared
 * result_metadata_id ([short bytes]) after the id.
 */

import { PROTOCOL_V5 } from '../frame/protocol-version.js';
import type { BodyReader } from '../wire/body-reader.js';
import type { BodyWriter } from '../wire/body-writer.js';
import { decodeQueryParameters, encodeQueryParameters, type QueryParameters } from './query-parameters.js';

export interface ExecuteRequest {
  readonly kind: 'execute';
  readonly id: Uint8Array;
  /** v5 only. */
  readonly resultMetadataId: Uint8Array | null;
  readonly parameters: QueryParameters;
}

export function decodeExecute(reader: BodyReader, version: number): ExecuteRequest {
  const id = reader.shortBytes('prepared id');
  const resultMetadataId = version >= PROTOCOL_V5 ? reader.shortBytes('result metadata id') : null;
  return { kind: 'execute', id, resultMetadataId, parameters: decodeQueryParameters(reader, version) };
}

export function encodeExecute(writer: BodyWriter, request: ExecuteRequest, version: number): void {
  writer.shortBytes(request.id);
  if (version >= PROTOCOL_V5) writer.shortBytes(request.resultMetadataId ?? new Uint8Array(0));
  encodeQueryParameters(writer, request.parameters, version);
}
