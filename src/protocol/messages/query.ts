/** QUERY (spec 4.1.4): <query: [long string]><query_parameters>. */

import type { BodyReader } from '../wire/body-reader.js';
import type { BodyWriter } from '../wire/body-writer.js';
import { decodeQueryParameters, encodeQueryParameters, type QueryParameters } from './query-parameters.js';

export interface QueryRequest {
  readonly kind: 'query';
  readonly query: string;
  readonly parameters: QueryParameters;
}

export function decodeQuery(reader: BodyReader, version: number): QueryRequest {
  const query = reader.longString('query');
  return { kind: 'query', query, parameters: decodeQueryParameters(reader, version) };
}

export function encodeQuery(writer: BodyWriter, request: QueryRequest, version: number): void {
  writer.longString(request.query);
  encodeQueryParameters(writer, request.parameters, version);
}
