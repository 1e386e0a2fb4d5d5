/**
 * SUPPORTED (spec 4.2.4): a [string multimap] of STARTUP options and their values. The Python
 * driver needs CQL_VERSION (its first entry becomes its STARTUP CQL_VERSION) and COMPRESSION
 * (indexed directly); Node reads only PRODUCT_TYPE (cql-compat 1.4).
 */

import type { BodyReader } from '../wire/body-reader.js';
import type { BodyWriter } from '../wire/body-writer.js';

export interface SupportedResponse {
  readonly kind: 'supported';
  readonly options: ReadonlyMap<string, readonly string[]>;
}

export function encodeSupported(writer: BodyWriter, response: SupportedResponse): void {
  writer.stringMultimap(response.options);
}

export function decodeSupported(reader: BodyReader): SupportedResponse {
  return { kind: 'supported', options: reader.stringMultimap('supported options') };
}
