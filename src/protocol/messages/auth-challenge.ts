/** AUTH_CHALLENGE (spec 4.2.7): one [bytes] SASL token; the client answers with AUTH_RESPONSE. */

import type { BodyReader } from '../wire/body-reader.js';
import type { BodyWriter } from '../wire/body-writer.js';

export interface AuthChallengeResponse {
  readonly kind: 'auth-challenge';
  readonly token: Uint8Array | null;
}

export function encodeAuthChallenge(writer: BodyWriter, response: AuthChallengeResponse): void {
  writer.bytes(response.token);
}

export function decodeAuthChallenge(reader: BodyReader): AuthChallengeResponse {
  return { kind: 'auth-challenge', token: reader.bytes('SASL token') };
}
