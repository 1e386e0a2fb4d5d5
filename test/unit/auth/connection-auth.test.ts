// The connection's authentication states over real loopback sockets: STARTUP answered
// AUTHENTICATE, SASL rounds (challenge, then success), requests refused until the login as
// Cassandra refuses them, the logged-in role handed to the backend, a refused answer that may
// be answered again. The authenticator here takes two rounds, which PasswordAuthenticator
// never needs, so the AUTH_CHALLENGE path is exercised too.

import { afterEach, describe, expect, it } from 'vitest';
import { AuthenticationError } from '../../../src/auth/authentication-error.js';
import type { Authenticator, SaslNegotiator, SaslStep } from '../../../src/auth/authenticator.js';
import { plainQueryParameters } from '../../../src/protocol/messages/query-parameters.js';
import type { Result } from '../../../src/protocol/messages/result.js';
import { NativeServer } from '../../../src/protocol/server/native-server.js';
import { NullBackend } from '../../../src/protocol/server/null-backend.js';
import type { SessionView } from '../../../src/protocol/server/protocol-backend.js';
import { RawClient } from '../protocol/helpers/raw-client.js';

const text = (value: string): Uint8Array => new TextEncoder().encode(value);

/** Round 1: any token, answered with the challenge `nonce`; round 2: `nonce:<user>` logs in as user, anything else is refused. */
class TwoRoundAuthenticator implements Authenticator {
  readonly className = 'test.TwoRoundAuthenticator';
  newSaslNegotiator(): SaslNegotiator {
    let round = 0;
    return {
      evaluateResponse: async (token): Promise<SaslStep> => {
        round++;
        if (round === 1) return { kind: 'challenge', token: text('nonce') };
        const answer = new TextDecoder().decode(token ?? new Uint8Array(0));
        if (!answer.startsWith('nonce:')) throw new AuthenticationError(`bad answer ${answer}`);
        return { kind: 'success', user: answer.slice('nonce:'.length), token: text('welcome') };
      },
    };
  }
}

class AuthenticatingBackend extends NullBackend {
  readonly authenticator = new TwoRoundAuthenticator();
  readonly users: (string | null | undefined)[] = [];
  override query(query: string, parameters: unknown, session: SessionView): Result {
    this.users.push(session.user);
    return super.query(query, parameters, session);
  }
}

const servers: NativeServer[] = [];
const clients: RawClient[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function connect(backend: AuthenticatingBackend): Promise<RawClient> {
  const server = new NativeServer(backend, { host: '127.0.0.1', port: 0 });
  await server.listen();
  servers.push(server);
  const client = await RawClient.connect(server.address!.port);
  clients.push(client);
  return client;
}

const query = (q: string) => ({ kind: 'query' as const, query: q, parameters: plainQueryParameters('ONE') });

describe('a connection to a server with an authenticator', () => {
  it('answers STARTUP with AUTHENTICATE, runs SASL rounds, and serves once logged in', async () => {
    const backend = new AuthenticatingBackend();
    const c = await connect(backend);
    c.send({ kind: 'startup', options: new Map([['CQL_VERSION', '3.0.0']]) });
    expect((await c.next()).response).toEqual({ kind: 'authenticate', authenticator: 'test.TwoRoundAuthenticator' });
    for (const [request, name] of [[query('SELECT 1'), 'QUERY'], [{ kind: 'options' as const }, 'OPTIONS'], [{ kind: 'register' as const, eventTypes: ['SCHEMA_CHANGE' as const] }, 'REGISTER']] as const) {
      c.send(request, 1);
      expect((await c.next()).response).toEqual({ kind: 'error', error: { kind: 'protocol', message: `Unexpected message ${name}, expecting SASL_RESPONSE` } });
    }
    c.send({ kind: 'auth-response', token: text('hello') }, 2);
    expect((await c.next()).response).toEqual({ kind: 'auth-challenge', token: Buffer.from('nonce') });
    c.send({ kind: 'auth-response', token: text('wrong') }, 3);
    expect((await c.next()).response).toEqual({ kind: 'error', error: { kind: 'badCredentials', message: 'bad answer wrong' } });
    // Refused, the connection is still authenticating: another answer may follow.
    c.send({ kind: 'auth-response', token: text('nonce:alice') }, 4);
    expect((await c.next()).response).toEqual({ kind: 'auth-success', token: Buffer.from('welcome') });
    c.send(query('SELECT * FROM system.local'), 5);
    expect((await c.next()).response).toMatchObject({ kind: 'result', result: { kind: 'rows' } });
    expect(backend.users).toEqual(['alice']);
    c.send({ kind: 'auth-response', token: text('nonce:bob') }, 6);
    expect((await c.next()).response).toEqual({ kind: 'error', error: { kind: 'protocol', message: 'Unexpected message AUTH_RESPONSE, the connection is already authenticated' } });
    c.send({ kind: 'startup', options: new Map([['CQL_VERSION', '3.0.0']]) }, 7);
    expect((await c.next()).response).toMatchObject({ kind: 'error', error: { kind: 'protocol' } });
  });

  it('keeps each connection its own login', async () => {
    const backend = new AuthenticatingBackend();
    const [a, b] = [await connect(backend), await connect(backend)];
    for (const [client, user] of [[a, 'ann'], [b, 'ben']] as const) {
      client.send({ kind: 'startup', options: new Map([['CQL_VERSION', '3.0.0']]) });
      await client.next();
      client.send({ kind: 'auth-response', token: null }, 1);
      await client.next();
      client.send({ kind: 'auth-response', token: text(`nonce:${user}`) }, 2);
      expect((await client.next()).response.kind).toBe('auth-success');
    }
    b.send(query('SELECT 1'), 3);
    await b.next();
    a.send(query('SELECT 1'), 3);
    await a.next();
    expect(backend.users).toEqual(['ben', 'ann']);
  });
});
