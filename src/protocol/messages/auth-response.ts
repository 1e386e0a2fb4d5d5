/** AUTH_RESPONSE (spec 4.1.2): one [bytes] SASL token (PasswordAuthenticator: PLAIN, `\0user\0password`). */

import type { BodyReader } from '../wire/body-reader.js';
import type { BodyWriter } from '../wire/body-writer.js';

export interface AuthResponseRequest {
  readonly kind: 'auth-response';
  readonly token: Uint8Array | null;
}

export function decodeAuthResponse(reader: BodyReader): AuthResponseRequest {
  return { kind: 'auth-response', token: reader.bytes('SASL token') };
}

export function encodeAuthResponse(writer: BodyWriter, request: AuthResponseRequest): void {
  writer.bytes(request.token);
}
