/** AUTH_SUCCESS (spec 4.2.8): one [bytes] final token (null is fine); drivers treat it as READY. */

import type { BodyReader } from '../wire/body-reader.js';
import type { BodyWriter } from '../wire/body-writer.js';

export interface AuthSuccessResponse {
  readonly kind: 'auth-success';
  readonly token: Uint8Array | null;
}

export function encodeAuthSuccess(writer: BodyWriter, response: AuthSuccessResponse): void {
  writer.bytes(response.token);
}

export function decodeAuthSuccess(reader: BodyReader): AuthSuccessResponse {
  return { kind: 'auth-success', token: reader.bytes('SASL token') };
}
