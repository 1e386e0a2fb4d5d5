// The connection state machine over real loopback sockets: handshake rules, version refusal
// exactly as the drivers need it, per-stream errors that leave the connection up, header
// errors that close it, out-of-order replies, the in-flight limit and write back-pressure.

import fc from 'fast-check';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { nativeCqlType } from '../../../../src/cql/types/cql-type.js';
import { InvalidRequestError } from '../../../../src/lib/errors.js';
import { Opcode } from '../../../../src/protocol/frame/opcode.js';
import { plainQueryParameters } from '../../../../src/protocol/messages/query-parameters.js';
import type { Response } from '../../../../src/protocol/messages/response.js';
import type { Result } from '../../../../src/protocol/messages/result.js';
import { rowsMetadataOf } from '../../../../src/protocol/messages/rows-metadata.js';
import { NativeServer } from '../../../../src/protocol/server/native-server.js';
import type { NativeServerOptions } from '../../../../src/protocol/server/native-server-options.js';
import { NullBackend } from '../../../../src/protocol/server/null-backend.js';
import type { MaybePromise, ProtocolBackend, SessionView } from '../../../../src/protocol/server/protocol-backend.js';
import { RawClient } from '../helpers/raw-client.js';

const servers: NativeServer[] = [];
const clients: RawClient[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(backend: ProtocolBackend = new NullBackend(), options: Partial<NativeServerOptions> = {}): Promise<NativeServer> {
  const server = new NativeServer(backend, { host: '127.0.0.1', port: 0, ...options });
  await server.listen();
  servers.push(server);
  return server;
}

async function client(server: NativeServer): Promise<RawClient> {
  const c = await RawClient.connect(server.address!.port);
  clients.push(c);
  return c;
}

async function ready(server: NativeServer): Promise<RawClient> {
  const c = await client(server);
  c.send({ kind: 'startup', options: new Map([['CQL_VERSION', '3.0.0']]) });
  expect((await c.next()).response).toEqual({ kind: 'ready' });
  return c;
}

function query(text: string) {
  return { kind: 'query' as const, query: text, parameters: plainQueryParameters('ONE') };
}

function errorOf(response: Response): { kind: string; message: string } {
  if (response.kind !== 'error') throw new Error(`expected an error, got ${response.kind}`);
  return response.error;
}

/** A backend whose QUERY answers are released by the test, by query text. */
class ScriptedBackend implements ProtocolBackend {
  readonly calls: string[] = [];
  readonly sessions: SessionView[] = [];
  private readonly pending = new Map<string, (result: Result) => void>();
  answer: (text: string) => MaybePromise<Result> | null = () => null;

  query(text: string, _p: unknown, session: SessionView): MaybePromise<Result> {
    this.calls.push(text);
    this.sessions.push({ ...session });
    const given = this.answer(text);
    if (given !== null) return given;
    return new Promise((resolve) => this.pending.set(text, resolve));
  }

  release(text: string, result: Result = { kind: 'void' }): void {
    const resolve = this.pending.get(text);
    if (resolve === undefined) throw new Error(`no pending ${text}`);
    this.pending.delete(text);
    resolve(result);
  }

  prepare(): never {
    throw new InvalidRequestError('no prepare here');
  }

  execute(): never {
    throw new InvalidRequestError('no execute here');
  }

  batch(): Result {
    return { kind: 'void' };
  }
}

async function until(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('handshake', () => {
  it('OPTIONS before STARTUP: SUPPORTED with CQL_VERSION, COMPRESSION and PROTOCOL_VERSIONS', async () => {
    const c = await client(await serve());
    c.send({ kind: 'options' }, 3);
    const { header, response } = await c.next();
    expect(header.stream).toBe(3);
    expect(header.version).toBe(4);
    expect(header.direction).toBe('response');
    expect(response).toEqual({
      kind: 'supported',
      options: new Map([
        ['CQL_VERSION', ['3.4.6']],
        ['COMPRESSION', ['lz4']],
        ['PROTOCOL_VERSIONS', ['4/v4', '5/v5']],
      ]),
    });
  });

  it('a request before STARTUP is a protocol error, and the connection stays usable', async () => {
    const c = await client(await serve());
    c.send(query('SELECT * FROM t'), 1);
    expect(errorOf((await c.next()).response)).toEqual({ kind: 'protocol', message: 'Unexpected message QUERY, expecting STARTUP or OPTIONS' });
    c.send({ kind: 'register', eventTypes: ['SCHEMA_CHANGE'] }, 2);
    expect(errorOf((await c.next()).response).message).toBe('Unexpected message REGISTER, expecting STARTUP or OPTIONS');
    c.send({ kind: 'startup', options: new Map([['CQL_VERSION', '3.4.6']]) }, 3);
    expect((await c.next()).response).toEqual({ kind: 'ready' });
  });

  it('STARTUP twice is a protocol error', async () => {
    const c = await ready(await serve());
    c.send({ kind: 'startup', options: new Map([['CQL_VERSION', '3.0.0']]) }, 4);
    expect(errorOf((await c.next()).response).message).toBe('Unexpected message STARTUP, the connection is already initialized');
  });

  it.each([
    [new Map<string, string>(), 'Missing value CQL_VERSION in STARTUP message'],
    [new Map([['CQL_VERSION', '4.0.0']]), 'Unsupported CQL version 4.0.0: this server speaks CQL 3.4.6'],
    [new Map([['CQL_VERSION', '3.0.0'], ['COMPRESSION', 'snappy']]), 'Unknown compression algorithm: snappy'],
  ])('STARTUP %o is refused: %s', async (options, message) => {
    const c = await client(await serve());
    c.send({ kind: 'startup', options });
    expect(errorOf((await c.next()).response)).toEqual({ kind: 'protocol', message });
  });

  it('AUTH_RESPONSE without an authenticator is a protocol error', async () => {
    const c = await ready(await serve());
    c.send({ kind: 'auth-response', token: null });
    expect(errorOf((await c.next()).response).message).toBe('Unexpected message AUTH_RESPONSE, authentication is not required');
  });

  it('REGISTER answers READY; events reach only registered connections, on stream -1', async () => {
    const server = await serve();
    const registered = await ready(server);
    const other = await ready(server);
    registered.send({ kind: 'register', eventTypes: ['STATUS_CHANGE'] }, 9);
    expect(await registered.next()).toMatchObject({ header: { stream: 9 }, response: { kind: 'ready' } });
    const event = { type: 'STATUS_CHANGE' as const, change: 'UP' as const, node: { address: '127.0.0.2', port: 9042 } };
    server.publish(event);
    server.publish({ type: 'SCHEMA_CHANGE', change: { change: 'CREATED', target: 'KEYSPACE', keyspace: 'k' } });
    expect(await registered.next()).toMatchObject({ header: { stream: -1, opcode: Opcode.event }, response: { kind: 'event', event } });
    other.send({ kind: 'options' }, 1);
    expect((await other.next()).response.kind).toBe('supported');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(registered.pending + other.pending).toBe(0);
  });
});

describe('protocol version negotiation (cql-compat 1.5)', () => {
  async function refusalOf(firstFrame: string): Promise<{ header: { version: number; stream: number }; message: string; closed: boolean }> {
    const c = await client(await serve());
    c.sendRaw(Buffer.from(firstFrame.replace(/\s/g, ''), 'hex'));
    const { header, response } = await c.next();
    const closed = await Promise.race([c.closed.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 2000))]);
    return { header, message: errorOf(response).message, closed };
  }

  it("refuses the Node driver's STARTUP at 0x42 in a 0x85 header on its stream, then closes", async () => {
    const startup = '0001 000b 43514c5f56455253494f4e 0005 332e302e30';
    const refusal = await refusalOf(`42 00 0000 01 00000015 ${startup}`);
    expect(refusal).toEqual({
      header: expect.objectContaining({ version: 5, stream: 0 }),
      message: 'Invalid or unsupported protocol version (66); supported versions are (4/v4, 5/v5)',
      closed: true,
    });
  });

  it.each([
    ['0x42', 0x42, 66],
    ['0x41', 0x41, 65],
    ['6', 6, 6],
  ])("refuses the Python driver's OPTIONS at %s, so it walks down to v5", async (_name, versionByte, version) => {
    const refusal = await refusalOf(`${versionByte.toString(16).padStart(2, '0')} 00 0007 05 00000000`);
    expect(refusal.header).toMatchObject({ version: 5, stream: 7 });
    expect(refusal.message).toBe(`Invalid or unsupported protocol version (${version}); supported versions are (4/v4, 5/v5)`);
    expect(refusal.message).toContain('unsupported protocol version');
    expect(refusal.closed).toBe(true);
  });

  it('answers a v2 client in its own 8-byte header, then closes', async () => {
    const c = await client(await serve());
    c.sendRaw(Buffer.from('02 00 05 05 00000000'.replace(/\s/g, ''), 'hex'));
    await c.closed;
    const bytes = Buffer.concat(c.legacyChunks);
    const message = 'Invalid or unsupported protocol version (2); supported versions are (4/v4, 5/v5)';
    const bodyLength = 4 + 2 + message.length;
    expect(bytes.subarray(0, 8).toString('hex')).toBe(`82000500${bodyLength.toString(16).padStart(8, '0')}`);
    expect(bytes.readInt32BE(8)).toBe(0x000a);
    expect(bytes.subarray(14).toString()).toBe(message);
    expect(bytes.length).toBe(8 + bodyLength);
  });

  it('a response-direction frame from a client is refused and closed', async () => {
    const refusal = await refusalOf('84 00 0002 05 00000000');
    expect(refusal).toMatchObject({ header: { stream: 2 }, message: 'Wrong protocol direction (expected REQUEST, got RESPONSE)', closed: true });
  });
});

describe('errors on one stream do not take the connection down', () => {
  it('a malformed body, an unknown opcode, a negative stream: errors on their streams, then normal service', async () => {
    const c = await ready(await serve());
    c.sendRaw(Buffer.from('04 00 0005 07 00000003 000000'.replace(/\s/g, ''), 'hex'));
    expect(await c.next()).toMatchObject({ header: { stream: 5 }, response: { kind: 'error', error: { kind: 'protocol' } } });
    c.sendRaw(Buffer.from('04 00 0006 04 00000000'.replace(/\s/g, ''), 'hex'));
    expect(await c.next()).toMatchObject({ header: { stream: 6 }, response: { kind: 'error', error: { kind: 'protocol', message: 'Unknown opcode 0x04' } } });
    c.send({ kind: 'options' }, -3);
    expect(errorOf((await c.next()).response).message).toBe('Invalid stream id -3: client requests use 0 to 32767');
    c.send({ kind: 'options' }, 8);
    expect(await c.next()).toMatchObject({ header: { stream: 8 }, response: { kind: 'supported' } });
  });

  it("a backend's errors become ERROR bodies with their codes; bugs become Server errors", async () => {
    const backend = new ScriptedBackend();
    backend.answer = (text) => {
      if (text === 'invalid') throw new InvalidRequestError('unconfigured table t');
      if (text === 'rejects') return Promise.reject(new InvalidRequestError('later'));
      if (text === 'bug') throw new TypeError('x is undefined');
      if (text === 'bad rows') return { kind: 'rows', metadata: rowsMetadataOf([]), rows: [[new Uint8Array(1)]] };
      if (text === 'no result') return Promise.resolve(undefined as unknown as Result);
      return { kind: 'void' };
    };
    const c = await ready(await serve(backend));
    for (const [stream, text] of ['invalid', 'rejects', 'bug', 'bad rows', 'fine', 'no result'].entries()) c.send(query(text), stream);
    const replies = new Map<number, Response>();
    for (let i = 0; i < 6; i++) {
      const { header, response } = await c.next();
      replies.set(header.stream, response);
    }
    expect(replies.get(0)).toEqual({ kind: 'error', error: { kind: 'invalid', message: 'unconfigured table t' } });
    expect(replies.get(1)).toEqual({ kind: 'error', error: { kind: 'invalid', message: 'later' } });
    expect(replies.get(2)).toEqual({ kind: 'error', error: { kind: 'server', message: 'TypeError: x is undefined' } });
    expect(replies.get(3)).toMatchObject({ kind: 'error', error: { kind: 'server' } });
    expect(replies.get(4)).toEqual({ kind: 'result', result: { kind: 'void' } });
    expect(replies.get(5)).toMatchObject({ kind: 'error', error: { kind: 'server', message: expect.stringMatching(/^TypeError/) } });
  });

  it('an oversized frame is refused from its header and the connection closed', async () => {
    const c = await ready(await serve(new NullBackend(), { maxFrameBodyBytes: 100 }));
    c.sendRaw(Buffer.from('04 00 000c 07 00000065'.replace(/\s/g, ''), 'hex'));
    expect(await c.next()).toMatchObject({
      header: { stream: 12, version: 4 },
      response: { kind: 'error', error: { kind: 'protocol', message: 'Request is too big: length 101 exceeds maximum allowed length 100.' } },
    });
    await c.closed;
  });

  it('garbage streams never take the server down; a well-behaved client is served throughout', async () => {
    const server = await serve();
    const steady = await ready(server);
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 120 }), async (bytes) => {
        const socket = connect({ port: server.address!.port, host: '127.0.0.1' });
        socket.on('error', () => {});
        await new Promise((resolve) => socket.once('connect', resolve));
        socket.write(bytes);
        await new Promise((resolve) => setTimeout(resolve, 2));
        socket.destroy();
      }),
      { numRuns: 150 },
    );
    steady.send({ kind: 'options' }, 1);
    expect((await steady.next()).response.kind).toBe('supported');
  });
});

describe('streams and flow control', () => {
  it('replies go out as requests complete, each on its stream', async () => {
    const backend = new ScriptedBackend();
    const c = await ready(await serve(backend));
    c.send(query('slow'), 1);
    c.send(query('fast'), 2);
    await until(() => backend.calls.length === 2);
    backend.release('fast');
    expect((await c.next()).header.stream).toBe(2);
    backend.release('slow');
    expect((await c.next()).header.stream).toBe(1);
  });

  it('past the in-flight limit no further request is taken until one completes', async () => {
    const backend = new ScriptedBackend();
    const c = await ready(await serve(backend, { maxInFlightPerConnection: 2 }));
    for (let i = 0; i < 5; i++) c.send(query(`q${i}`), i);
    await until(() => backend.calls.length === 2);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(backend.calls).toEqual(['q0', 'q1']);
    backend.release('q1');
    await until(() => backend.calls.length === 3);
    for (const text of ['q0', 'q2']) backend.release(text);
    await until(() => backend.calls.length === 5);
    for (const text of ['q3', 'q4']) backend.release(text);
    const streams = new Set<number>();
    for (let i = 0; i < 5; i++) streams.add((await c.next()).header.stream);
    expect(streams).toEqual(new Set([0, 1, 2, 3, 4]));
  });

  it('a client that stops reading stops being served (write back-pressure), then catches up', async () => {
    const blob = new Uint8Array(1 << 20);
    const backend = new ScriptedBackend();
    backend.answer = () => ({ kind: 'rows', metadata: rowsMetadataOf([{ keyspace: 'ks', table: 't', name: 'b', type: nativeCqlType('blob')! }]), rows: [[blob]] });
    const c = await ready(await serve(backend));
    c.socket.pause();
    for (let i = 0; i < 100; i++) c.send(query(`q${i}`), i);
    await new Promise((resolve) => setTimeout(resolve, 300));
    // A few MiB fit in the socket buffers; the rest waits for the client to read.
    expect(backend.calls.length).toBeLessThan(50);
    c.socket.resume();
    for (let i = 0; i < 100; i++) await c.next();
    expect(backend.calls.length).toBe(100);
  });

  it('USE moves the session keyspace, which the backend sees on later requests', async () => {
    const backend = new ScriptedBackend();
    backend.answer = (text) => (text.startsWith('USE') ? { kind: 'set-keyspace', keyspace: 'ks1' } : { kind: 'void' });
    const c = await ready(await serve(backend));
    c.send(query('USE ks1'), 1);
    expect((await c.next()).response).toEqual({ kind: 'result', result: { kind: 'set-keyspace', keyspace: 'ks1' } });
    c.send(query('INSERT'), 2);
    await c.next();
    expect(backend.sessions.map((s) => s.keyspace)).toEqual([null, 'ks1']);
    expect(backend.sessions[1]).toMatchObject({ protocolVersion: 4, localAddress: '127.0.0.1', clientOptions: new Map([['CQL_VERSION', '3.0.0']]) });
  });

  it('skip_metadata gives Rows with No_metadata (the count, no column specs)', async () => {
    const c = await ready(await serve());
    c.send({ kind: 'query', query: 'SELECT * FROM system.local', parameters: { ...plainQueryParameters('ONE'), skipMetadata: true } }, 1);
    const { response } = await c.next();
    expect(response.kind === 'result' && response.result.kind === 'rows' && response.result.metadata.columns).toBeNull();
    expect(response.kind === 'result' && response.result.kind === 'rows' && response.result.metadata.columnCount).toBe(19);
  });

  it('closing the server cuts its client sockets', async () => {
    const server = await serve();
    const c = await ready(server);
    await server.close();
    servers.splice(servers.indexOf(server), 1);
    await c.closed;
    expect(server.connections.size).toBe(0);
  });
});

describe('node limits: request bytes, connections, idle time', () => {
  const startup = (extra: Array<[string, string]> = []) => ({ kind: 'startup' as const, options: new Map([['CQL_VERSION', '3.0.0'], ...extra]) });

  async function readyWith(server: NativeServer, extra: Array<[string, string]> = []): Promise<RawClient> {
    const c = await client(server);
    c.send(startup(extra));
    expect((await c.next()).response).toEqual({ kind: 'ready' });
    return c;
  }

  it('past the request-byte cap a THROW_ON_OVERLOAD client is answered Overloaded, and served again once bytes are released', async () => {
    const backend = new ScriptedBackend();
    const server = await serve(backend, { maxRequestBytesInFlight: 60 });
    const c = await readyWith(server, [['THROW_ON_OVERLOAD', '1']]);
    c.send(query('SELECT * FROM a_table_with_a_long_name'), 1);
    await until(() => backend.calls.length === 1);
    expect(server.requestBytesInFlight).toBeGreaterThan(30);
    c.send(query('SELECT * FROM another_long_table_name'), 2);
    const refused = await c.next();
    expect(refused.header.stream).toBe(2);
    expect(errorOf(refused.response)).toEqual({ kind: 'overloaded', message: expect.stringContaining('Server is in overloaded state') });
    backend.release('SELECT * FROM a_table_with_a_long_name');
    expect((await c.next()).header.stream).toBe(1);
    expect(server.requestBytesInFlight).toBe(0);
    backend.answer = () => ({ kind: 'void' });
    c.send(query('SELECT * FROM another_long_table_name'), 3);
    expect((await c.next()).response).toEqual({ kind: 'result', result: { kind: 'void' } });
  });

  it('past the cap any other client is pushed back (nothing read) until bytes are released, then served', async () => {
    const backend = new ScriptedBackend();
    const server = await serve(backend, { maxRequestBytesInFlight: 60 });
    const first = await readyWith(server);
    const second = await readyWith(server);
    first.send(query('SELECT * FROM a_table_with_a_long_name'), 1);
    await until(() => backend.calls.length === 1);
    second.send(query('SELECT * FROM another_long_table_name'), 1);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(backend.calls).toHaveLength(1);
    expect(second.pending).toBe(0);
    backend.release('SELECT * FROM a_table_with_a_long_name');
    await until(() => backend.calls.length === 2);
    backend.release('SELECT * FROM another_long_table_name');
    expect((await second.next()).response).toEqual({ kind: 'result', result: { kind: 'void' } });
    expect(server.requestBytesInFlight).toBe(0);
  });

  it('a request larger than the whole cap still runs when nothing else is in flight', async () => {
    const backend = new ScriptedBackend();
    backend.answer = () => ({ kind: 'void' });
    const server = await serve(backend, { maxRequestBytesInFlight: 10 });
    const c = await readyWith(server, [['THROW_ON_OVERLOAD', '1']]);
    c.send(query(`SELECT * FROM t WHERE k = '${'x'.repeat(200)}'`), 1);
    expect((await c.next()).response).toEqual({ kind: 'result', result: { kind: 'void' } });
  });

  it('a connection past the maximum is closed at once; the others are served', async () => {
    const server = await serve(new NullBackend(), { maxConnections: 2 });
    const kept = [await readyWith(server), await readyWith(server)];
    const refused = await client(server);
    await refused.closed;
    kept[0]!.send({ kind: 'options' }, 5);
    expect((await kept[0]!.next()).response.kind).toBe('supported');
  });

  it('an idle connection is closed after the idle timeout, one with a request running is not', async () => {
    const backend = new ScriptedBackend();
    const server = await serve(backend, { idleTimeoutMs: 150 });
    const idle = await readyWith(server);
    const busy = await readyWith(server);
    busy.send(query('SELECT * FROM slow'), 1);
    const started = Date.now();
    await idle.closed;
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
    await new Promise((resolve) => setTimeout(resolve, 300));
    backend.release('SELECT * FROM slow');
    expect((await busy.next()).header.stream).toBe(1);
  });
});
