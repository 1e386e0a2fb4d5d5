/**
 * AUTHENTICATE (spec 4.2.3): the [string] class name of the authenticator, sent instead of
 * READY when STARTUP needs credentials (cql-compat 1.4:
 * org.apache.cassandra.auth.PasswordAuthenticator).
 */

import type { BodyReader } from '../wire/body-reader.js';
import type { BodyWriter } from '../wire/body-writer.js';

export interface AuthenticateResponse {
  readonly kind: 'authenticate';
  readonly authenticator: string;
}

export function encodeAuthenticate(writer: BodyWriter, response: AuthenticateResponse): void {
  writer.string(response.authenticator);
}

export function decodeAuthenticate(reader: BodyReader): AuthenticateResponse {
  return { kind: 'authenticate', authenticator: reader.string('authenticator') };
}
