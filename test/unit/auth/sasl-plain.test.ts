import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AuthenticationError } from '../../../src/auth/authentication-error.js';
import { decodePlainCredentials, encodePlainCredentials } from '../../../src/auth/sasl-plain.js';
import { CqlErrorCode } from '../../../src/lib/errors.js';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('SASL PLAIN tokens', () => {
  it('reads \\0user\\0password, and ignores an authorization id', () => {
    expect(decodePlainCredentials(bytes('\u0000cassandra\u0000secret'))).toEqual({ username: 'cassandra', password: 'secret' });
    expect(decodePlainCredentials(bytes('admin\u0000bob\u0000pw'))).toEqual({ username: 'bob', password: 'pw' });
    expect(decodePlainCredentials(bytes('\u0000Grüße\u0000пароль'))).toEqual({ username: 'Grüße', password: 'пароль' });
  });

  it.each([
    [null, 'Password must not be null'],
    ['', 'Password must not be null'],
    ['nonul', 'Password must not be null'],
    ['\u0000user\u0000', 'Password must not be null'],
    ['\u0000\u0000pw', 'Authentication ID must not be null'],
    ['userpw\u0000pw', 'Authentication ID must not be null'],
    ['a\u0000b\u0000c\u0000d', 'Credential format error: username or password is empty or contains NUL(\\0) character'],
  ])('refuses %j as Bad credentials: %s', (token, message) => {
    const decode = () => decodePlainCredentials(token === null ? null : bytes(token));
    expect(decode).toThrow(AuthenticationError);
    expect(decode).toThrow(message);
    try {
      decode();
    } catch (error) {
      expect((error as AuthenticationError).code).toBe(CqlErrorCode.badCredentials);
    }
  });

  it('reads back what a client encodes, for any name and password without NUL (property)', () => {
    const part = fc.string({ minLength: 1, maxLength: 30 }).filter((s) => !s.includes('\u0000'));
    fc.assert(
      fc.property(part, part, (username, password) => {
        expect(decodePlainCredentials(encodePlainCredentials(username, password))).toEqual({ username, password });
      }),
    );
  });
});
