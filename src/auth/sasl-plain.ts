/**
 * The SASL PLAIN token of an AUTH_RESPONSE (RFC 4616): `[authzid] NUL authcid NUL passwd`,
 * read as Cassandra's PlainTextSaslAuthenticator reads it: from the end, so the password is
 * after the last NUL and the user after the one before; an authorization id, if any, is
 * ignored. Its messages are Cassandra's.
 */

import { AuthenticationError } from './authentication-error.js';

export interface PlainCredentials {
  readonly username: string;
  readonly password: string;
}

const NUL = 0;
const utf8 = new TextDecoder('utf-8', { fatal: false });

export function decodePlainCredentials(token: Uint8Array | null): PlainCredentials {
  const bytes = token ?? new Uint8Array(0);
  let password: Uint8Array | null = null;
  let username: Uint8Array | null = null;
  let end = bytes.length;
  for (let i = bytes.length - 1; i >= 0; i--) {
    if (bytes[i] !== NUL) continue;
    if (password === null) password = bytes.subarray(i + 1, end);
    else if (username === null) username = bytes.subarray(i + 1, end);
    else throw new AuthenticationError('Credential format error: username or password is empty or contains NUL(\\0) character');
    end = i;
  }
  if (password === null || password.length === 0) throw new AuthenticationError('Password must not be null');
  if (username === null || username.length === 0) throw new AuthenticationError('Authentication ID must not be null');
  return { username: utf8.decode(username), password: utf8.decode(password) };
}

/** The token a client sends (tests and the shell speak it). */
export function encodePlainCredentials(username: string, password: string): Uint8Array {
  const encoder = new TextEncoder();
  const user = encoder.encode(username);
  const pass = encoder.encode(password);
  const token = new Uint8Array(2 + user.length + pass.length);
  token.set(user, 1);
  token.set(pass, 2 + user.length);
  return token;
}
